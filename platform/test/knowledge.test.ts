import { readFileSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseDocument } from '@parley/knowledge';
import {
  byPurpose,
  createTestContext,
  type FakeHandler,
  type FakeLlm,
  freePort,
  linkTestKeyEnv,
  startFakeLlm,
  type TestContext,
  waitFor,
} from '@parley/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { pdfOf, projectDoc } from '../../libs/knowledge/test-fixtures/build-documents.js';
import { type ManagedProcess, PROCESS_READY_MS, startService, waitForHttp } from './process-harness.js';
import { manage, type RawResponse, SignedClient } from './signed-client.js';

const ADMIN_KEY = 'knowledge-admin-key-0123456789';
const CHAT_SECRET = 'knowledge-chat-secret-0123456789';
const BASE_NAME = 'Parley handbook';

/** Answered only by the PDF (docs/deployment.md "Redis with Sentinel"), in a visitor's words. */
const PDF_QUESTION = 'How quickly should the Redis sentinels decide that the primary is down?';
/** What the PDF's passage says, and what the answer must carry to the visitor. */
const PDF_FACT = 'down-after-milliseconds';
/** Nothing in the three documents is about this. */
const UNANSWERED = 'Can I pay for a kayak rental with a gift voucher?';

/** The system prompt's passages as docs/workflow.md "Knowledge" numbers them: `[n] (source)`, then the passage's text. */
function passagesIn(system: string): { n: number; text: string }[] {
  const starts = [...system.matchAll(/^\[(\d{1,2})\] \(.*\)$/gm)];
  return starts.map((start, i) => ({
    n: Number(start[1]),
    text: system.slice((start.index ?? 0) + start[0].length, starts[i + 1]?.index ?? system.length).trim(),
  }));
}

/**
 * The model: answers with the sentence of a passage that holds the fact asked about, marking it
 * with the passage's number; given passages that do not hold it, or none, it says it does not
 * know and marks nothing.
 */
const handbookModel: FakeHandler = (req) => {
  const system = (req.body.messages ?? [])
    .filter((m) => m.role === 'system')
    .map((m) => (typeof m.content === 'string' ? m.content : ''))
    .join('\n');
  for (const passage of passagesIn(system)) {
    const sentence = passage.text
      .replace(/\s+/g, ' ')
      .split(/(?<=[.!?])\s+/)
      .find((each) => each.includes(PDF_FACT));
    if (sentence) return { content: `${sentence} [${passage.n}]` };
  }
  return { content: 'I do not know; nothing I was given says.' };
};

/** The agent: a greeting, then a prompt node that answers from the base. */
const agentConfig = {
  llm: { model: 'gpt-4o-mini' },
  workflow: {
    initial_node: 'hello',
    nodes: [
      { id: 'hello', name: 'Hello', static_text: 'Ask me about running Parley.', transitions: [{ to: 'answer', condition: 'user_responded' }] },
      {
        id: 'answer',
        name: 'Answer',
        prompt: 'You answer questions about running Parley.',
        knowledge: { bases: [BASE_NAME], top_k: 4 },
        transitions: [{ to: 'answer', condition: 'user_responded' }],
      },
    ],
  },
};

