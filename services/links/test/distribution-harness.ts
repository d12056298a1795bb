import { createRequire } from 'node:module';
import { Worker } from 'node:worker_threads';
import { randomToken, sha256Hex } from '@parley/auth';
import { createTestContext, Teardown, type TestContext } from '@parley/testing';
import { BulkLinkRepository } from '../src/distribution/bulk-link.repository.js';
import {
  type Distribution,
  type DistributionItem,
  type DistributionOptions,
  defaultDistributionOptions,
  type LinkMailer,
  type LinkSmsSender,
  smtpLinkMailer,
  startDistribution,
} from '../src/distribution/index.js';
import { newLinkId } from '../src/links/link.service.js';
import { RegistryRepository } from '../src/store/registry.repository.js';
import { sayingAgent } from './links-harness.js';

/** Quick retries, polls and timeouts, loopback receivers allowed: what most distribution tests run with. */
export const testDistributionOptions: DistributionOptions = {
  ...defaultDistributionOptions,
  allowPrivate: true,
  retryDelaysSeconds: [1, 1, 1],
  pollIntervalMs: 100,
  // Long enough that a loaded machine never times out a send the receiver then gets (it would be
  // sent again): tests of timeouts set their own.
  attemptTimeoutMs: 10_000,
  firstAttemptWaitMs: 8_000,
};

/** A mail the SMTP server accepted, its MIME parts decoded. */
export interface ReceivedMail {
  from: string;
  to: string[];
  subject: string;
  text: string;
  html: string;
}

/**
 * A real SMTP server on loopback (smtp-server) that keeps what it accepts and refuses the
 * recipients it is told to. It runs in a worker thread, as a mail server runs apart from the
 * platform: its work does not share the test's event loop, so the time a bulk send takes is the
 * sender's. A mail is in `received` before the server answers 250 for it.
 */
export interface SmtpSink {
  /** `smtp://127.0.0.1:<port>` */
  url: string;
  received: ReceivedMail[];
  /** RCPT TO these addresses is answered 550 until `accept`. */
  refuse(...addresses: string[]): Promise<void>;
  accept(...addresses: string[]): Promise<void>;
  /** Recipients refused so far, in order (one entry per refused RCPT). */
  refusals: string[];
  close(): Promise<void>;
}

/** The worker's code: plain CommonJS, as vitest does not compile a worker's source. */
const smtpWorker = `
const { parentPort, workerData } = require('node:worker_threads');
const { SMTPServer } = require(workerData.smtpServer);
const refused = new Set();
const answers = new Map();
let mails = 0;
const server = new SMTPServer({
  authOptional: true,
  // Plain SMTP on loopback: no STARTTLS offered (its certificate would be self-signed).
  disabledCommands: ['STARTTLS', 'AUTH'],
  // No reverse DNS of 127.0.0.1 for every connection.
  disableReverseLookup: true,
  logger: false,
  onRcptTo(address, _session, callback) {
    const to = address.address.toLowerCase();
    if (!refused.has(to)) return callback();
    parentPort.postMessage({ type: 'refused', to });
    callback(Object.assign(new Error('mailbox ' + to + ' unavailable'), { responseCode: 550 }));
  },
  onData(stream, session, callback) {
    const chunks = [];
    stream.on('data', (chunk) => chunks.push(chunk));
    stream.on('end', () => {
      const id = ++mails;
      // 250 only once the test has the mail.
      answers.set(id, callback);
      parentPort.postMessage({
        type: 'mail',
        id,
        from: session.envelope.mailFrom ? session.envelope.mailFrom.address : '',
        to: session.envelope.rcptTo.map((rcpt) => rcpt.address),
        raw: Buffer.concat(chunks).toString('utf8'),
      });
    });
  },
});
parentPort.on('message', (message) => {
  if (message.type === 'kept') {
    answers.get(message.id)();
    answers.delete(message.id);
    return;
  }
  if (message.type === 'refuse') for (const address of message.addresses) refused.add(address);
  if (message.type === 'accept') for (const address of message.addresses) refused.delete(address);
  if (message.type === 'close') server.close(() => parentPort.postMessage({ type: 'done', id: message.id }));
  else parentPort.postMessage({ type: 'done', id: message.id });
});
server.listen(0, '127.0.0.1', () => parentPort.postMessage({ type: 'listening', port: server.server.address().port }));
`;

type WorkerMessage =
  | { type: 'listening'; port: number }
  | { type: 'refused'; to: string }
  | { type: 'done'; id: number }
  | { type: 'mail'; id: number; from: string; to: string[]; raw: string };

