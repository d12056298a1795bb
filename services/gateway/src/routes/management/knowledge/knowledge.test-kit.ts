import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { KnowledgeDocument, Role } from '@parley/contracts';
import { waitFor } from '@parley/testing';
import { fileUploadStore, type UploadStore } from '@parley/uploads';
import { expect } from 'vitest';
import type { GatewayHarness, InjectResult } from '../../../../test/gateway-harness.js';
import { type FormPart, multipartBody } from '../../../../test/upload-fixtures.js';

/** A tenant with an owner key and a key of each lesser role. */
export interface KnowledgeTenant {
  tenantId: string;
  keys: Record<Role, string>;
}

export async function knowledgeTenant(h: GatewayHarness, name = 'Knowledge'): Promise<KnowledgeTenant> {
  const { tenantId, key: owner } = await h.seedTenant(name);
  const keys = { owner } as Record<Role, string>;
  for (const role of ['editor', 'operator', 'viewer'] as const) {
    const made = await h.withKey(owner, 'POST', '/api/keys', { name: `${role} key`, role });
    expect(made.status, made.text).toBe(201);
    keys[role] = made.body.key;
  }
  return { tenantId, keys };
}

/** A base made with `key` (an editor's or above); fails the test unless it is created. */
export async function createBase(h: GatewayHarness, key: string, body: Record<string, unknown> = { name: 'Help centre' }): Promise<{ id: string }> {
  const created = await h.withKey(key, 'POST', '/api/knowledge', body);
  expect(created.status, created.text).toBe(201);
  return created.body;
}

/** `POST /api/knowledge/{id}/documents` with a multipart body: the file part, then any other parts. */
export function uploadDocument(
  h: GatewayHarness,
  key: string,
  baseId: string,
  file: { filename: string; data: Buffer | string; type?: string },
  more: FormPart[] = [],
): Promise<InjectResult> {
  const body = multipartBody([{ name: 'file', ...file }, ...more]);
  return h.inject({
    method: 'POST',
    url: `/api/knowledge/${baseId}/documents`,
    headers: { authorization: `Bearer ${key}`, 'content-type': body.contentType },
    payload: body.payload,
  });
}

/** The document once the memory service has read it (`ready` or `failed`), as its route answers it. */
export async function settled(h: GatewayHarness, key: string, baseId: string, documentId: string): Promise<KnowledgeDocument> {
  return waitFor(
    async () => {
      const got = await h.withKey(key, 'GET', `/api/knowledge/${baseId}/documents/${documentId}`);
      expect(got.status, got.text).toBe(200);
      return got.body.status === 'processing' ? false : (got.body as KnowledgeDocument);
    },
    { timeoutMs: 15_000 },
  );
}

/** A help-centre page in Markdown: a question a visitor would ask finds its second section. */
export const RETURNS_MARKDOWN = [
  '# Returns and repairs',
  '',
  '## Returns',
  '',
  'You may return a bike within 30 days of purchase, with its receipt, for a full refund.',
  '',
  '## Repairs',
  '',
  'Punctures are mended while you wait; other repairs take up to a week.',
  '',
].join('\n');

/** An upload store in a folder of its own that remembers the key of every file put into it. */
export async function recordingUploads(): Promise<{ store: UploadStore; keys: string[]; remove(): Promise<void> }> {
  const dir = await mkdtemp(join(tmpdir(), 'parley-knowledge-'));
  const files = fileUploadStore(dir);
  const keys: string[] = [];
  const store: UploadStore = {
    put: (key, body, options) => {
      keys.push(key);
      return files.put(key, body, options);
    },
    open: (key) => files.open(key),
    delete: (key) => files.delete(key),
    deletePrefix: (prefix) => files.deletePrefix(prefix),
    close: () => files.close(),
  };
  return { store, keys, remove: () => rm(dir, { recursive: true, force: true }) };
}
