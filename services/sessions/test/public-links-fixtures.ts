import { randomToken, sha256Hex } from '@parley/auth';
import type { CreateLinkBody, LinkAccess } from '@parley/contracts';
import type { SessionsHarness } from './sessions-harness.js';

export interface SeededLink {
  tenantId: string;
  agentName: string;
  linkId: string;
  token: string;
  /** The link as the gateway resolves it, by its token's hash, through the links service. */
  access(): Promise<LinkAccess>;
  update(changes: Record<string, unknown>): Promise<void>;
}

/** A tenant, an agent of `config` and a public link on it, made through the links service. */
export async function seedLink(h: SessionsHarness, config: unknown, settings: Partial<CreateLinkBody> = {}): Promise<SeededLink> {
  const agentName = `agent-${randomToken(6)
    .toLowerCase()
    .replace(/[^a-z0-9]/g, 'x')}`;
  const { tenantId } = await h.seedAgent(config, agentName);
  const link = await h.client.request('links.links.create', {
    tenantId,
    agentName,
    settings: { title: 'Help', ...settings } as CreateLinkBody,
    publicBaseUrl: 'https://chat.example.com',
  });
  return {
    tenantId,
    agentName,
    linkId: link.id,
    token: link.token,
    access: () => h.client.request('links.links.resolve', { tokenHash: sha256Hex(link.token) }),
    update: async (changes) => {
      await h.client.request('links.links.update', { tenantId, agentName, linkId: link.id, changes });
    },
  };
}

/** The refusal a promise ends with (an AppError from the bus), or a failure if it succeeded. */
export async function refusal(promise: Promise<unknown>): Promise<{ code: string; details: any; message: string }> {
  try {
    await promise;
  } catch (error) {
    return error as { code: string; details: any; message: string };
  }
  throw new Error('expected a refusal');
}