export async function startSmtpSink(): Promise<SmtpSink> {
  const received: ReceivedMail[] = [];
  const refusals: string[] = [];
  const worker = new Worker(smtpWorker, { eval: true, workerData: { smtpServer: createRequire(import.meta.url).resolve('smtp-server') } });
  const done = new Map<number, () => void>();
  let requests = 0;
  const ask = (message: Record<string, unknown>) =>
    new Promise<void>((resolve) => {
      const id = ++requests;
      done.set(id, resolve);
      worker.postMessage({ ...message, id });
    });
  const port = await new Promise<number>((resolve, reject) => {
    worker.once('error', reject);
    worker.on('message', (message: WorkerMessage) => {
      if (message.type === 'listening') resolve(message.port);
      else if (message.type === 'refused') refusals.push(message.to);
      else if (message.type === 'done') done.get(message.id)?.();
      else {
        received.push(receivedMail(message.from, message.to, message.raw));
        worker.postMessage({ type: 'kept', id: message.id });
      }
    });
  });
  const lower = (addresses: string[]) => addresses.map((address) => address.toLowerCase());
  return {
    url: `smtp://127.0.0.1:${port}`,
    received,
    refusals,
    refuse: (...addresses) => ask({ type: 'refuse', addresses: lower(addresses) }),
    accept: (...addresses) => ask({ type: 'accept', addresses: lower(addresses) }),
    close: async () => {
      await ask({ type: 'close' });
      await worker.terminate();
    },
  };
}

/** Parsed when first read: a bulk send's timing is not the test's parsing. */
function receivedMail(from: string, to: string[], raw: string): ReceivedMail {
  let parsed: ReturnType<typeof parseMail> | undefined;
  const part = <K extends keyof ReturnType<typeof parseMail>>(key: K) => {
    parsed ??= parseMail(raw);
    return parsed[key];
  };
  return {
    from,
    to,
    get subject() {
      return part('subject');
    },
    get text() {
      return part('text');
    },
    get html() {
      return part('html');
    },
  };
}

/**
 * Just enough MIME for the mails nodemailer writes: headers (unfolded), a multipart/alternative
 * body, each part 7bit, quoted-printable or base64.
 */
function parseMail(raw: string): { subject: string; text: string; html: string } {
  const { headers, body } = splitHeaders(raw);
  const boundary = /boundary="?([^";\r\n]+)"?/i.exec(headers['content-type'] ?? '')?.[1];
  const parts = boundary
    ? body
        .split(`--${boundary}`)
        .slice(1, -1)
        .map((part) => splitHeaders(part.replace(/^\r?\n/, '')))
    : [{ headers, body }];
  const partOf = (type: string) => {
    const part = parts.find((candidate) => (candidate.headers['content-type'] ?? '').startsWith(type));
    return part ? decode(part.body, part.headers['content-transfer-encoding'] ?? '7bit') : '';
  };
  return { subject: headers.subject ?? '', text: partOf('text/plain'), html: partOf('text/html') };
}

function splitHeaders(raw: string): { headers: Record<string, string>; body: string } {
  const end = raw.search(/\r?\n\r?\n/);
  const head = raw.slice(0, end).replace(/\r?\n[ \t]+/g, ' ');
  const headers: Record<string, string> = {};
  for (const line of head.split(/\r?\n/)) {
    const colon = line.indexOf(':');
    if (colon > 0) headers[line.slice(0, colon).trim().toLowerCase()] = line.slice(colon + 1).trim();
  }
  return { headers, body: raw.slice(end).replace(/^\r?\n\r?\n/, '') };
}

function decode(body: string, encoding: string): string {
  const trimmed = body.replace(/\r?\n$/, '');
  if (/base64/i.test(encoding)) return Buffer.from(trimmed.replace(/\s+/g, ''), 'base64').toString('utf8');
  if (/quoted-printable/i.test(encoding)) {
    const soft = trimmed.replace(/=\r?\n/g, '');
    const bytes: number[] = [];
    for (let index = 0; index < soft.length; index++) {
      const hex = soft.slice(index + 1, index + 3);
      if (soft[index] === '=' && /^[0-9A-F]{2}$/i.test(hex)) {
        bytes.push(Number.parseInt(hex, 16));
        index += 2;
      } else bytes.push(...Buffer.from(soft[index] ?? '', 'utf8'));
    }
    return Buffer.from(bytes).toString('utf8').replace(/\r\n/g, '\n');
  }
  return trimmed.replace(/\r\n/g, '\n');
}

