import { A2A_PROTOCOL_VERSION, AgentCard, type AgentSkill } from '@a2a-js/sdk';
import { A2A_LEGACY_PROTOCOL_VERSION, duplicateInterfacesForLegacy } from '@a2a-js/sdk/compat/v0_3';
import type { LinkAccess } from '@parley/contracts';
import { z } from 'zod';

/**
 * A link as an A2A agent (docs/open-protocols.md "A2A"): its card names the link, says what the
 * link's agent does as skills, and points at the link's JSON-RPC endpoint, served to clients of
 * the protocol's current version and of 0.3 (the SDK's compatibility layer).
 */

/** The link's JSON-RPC endpoint, under the deployment's public address (PUBLIC_BASE_URL). */
export function a2aEndpoint(publicBaseUrl: string, token: string): string {
  return `${publicBaseUrl.replace(/\/+$/, '')}/a2a/${token}`;
}

/** A version in [0.3, 1.0), or none at all: what the SDK's compatibility layer answers in 0.3. */
export function isLegacyVersion(version: string | undefined): boolean {
  if (version === undefined || version.trim() === '') return true;
  const [major, minor] = version.trim().split('.').map(Number);
  return major === 0 && minor !== undefined && minor >= 3;
}

/** The intents of an agent's workflow nodes, read loosely: a config is the links service's to check. */
const configIntents = z.object({
  workflow: z.object({
    nodes: z.array(
      z.object({
        intents: z.array(z.object({ name: z.string(), description: z.string().optional(), keywords: z.array(z.string()).optional() })).optional(),
      }),
    ),
  }),
});

/** How many intents a card names at most: a card is read by every client that finds the link. */
const MAX_SKILLS = 20;

const skill = (id: string, name: string, description: string, tags: string[]): AgentSkill => ({
  id,
  name,
  description,
  tags,
  examples: [],
  inputModes: [],
  outputModes: [],
  securityRequirements: [],
});

/**
 * What the agent does: the conversation the link offers, then each intent its workflow tells
 * apart (docs/workflow.md "Intents"), with its keywords as tags.
 */
export function skillsOf(link: LinkAccess, config: unknown): AgentSkill[] {
  const conversation = skill('conversation', link.title, link.description ?? link.welcomeMessage ?? `A conversation with ${link.agentName}`, ['chat']);
  const parsed = configIntents.safeParse(config);
  const intents = parsed.success ? parsed.data.workflow.nodes.flatMap((node) => node.intents ?? []) : [];
  const named = new Map<string, AgentSkill>();
  for (const intent of intents) {
    if (named.size >= MAX_SKILLS) break;
    if (!named.has(intent.name)) named.set(intent.name, skill(`intent:${intent.name}`, intent.name, intent.description ?? intent.name, intent.keywords ?? []));
  }
  return [conversation, ...named.values()];
}

/** The link's card as the protocol's current version has it: one JSON-RPC interface, declared for 1.0 and for 0.3. */
export function agentCardOf(link: LinkAccess, endpoint: string, options: { version: number | null; skills: AgentSkill[] }): AgentCard {
  const current = { url: endpoint, protocolBinding: 'JSONRPC', tenant: '', protocolVersion: A2A_PROTOCOL_VERSION };
  return {
    name: link.title,
    description: link.description ?? `A conversation with ${link.agentName}`,
    supportedInterfaces: duplicateInterfacesForLegacy([current], ['JSONRPC']),
    provider: undefined,
    version: options.version === null ? '1' : String(options.version),
    capabilities: { streaming: true, pushNotifications: false, extensions: [], extendedAgentCard: false },
    securitySchemes: {},
    securityRequirements: [],
    defaultInputModes: ['text/plain'],
    defaultOutputModes: ['text/plain'],
    skills: options.skills,
    signatures: [],
  };
}

/** The card as JSON, in the shape `version` reads: 0.3's fields (with the current interfaces too), or the current card. */
export function agentCardJson(card: AgentCard, version: string | undefined): Record<string, unknown> {
  if (!isLegacyVersion(version)) return AgentCard.toJSON(card) as Record<string, unknown>;
  // The 0.3 card the SDK's compatibility layer serves, its current interfaces embedded for clients that read both.
  const legacy = card.supportedInterfaces.filter((face) => isLegacyVersion(face.protocolVersion));
  const [primary, ...others] = legacy;
  return {
    name: card.name,
    description: card.description,
    version: card.version,
    url: primary?.url,
    preferredTransport: primary?.protocolBinding,
    protocolVersion: primary?.protocolVersion || A2A_LEGACY_PROTOCOL_VERSION,
    capabilities: { streaming: card.capabilities?.streaming ?? false, pushNotifications: card.capabilities?.pushNotifications ?? false },
    defaultInputModes: card.defaultInputModes,
    defaultOutputModes: card.defaultOutputModes,
    skills: card.skills.map(({ id, name, description, tags, examples }) => ({ id, name, description, tags, ...(examples.length > 0 ? { examples } : {}) })),
    ...(others.length > 0 ? { additionalInterfaces: others.map((face) => ({ url: face.url, transport: face.protocolBinding })) } : {}),
    supportedInterfaces: (AgentCard.toJSON(card) as { supportedInterfaces: unknown }).supportedInterfaces,
  };
}
