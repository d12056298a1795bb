import { useEffect, useState } from 'preact/hooks';
import { Problem } from '../ui/problem';
import { t } from '../words';

type BuilderModule = typeof import('./builder/workflow-builder');

/** The builder's code and its layout library, loaded once an agent's page needs them: the rest of the console never does. */
function useBuilder() {
  const [builder, setBuilder] = useState<BuilderModule>();
  const [error, setError] = useState<unknown>();
  useEffect(() => {
    import('./builder/workflow-builder').then(setBuilder, setError);
  }, []);
  return { builder, waiting: error === undefined ? <p class="muted">{t('common.loading')}</p> : <Problem error={error} /> };
}

/** A version's workflow as a graph to edit, in step with its JSON text (docs/guide.md "The console"). */
export function BuilderSection(props: {
  text: string;
  onText(text: string): void;
  problems: readonly { path: string; message: string }[];
  readOnly: boolean;
  /** How many problems the builder's check finds: saving waits for none. */
  onCheck?(problems: number): void;
}) {
  const { builder, waiting } = useBuilder();
  return builder ? <builder.WorkflowBuilder {...props} /> : waiting;
}

/** The playground's graph: the nodes the last turn passed (its transitions, else the node it stayed at), highlighted. */
export function PathSection(props: { config: unknown; transitions: readonly { from_node: string; to_node: string }[]; node: string }) {
  const { builder, waiting } = useBuilder();
  return builder ? <builder.WorkflowPath {...props} /> : waiting;
}
