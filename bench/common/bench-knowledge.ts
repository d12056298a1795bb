import { randomBytes } from 'node:crypto';
import { performance } from 'node:perf_hooks';
import { crc32, deflateSync } from 'node:zlib';
import { docsCorpus } from '@parley/knowledge/test-fixtures';
import { PDFDocument, StandardFonts } from 'pdf-lib';
import { BENCH_BASE, managementPost } from './bench-agent.js';

/**
 * What the knowledge agent's visitors ask, in turn: questions the docs answer, worded as a user
 * would, so that every turn's search finds passages and its reply cites one.
 */
export const BENCH_QUESTIONS = [
  'How do I run the database migrations?',
  'How is a Text Chat API request signed?',
  'What happens when a visitor asks for a human?',
  'Can I delete everything kept about one visitor?',
  'Where are the files visitors upload kept?',
  'How long does a public link stay open?',
  'Which roles can a team member have?',
  'How are webhooks signed?',
];

/** A GET of the management API as the tenant; answers the 200 body. */
export async function managementGet(url: string, adminKey: string, path: string, tenantId: string): Promise<any> {
  const response = await fetch(`${url}${path}`, { headers: { authorization: `Bearer ${adminKey}`, 'x-tenant-id': tenantId } });
  const text = await response.text();
  if (response.status !== 200) throw new Error(`GET ${path} answered ${response.status}: ${text}`);
  return JSON.parse(text);
}

/** A text document, as JSON (202: read in the background). */
async function addText(url: string, adminKey: string, tenantId: string, baseId: string, title: string, text: string): Promise<void> {
  const response = await fetch(`${url}/api/knowledge/${baseId}/documents`, {
    method: 'POST',
    headers: { authorization: `Bearer ${adminKey}`, 'x-tenant-id': tenantId, 'content-type': 'application/json' },
    body: JSON.stringify({ title, text }),
  });
  if (response.status !== 202) throw new Error(`adding ${title} answered ${response.status}: ${await response.text()}`);
}

interface DocumentRow {
  id: string;
  title: string;
  status: 'processing' | 'ready' | 'failed';
  chunks: number;
  error?: string;
}

/** The base's documents once none is processing; a failed one fails the bench. */
async function settled(url: string, adminKey: string, tenantId: string, baseId: string, timeoutMs: number): Promise<DocumentRow[]> {
  const deadline = performance.now() + timeoutMs;
  for (;;) {
    const { documents } = (await managementGet(url, adminKey, `/api/knowledge/${baseId}/documents`, tenantId)) as { documents: DocumentRow[] };
    const failed = documents.find((document) => document.status === 'failed');
    if (failed) throw new Error(`the bench document "${failed.title}" failed: ${failed.error}`);
    if (documents.every((document) => document.status === 'ready')) return documents;
    if (performance.now() > deadline) throw new Error(`the bench base's documents were not ready within ${timeoutMs / 1000} s`);
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
}

export interface SeededBase {
  id: string;
  chunks: number;
  documents: number;
  /** Seconds from the first document sent to the last one ready. */
  ingestS: number;
}

/**
 * The tenant's bench base, through the management API as a team would fill it: every docs file as a
 * text document, one copy first to learn how many chunks a copy makes, then as many more copies
 * (titled apart) as reach `chunks`. Each copy is the same text, so every search finds as many
 * passages per copy as a real base of that size would find in one.
 */
export async function seedKnowledgeBase(url: string, adminKey: string, tenantId: string, chunks: number, log: (line: string) => void): Promise<SeededBase> {
  const base = await managementPost(url, adminKey, '/api/knowledge', { name: BENCH_BASE, language: 'english' }, tenantId);
  const corpus = await docsCorpus();
  const started = performance.now();
  const addCopy = async (copy: number) => {
    for (const doc of corpus) await addText(url, adminKey, tenantId, base.id, `${doc.name} (copy ${copy})`, doc.text);
  };
  await addCopy(1);
  const first = await settled(url, adminKey, tenantId, base.id, 120_000);
  const perCopy = first.reduce((sum, document) => sum + document.chunks, 0);
  const copies = Math.max(1, Math.ceil(chunks / perCopy));
  log(`knowledge: a copy of the docs is ${corpus.length} documents, ${perCopy} chunks; ${copies} copies`);
  for (let copy = 2; copy <= copies; copy++) await addCopy(copy);
  const documents = await settled(url, adminKey, tenantId, base.id, 600_000);
  const ingestS = (performance.now() - started) / 1000;
  const total = documents.reduce((sum, document) => sum + document.chunks, 0);
  log(`knowledge: ${documents.length} documents, ${total} chunks, ready in ${ingestS.toFixed(1)} s`);
  return { id: base.id, chunks: total, documents: documents.length, ingestS };
}

export interface SearchLatency {
  searches: number;
  p50Ms: number;
  p99Ms: number;
}

/**
 * The search route's latency on an otherwise idle stack (GET /api/knowledge/{id}/search through the
 * gateway to the memory service): the bench's questions in turn, each answered with passages.
 */
export async function measureSearch(url: string, adminKey: string, tenantId: string, baseId: string, searches: number): Promise<SearchLatency> {
  const ask = async (question: string) => {
    const { results } = await managementGet(url, adminKey, `/api/knowledge/${baseId}/search?q=${encodeURIComponent(question)}&limit=4`, tenantId);
    if (results.length === 0) throw new Error(`the bench base found nothing for "${question}"`);
  };
  // Once each before timing: a connection's first search plans and reads its pages cold.
  for (const question of BENCH_QUESTIONS) await ask(question);
  const times: number[] = [];
  for (let i = 0; i < searches; i++) {
    const started = performance.now();
    await ask(BENCH_QUESTIONS[i % BENCH_QUESTIONS.length] as string);
    times.push(performance.now() - started);
  }
  times.sort((a, b) => a - b);
  const at = (q: number) => times[Math.min(times.length - 1, Math.ceil(q * times.length) - 1)] ?? 0;
  return { searches, p50Ms: at(0.5), p99Ms: at(0.99) };
}

/** A PNG of random pixels: what a scanned page's picture costs a file, since it does not compress. */
function noisePng(width: number, height: number): Uint8Array {
  const row = 1 + width * 3;
  const raw = randomBytes(row * height);
  // Each row's filter byte: none.
  for (let y = 0; y < height; y++) raw[y * row] = 0;
  const chunk = (type: string, data: Buffer) => {
    const length = Buffer.alloc(4);
    length.writeUInt32BE(data.length);
    const body = Buffer.concat([Buffer.from(type, 'ascii'), data]);
    const crc = Buffer.alloc(4);
    crc.writeUInt32BE(crc32(body));
    return Buffer.concat([length, body, crc]);
  };
  const header = Buffer.alloc(13);
  header.writeUInt32BE(width, 0);
  header.writeUInt32BE(height, 4);
  header[8] = 8; // bit depth
  header[9] = 2; // RGB
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk('IHDR', header),
    chunk('IDAT', deflateSync(raw, { level: 1 })),
    chunk('IEND', Buffer.alloc(0)),
  ]);
}