/** A web page on loopback, as a help centre would serve it. */
async function startSite(html: string): Promise<{ url: string; server: Server }> {
  const server = createServer((req, res) => {
    if (req.url !== '/docs/mcp.html') {
      res.writeHead(404).end();
      return;
    }
    res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' }).end(html);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, server };
}

interface Service {
  proc: ManagedProcess;
  health: string;
}

/**
 * A knowledge base end to end with every service a process of its own (docs/knowledge.md,
 * docs/workflow.md "Knowledge"): a Markdown file, a PDF and a web page read by the memory service
 * into passages, an agent whose prompt node answers from them through the Text Chat API and cites
 * the PDF, and a question none of them answers kept as a knowledge gap.
 */
describe('knowledge, each service its own process', () => {
  let ctx: TestContext;
  let llm: FakeLlm;
  let site: Awaited<ReturnType<typeof startSite>>;
  let uploadsDir: string;
  const services: Record<string, Service> = {};
  let gatewayUrl: string;
  let chat: SignedClient;
  let tenantId: string;
  let agentId: string;
  let baseId: string;
  const documentIds: Record<'markdown' | 'pdf' | 'html', string> = { markdown: '', pdf: '', html: '' };

  const start = async (service: string, vars: Record<string, string>) => {
    const port = String(await freePort());
    services[service] = { proc: startService(service, { ...vars, HEALTH_PORT: port }), health: `http://127.0.0.1:${port}` };
    await waitForHttp(`${services[service].health}/readyz`, services[service].proc, { timeoutMs: PROCESS_READY_MS });
  };
  const api = <T = any>(method: string, path: string, body?: unknown) => manage<T>(gatewayUrl, ADMIN_KEY, method, path, body, tenantId);
  /** `POST …/documents` with the file as a multipart part, as a browser's form sends it. */
  const upload = async (filename: string, bytes: Uint8Array, type: string): Promise<RawResponse> => {
    const form = new FormData();
    form.append('file', new Blob([new Uint8Array(bytes)], { type }), filename);
    const response = await fetch(`${gatewayUrl}/api/knowledge/${baseId}/documents`, {
      method: 'POST',
      headers: { authorization: `Bearer ${ADMIN_KEY}`, 'x-tenant-id': tenantId },
      body: form,
    });
    return { status: response.status, headers: response.headers, body: await response.json() };
  };
  const outputs = () =>
    Object.values(services)
      .map((s) => s.proc.describe(15))
      .join('\n');

  beforeAll(async () => {
    ctx = await createTestContext({ name: 'knowledge' });
    llm = await startFakeLlm({ handler: byPurpose({ reply: handbookModel }) });
    site = await startSite(readFileSync(new URL('../../libs/knowledge/test-fixtures/mcp.html', import.meta.url), 'utf8'));
    // The upload store the gateway puts files in and the memory service reads them from.
    uploadsDir = await mkdtemp(join(tmpdir(), 'parley-knowledge-e2e-'));
    const common = {
      NATS_URL: ctx.natsUrl,
      REDIS_URL: ctx.redisUrl,
      BUS_NAMESPACE: ctx.namespace,
      LOG_LEVEL: 'info',
      SHUTDOWN_TIMEOUT_SECONDS: '5',
    };
    const withDb = { ...common, DATABASE_URL: ctx.databaseUrl, ...linkTestKeyEnv };
    // Passages and questions embedded with the same model, by the memory service and the runners alike.
    const llmVars = { OPENAI_BASE_URL: llm.url, OPENAI_API_KEY: 'fake-key', LLM_MAX_RETRIES: '0', EMBEDDING_MODEL: 'text-embedding-3-small' };
    const port = await freePort();
    gatewayUrl = `http://127.0.0.1:${port}`;
    await Promise.all([
      start('gateway', { ...common, ADMIN_API_KEY: ADMIN_KEY, CHAT_API_SECRET: CHAT_SECRET, PORT: String(port), HOST: '127.0.0.1', UPLOADS_DIR: uploadsDir }),
      start('links', withDb),
      start('sessions', withDb),
      start('agent-runner', { ...common, ...llmVars }),
      // The web page is on loopback: the memory service fetches it only with KNOWLEDGE_ALLOW_PRIVATE.
      start('memory', { ...withDb, ...llmVars, UPLOADS_DIR: uploadsDir, KNOWLEDGE_ALLOW_PRIVATE: 'true' }),
    ]);
    chat = new SignedClient(gatewayUrl, CHAT_SECRET);
    const tenant = await manage(gatewayUrl, ADMIN_KEY, 'POST', '/api/tenants', { name: 'Handbook desk' });
    expect(tenant.status, JSON.stringify(tenant.body)).toBe(201);
    tenantId = tenant.body.id;
  }, 150_000);

  afterAll(async () => {
    await Promise.all(Object.values(services).map((s) => s.proc.stop(5_000)));
    await Promise.all([llm?.close(), new Promise((resolve) => (site ? site.server.close(resolve) : resolve(undefined)))]);
    await ctx?.cleanup();
    if (uploadsDir) await rm(uploadsDir, { recursive: true, force: true });
  });

  it('a base takes a Markdown file, a PDF and a web page by its address: each is read into passages and listed ready with its count', async () => {
    const base = await api('POST', '/api/knowledge', { name: BASE_NAME, language: 'english' });
    expect(base.status, JSON.stringify(base.body)).toBe(201);
    baseId = base.body.id;

    const markdown = await upload('operations.md', projectDoc('operations.md'), 'text/markdown');
    expect(markdown.status, JSON.stringify(markdown.body)).toBe(202);
    expect(markdown.body).toMatchObject({ title: 'operations', media_type: 'text/markdown', status: 'processing' });
    documentIds.markdown = markdown.body.id;

    // docs/deployment.md printed: its sections as a word processor sets them, headings larger.
    const deployment = await parseDocument({ bytes: projectDoc('deployment.md'), mediaType: 'text/markdown' });
    const { bytes, pages } = await pdfOf(deployment.sections, { title: 'Deployment' });
    expect(pages).toBeGreaterThan(1);
    const pdf = await upload('deployment-guide.pdf', bytes, 'application/pdf');
    expect(pdf.status, JSON.stringify(pdf.body)).toBe(202);
    expect(pdf.body).toMatchObject({ title: 'deployment-guide', media_type: 'application/pdf', status: 'processing' });
    documentIds.pdf = pdf.body.id;

    const pageUrl = `${site.url}/docs/mcp.html`;
    const page = await api('POST', `/api/knowledge/${baseId}/documents`, { url: pageUrl });
    expect(page.status, JSON.stringify(page.body)).toBe(202);
    expect(page.body).toMatchObject({ url: pageUrl, status: 'processing' });
    documentIds.html = page.body.id;

    // The memory service reads them in the background; the list says when it is done.
    const documents = await waitFor(
      async () => {
        const listed = await api('GET', `/api/knowledge/${baseId}/documents`);
        expect(listed.status, JSON.stringify(listed.body)).toBe(200);
        const all = listed.body.documents as { id: string; status: string; chunks: number }[];
        return all.length === 3 && all.every((d) => d.status !== 'processing') ? all : false;
      },
      { timeoutMs: 60_000, intervalMs: 200 },
    ).catch((error: unknown) => {
      throw new Error(`the documents were not read: ${String(error)}\n${outputs()}`);
    });
    const byId = new Map(documents.map((d) => [d.id, d]));
    expect(byId.get(documentIds.markdown)).toMatchObject({ title: 'operations', status: 'ready', chunks: expect.any(Number) });
    expect(byId.get(documentIds.pdf)).toMatchObject({ title: 'deployment-guide', status: 'ready', chunks: expect.any(Number) });
    expect(byId.get(documentIds.html)).toMatchObject({ url: pageUrl, status: 'ready', chunks: expect.any(Number) });
    for (const document of documents) expect(document.chunks, JSON.stringify(document)).toBeGreaterThan(0);
    // The base counts what it holds.
    const total = documents.reduce((sum, d) => sum + d.chunks, 0);
    expect((await api('GET', `/api/knowledge/${baseId}`)).body).toMatchObject({ documents: 3, chunks: total });
  }, 90_000);

  it('an agent answering from the base: a question only the PDF answers is answered from it, citing the PDF by id and title', async () => {
    expect(baseId, 'the base of the first test').toBeTruthy();
    const agent = await api('POST', '/api/agents', { name: 'handbook', config: agentConfig });
    expect(agent.status, JSON.stringify(agent.body)).toBe(201);
    agentId = agent.body.id;

    const session = await chat.createSession({ tenant_id: tenantId, agent_id: agentId });
    expect(session.status, JSON.stringify(session.body)).toBe(201);
    const answered = await chat.send(session.body.session_id, PDF_QUESTION);
    expect(answered.status, JSON.stringify(answered.body)).toBe(200);
    // The answer says what the PDF says, with the marker of the passage it came from.
    expect(answered.body.response).toContain(PDF_FACT);
    expect(answered.body.response).toContain('5000 ms or less');
    const marker = Number(answered.body.response.match(/\[(\d+)\]$/)?.[1]);
    expect(marker).toBeGreaterThanOrEqual(1);
    expect(marker).toBeLessThanOrEqual(4);
    expect(answered.body.citations).toEqual([{ n: marker, document_id: documentIds.pdf, title: 'deployment-guide', chunk_id: expect.stringMatching(/^chk_/) }]);
    // The question was embedded for the search (EMBEDDING_MODEL): the answer came from hybrid retrieval.
    expect(llm.embeddings.some((e) => e.inputs.includes(PDF_QUESTION))).toBe(true);

    // The conversation keeps the citations on the answer.
    const transcript = await api('GET', `/api/conversations/${session.body.conversation_id}`);
    expect(transcript.status, JSON.stringify(transcript.body)).toBe(200);
    const reply = (transcript.body.messages as { role: string; content: string; citations?: unknown }[]).at(-1);
    expect(reply).toMatchObject({ role: 'assistant', content: answered.body.response, citations: answered.body.citations });
  }, 30_000);

  it('a question no document answers: no passage, no marker, citations: [], and it is listed as a knowledge gap', async () => {
    expect(agentId, 'the agent of the test before').toBeTruthy();
    // What a prompt node retrieves for it: nothing.
    const searched = await api('GET', `/api/knowledge/${baseId}/search?q=${encodeURIComponent(UNANSWERED)}&limit=4`);
    expect(searched.status, JSON.stringify(searched.body)).toBe(200);
    expect(searched.body.results).toEqual([]);

    const session = await chat.createSession({ tenant_id: tenantId, agent_id: agentId });
    expect(session.status, JSON.stringify(session.body)).toBe(201);
    const reply = await chat.send(session.body.session_id, UNANSWERED);
    expect(reply.status, JSON.stringify(reply.body)).toBe(200);
    expect(reply.body.response).toBe('I do not know; nothing I was given says.');
    expect(reply.body.response).not.toMatch(/\[\d+\]/);
    expect(reply.body.citations).toEqual([]);
    // The model was told it had no passage, so it had nothing to cite.
    const asked = llm.requests.filter((r) => JSON.stringify(r.body.messages).includes('kayak rental')).at(-1);
    expect(JSON.stringify(asked?.body.messages)).toContain('No passage of the knowledge base matches this question');

    const gaps = await api('GET', '/api/agents/handbook/knowledge-gaps');
    expect(gaps.status, JSON.stringify(gaps.body)).toBe(200);
    // Only the unanswered question: the one the PDF answered is no gap.
    expect(gaps.body.gaps).toEqual([
      { question: UNANSWERED, bases: [BASE_NAME], conversation_id: session.body.conversation_id, created_at: expect.any(String) },
    ]);
  }, 30_000);
});