export interface Seeded {
  tenantId: string;
  agentId: string;
}

export interface DistributionHarness {
  ctx: TestContext;
  smtp: SmtpSink;
  /** A tenant with one agent, made with the links service's repositories. */
  seedTenant(): Promise<Seeded>;
  /** `count` personalised links of the tenant's agent, as bulk creation makes them: person{i}@example.com, "Person {i}". */
  seedLinks(tenant: Seeded, count: number): Promise<DistributionItem[]>;
  /** A distribution on the test database (a replica), drained at teardown or by `stop`; texting through `sms` when given. */
  start(options?: Partial<DistributionOptions>, mailer?: LinkMailer | null, sms?: LinkSmsSender): Distribution & { stop(): Promise<void> };
  /** An SMTP mailer to `url` (the sink's by default), closed at teardown. */
  mailer(url?: string): LinkMailer;
  /** Records deliveries in a transaction of their own, as link creation does. */
  enqueue(distribution: Distribution, items: DistributionItem[], send: Parameters<Distribution['enqueue']>[2]): Promise<string[]>;
  /** The row as stored, payload included. */
  row(id: string): Promise<{
    state: string;
    attempts: number;
    payload: unknown;
    last_error: string | null;
    response_code: number | null;
    recipient: string;
    finished_at: Date | null;
  }>;
  stop(): Promise<void>;
}

export async function startDistributionHarness(name: string): Promise<DistributionHarness> {
  const ctx = await createTestContext({ name });
  const teardown = new Teardown(async () => ctx.cleanup());
  try {
    const smtp = await startSmtpSink();
    teardown.add(() => smtp.close());
    const registry = new RegistryRepository(ctx.db);
    let tenants = 0;
    const harness: DistributionHarness = {
      ctx,
      smtp,
      async seedTenant() {
        const tenant = await registry.createTenant(`tenant ${++tenants}`, null);
        const agent = await registry.createAgent(tenant.id, 'support', sayingAgent('Hello, {{name}}.'));
        if (!agent) throw new Error('agent not made');
        return { tenantId: tenant.id, agentId: agent.id };
      },
      async seedLinks(tenant, count) {
        const links = Array.from({ length: count }, (_, index) => {
          const token = randomToken(24);
          const name = `Person ${index}`;
          const email = `person${index}@example.com`;
          return { id: newLinkId(), token, name, email };
        });
        await new BulkLinkRepository(ctx.db).insertMany(
          links.map((link) => ({
            id: link.id,
            tenant_id: tenant.tenantId,
            agent_id: tenant.agentId,
            token_hash: sha256Hex(link.token),
            title: 'Daily check-in',
            session_timeout_minutes: 30,
            rate_limit_per_minute: 10,
            variables: JSON.stringify({ name: link.name, email: link.email }),
          })),
        );
        return links.map((link) => ({
          tenantId: tenant.tenantId,
          linkId: link.id,
          url: `https://chat.example.com/c/${link.token}`,
          title: 'Daily check-in',
          variables: { name: link.name, email: link.email },
          recipient: { email: link.email, name: link.name },
        }));
      },
      start(options = {}, mailer, sms) {
        const distribution = startDistribution({
          db: ctx.db,
          logger: ctx.logger,
          mailer: mailer === null ? undefined : (mailer ?? harness.mailer()),
          sms,
          options: { ...testDistributionOptions, ...options },
        });
        let stopped: Promise<void> | undefined;
        const stop = () => {
          stopped ??= distribution.running.drain();
          return stopped;
        };
        teardown.add(stop);
        return { ...distribution, stop };
      },
      mailer(url = smtp.url) {
        const mailer = smtpLinkMailer({ smtpUrl: url, from: 'Parley <links@example.com>', logger: ctx.logger });
        teardown.add(async () => mailer.close());
        return mailer;
      },
      enqueue: (distribution, items, send) => ctx.db.transaction().execute((trx) => distribution.enqueue(trx, items, send)),
      async row(id) {
        return ctx.db
          .selectFrom('link_deliveries')
          .select(['state', 'attempts', 'payload', 'last_error', 'response_code', 'recipient', 'finished_at'])
          .where('id', '=', id)
          .executeTakeFirstOrThrow();
      },
      stop: () => teardown.run(),
    };
    return harness;
  } catch (error) {
    await teardown.run();
    throw error;
  }
}
