import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type FakeLlm, launchChromium, startFakeLlm } from '@parley/testing';
import type { Browser, Page } from 'playwright-core';
import { type GatewayHarness, startGatewayHarness } from './gateway-harness.js';
import { type ServedGateway, serveGateway } from './served-gateway.js';

/** A phone, as the chat page is mostly opened from a shared link. */
export const PHONE = { viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true };

/** What the visitors' page tests run against: the fake LLM, a live gateway on a real port, and Chromium. */
export interface VisitorPages {
  h: GatewayHarness;
  llm: FakeLlm;
  gateway: ServedGateway;
  browser: Browser;
  stop(): Promise<void>;
}

export async function startVisitorPages(): Promise<VisitorPages> {
  const llm = await startFakeLlm();
  const h = await startGatewayHarness({}, { live: {}, llmBaseUrl: llm.url });
  const gateway = await serveGateway(h);
  const browser = await launchChromium();
  return {
    h,
    llm,
    gateway,
    browser,
    async stop() {
      await browser.close();
      await h.stop();
      await llm.close();
    },
  };
}

/** Greets, answers each message with the language model (which sees the files it carries), ends on "bye". */
export const filesAgent = {
  llm: { model: 'gpt-4o-mini' },
  workflow: {
    initial_node: 'hello',
    nodes: [
      {
        id: 'hello',
        name: 'Hello',
        static_text: 'Ask me anything about your repair.',
        transitions: [
          { to: 'done', condition: 'contains:bye' },
          { to: 'answer', condition: 'user_responded' },
        ],
      },
      {
        id: 'answer',
        name: 'Answer',
        prompt: 'You are a helpful assistant.',
        transitions: [
          { to: 'done', condition: 'contains:bye' },
          { to: 'answer', condition: 'user_responded' },
        ],
      },
      { id: 'done', name: 'Done', type: 'end', static_text: 'Glad I could help.' },
    ],
  },
};

export const TEN_MIB = 10 * 1024 * 1024;

/** A link to filesAgent taking images, PDFs and text up to 10 MiB, on a fresh tenant. */
export async function filesLink(h: GatewayHarness, publicBaseUrl: string, settings: Record<string, unknown> = {}) {
  const agent = await h.seedAgent(filesAgent, 'repairs');
  const link = await h.bus.request('links.links.create', {
    tenantId: agent.tenantId,
    agentName: agent.name,
    settings: {
      title: 'Spoke & Chain front desk',
      welcome_message: 'Hello! Send us a photo of the damage.',
      rate_limit_per_minute: 100,
      uploads: { enabled: true, max_bytes: TEN_MIB, types: ['image/png', 'image/jpeg', 'application/pdf', 'text/plain'] },
      ...settings,
    } as never,
    publicBaseUrl,
  });
  return { ...agent, token: link.token, linkId: link.id };
}

/** A photo-like PNG (sky, road, a wheel), drawn by the browser itself: real image bytes of a size a screenshot shows. */
export async function drawnPng(page: Page): Promise<Buffer> {
  // Runs in the page (a string: this file is compiled without the DOM's types).
  const base64 = (await page.evaluate(`(async () => {
    const canvas = new OffscreenCanvas(320, 200);
    const g = canvas.getContext('2d');
    const sky = g.createLinearGradient(0, 0, 0, 200);
    sky.addColorStop(0, '#7dd3fc');
    sky.addColorStop(1, '#e0f2fe');
    g.fillStyle = sky;
    g.fillRect(0, 0, 320, 200);
    g.fillStyle = '#4b5563';
    g.fillRect(0, 150, 320, 50);
    g.lineWidth = 10;
    g.strokeStyle = '#111827';
    g.beginPath();
    g.arc(160, 110, 60, 0, Math.PI * 2);
    g.stroke();
    g.strokeStyle = '#dc2626';
    g.lineWidth = 4;
    g.beginPath();
    g.moveTo(120, 70);
    g.lineTo(200, 150);
    g.stroke();
    const blob = await canvas.convertToBlob({ type: 'image/png' });
    const bytes = new Uint8Array(await blob.arrayBuffer());
    let text = '';
    for (const byte of bytes) text += String.fromCharCode(byte);
    return btoa(text);
  })()`)) as string;
  return Buffer.from(base64, 'base64');
}

export interface TestFile {
  name: string;
  type: string;
  bytes: Buffer;
}

/** Page code building a DataTransfer that holds the files: what a drop or a paste carries. */
const transferCode = (files: TestFile[]) => `((files) => {
  const transfer = new DataTransfer();
  for (const f of files) transfer.items.add(new File([Uint8Array.from(atob(f.base64), (c) => c.charCodeAt(0))], f.name, { type: f.type }));
  return transfer;
})(${JSON.stringify(files.map((f) => ({ name: f.name, type: f.type, base64: f.bytes.toString('base64') })))})`;

/**
 * Drags the files over the element and drops them, as the browser reports it: dragenter and
 * dragover first (`whileOver` runs then, with the files over the element), then drop.
 */
export async function dropFiles(page: Page, selector: string, files: TestFile[], whileOver: () => Promise<void> = async () => undefined) {
  const dataTransfer = await page.evaluateHandle(transferCode(files));
  await page.dispatchEvent(selector, 'dragenter', { dataTransfer });
  await page.dispatchEvent(selector, 'dragover', { dataTransfer });
  await whileOver();
  await page.dispatchEvent(selector, 'drop', { dataTransfer });
}

/** Pastes the files into the focused element (inside the widget's shadow root too), as a copied file is pasted. */
export async function pasteFiles(page: Page, files: TestFile[]) {
  // Runs in the page (a string: this file is compiled without the DOM's types).
  await page.evaluate(`(() => {
    let target = document.activeElement;
    while (target && target.shadowRoot && target.shadowRoot.activeElement) target = target.shadowRoot.activeElement;
    target.dispatchEvent(new ClipboardEvent('paste', { clipboardData: ${transferCode(files)}, bubbles: true, cancelable: true, composed: true }));
  })()`);
}

const pickedFolders = new Set<string>();

function removePickedFolders(): void {
  for (const folder of pickedFolders) rmSync(folder, { recursive: true, force: true });
  pickedFolders.clear();
}

/**
 * Files as a visitor picks them: from disk. Chromium takes a picked file by its path at once,
 * while bytes handed over the DevTools protocol cost about half a second per megabyte – a 20 MB
 * file would spend the test's patience before the page saw it. The folder goes when the test's
 * process ends.
 */
export function onDisk(files: Array<{ name: string; buffer: Buffer }>): string[] {
  const folder = mkdtempSync(join(tmpdir(), 'parley-picked-'));
  // One exit listener for every folder: one each would pass Node's limit of 10 in a file that picks often.
  if (pickedFolders.size === 0) process.once('exit', removePickedFolders);
  pickedFolders.add(folder);
  return files.map(({ name, buffer }) => {
    const path = join(folder, name);
    writeFileSync(path, buffer);
    return path;
  });
}

/** Text as a visitor reads it: without the marks that keep a file's name apart from the sentence around it. */
export const readable = (text: string | null) => (text ?? '').replace(/[\u2068\u2069]/g, '');
