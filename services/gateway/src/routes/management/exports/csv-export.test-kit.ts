import { expect } from 'vitest';
import type { GatewayHarness, InjectResult } from '../../../../test/gateway-harness.js';

/**
 * A CSV file read back as a spreadsheet would (RFC 4180: quoted fields, doubled quotes, CRLF
 * records): the rows, each its list of fields. Fails on anything a strict reader would refuse.
 */
export function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let field = '';
  let i = 0;
  while (i < text.length) {
    const c = text[i]!;
    if (field === '' && c === '"') {
      let j = i + 1;
      for (;;) {
        const q = text.indexOf('"', j);
        expect(q, `unterminated quote at ${i}`).toBeGreaterThan(-1);
        if (text[q + 1] === '"') {
          field += text.slice(j, q + 1);
          j = q + 2;
          continue;
        }
        field += text.slice(j, q);
        i = q + 1;
        break;
      }
      expect([',', '\r', undefined], `a quoted field ends at a separator (${i})`).toContain(text[i]);
      continue;
    }
    if (c === ',') {
      row.push(field);
      field = '';
      i += 1;
    } else if (c === '\r') {
      expect(text[i + 1], `CR without LF at ${i}`).toBe('\n');
      row.push(field);
      rows.push(row);
      row = [];
      field = '';
      i += 2;
    } else {
      expect(c, `a bare line feed or quote at ${i}`).not.toMatch(/[\n"]/);
      field += c;
      i += 1;
    }
  }
  expect(field === '' && row.length === 0, 'the file ends with CRLF').toBe(true);
  return rows;
}

/** The rows of a CSV answer as objects by the header's names, after checking it is a CSV download. */
export function csvRecords(answer: InjectResult, fileName: RegExp): Record<string, string>[] {
  expect(answer.status, answer.text).toBe(200);
  expect(answer.headers['content-type']).toBe('text/csv; charset=utf-8');
  expect(String(answer.headers['content-disposition'])).toMatch(new RegExp(`^attachment; filename="${fileName.source}"$`));
  expect(answer.headers['transfer-encoding']).toBe('chunked');
  expect(answer.headers['content-length']).toBeUndefined();
  const [header, ...rows] = parseCsv(answer.text);
  expect(header).toBeDefined();
  for (const row of rows) expect(row).toHaveLength(header!.length);
  return rows.map((row) => Object.fromEntries(header!.map((name, i) => [name, row[i]!])));
}

/** The header row of a CSV answer. */
export const csvHeaderOf = (answer: InjectResult) => parseCsv(answer.text)[0];

/** A Text Chat API conversation with the messages given, one turn each; answers its session id. */
export async function textChat(
  h: GatewayHarness,
  agent: { tenantId: string; agentId: string },
  contents: string[],
  metadata?: Record<string, string>,
): Promise<string> {
  const created = await h.signed('POST', '/api/chat/sessions', { tenant_id: agent.tenantId, agent_id: agent.agentId, ...(metadata ? { metadata } : {}) });
  expect(created.status, created.text).toBe(201);
  const id = created.body.session_id as string;
  for (const content of contents) {
    const sent = await h.signed('POST', `/api/chat/sessions/${id}/messages`, { content });
    expect(sent.status, sent.text).toBe(200);
  }
  return id;
}