/**
 * A manual as a team would upload it: the docs' text set on A4 pages (twice over), with a
 * full-page picture every few pages, until the file is `bytes` long – 20 MiB, the largest
 * document the API takes, is mostly pictures, as such files are. Returns the bytes and its pages.
 */
export async function manualPdf(bytes: number): Promise<{ bytes: Uint8Array; pages: number }> {
  const pdf = await PDFDocument.create();
  pdf.setTitle('Bench manual');
  const font = await pdf.embedFont(StandardFonts.Helvetica);
  const known = new Set(font.getCharacterSet());
  const corpus = await docsCorpus();
  const text = [...corpus, ...corpus].map((doc) =>
    Array.from(doc.text, (char) => (char === '\n' || known.has(char.codePointAt(0) ?? 0) ? char : ' ')).join(''),
  );
  const lines = text.flatMap((doc) => doc.split('\n').flatMap((line) => line.match(/.{1,95}(\s|$)/g) ?? ['']));
  const [width, height] = [595, 842];
  const perPage = 64;
  for (let at = 0; at < lines.length; at += perPage) {
    const page = pdf.addPage([width, height]);
    lines.slice(at, at + perPage).forEach((line, i) => {
      page.drawText(line.trimEnd(), { x: 40, y: height - 40 - i * 12, size: 9, font });
    });
  }
  // Pictures of 1.5 MB each (random pixels do not compress), the last one smaller, until the file
  // is as large as asked and no larger: a page and an image object cost under OVERHEAD bytes.
  const OVERHEAD = 4096;
  const side = 700;
  let size = (await pdf.save()).length;
  for (let i = 0; size + OVERHEAD < bytes; i++) {
    const rows = Math.min(side, Math.floor((bytes - size - OVERHEAD) / (side * 3 + 1)));
    if (rows < 1) break;
    const picture = await pdf.embedPng(noisePng(side, rows));
    const page = pdf.insertPage(Math.min(pdf.getPageCount(), (i + 1) * 8), [width, height]);
    page.drawImage(picture, { x: 40, y: 100, width: 515, height: (515 * rows) / side });
    size += rows * (side * 3 + 1) + OVERHEAD;
  }
  const saved = await pdf.save();
  return { bytes: saved, pages: pdf.getPageCount() };
}

/** A file document sent as the console sends it (multipart `file`); answers its id. */
export async function uploadDocument(url: string, adminKey: string, tenantId: string, baseId: string, name: string, bytes: Uint8Array): Promise<string> {
  const form = new FormData();
  form.append('file', new Blob([bytes], { type: 'application/pdf' }), name);
  const response = await fetch(`${url}/api/knowledge/${baseId}/documents`, {
    method: 'POST',
    headers: { authorization: `Bearer ${adminKey}`, 'x-tenant-id': tenantId },
    body: form,
  });
  const text = await response.text();
  if (response.status !== 202) throw new Error(`uploading ${name} answered ${response.status}: ${text}`);
  return (JSON.parse(text) as { id: string }).id;
}

/** How long the document took to be read, from its upload to `ready`; a failed one fails the bench. */
export async function readyAfter(url: string, adminKey: string, tenantId: string, baseId: string, documentId: string, timeoutMs: number): Promise<number> {
  const started = performance.now();
  for (;;) {
    const document = (await managementGet(url, adminKey, `/api/knowledge/${baseId}/documents/${documentId}`, tenantId)) as DocumentRow;
    if (document.status === 'failed') throw new Error(`the bench manual failed: ${document.error}`);
    if (document.status === 'ready') return performance.now() - started;
    if (performance.now() - started > timeoutMs) throw new Error(`the bench manual was not ready within ${timeoutMs / 1000} s`);
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
}
