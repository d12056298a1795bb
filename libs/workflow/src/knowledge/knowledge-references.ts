/**
 * Every knowledge base a config's prompt nodes name in `knowledge.bases` (an id `kb_…` or a
 * name), with where: a config naming one the tenant does not have is refused on save
 * (docs/workflow.md "Validation"), as one naming a secret it does not have is.
 */
export function knowledgeBaseReferences(config: {
  workflow: { nodes: ReadonlyArray<{ knowledge?: { bases: readonly string[] } | undefined }> };
}): { name: string; path: (string | number)[] }[] {
  return config.workflow.nodes.flatMap((node, nodeIndex) =>
    (node.knowledge?.bases ?? []).map((name, index) => ({ name, path: ['workflow', 'nodes', nodeIndex, 'knowledge', 'bases', index] })),
  );
}
