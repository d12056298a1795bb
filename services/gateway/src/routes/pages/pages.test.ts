import { brotliDecompressSync, gunzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { expectError, type GatewayHarness, startGatewayHarness } from '../../../test/gateway-harness.js';
import { CHAT_PAGE_CSP, PAGE_CSP } from '../../edge/security-headers.js';

const TOKEN = 'Qx3aZ9_bK-20417abcdefghijklmnopq';

describe('pages: /c/{token}, /console and /assets/', () => {
  let h: GatewayHarness;
  beforeAll(async () => {
    h = await startGatewayHarness();
  });
  afterAll(async () => {
    await h?.stop();
  });

  const get = (url: string, encoding?: string) => h.app.inject({ method: 'GET', url, headers: encoding ? { 'accept-encoding': encoding } : {} });

  it('serves the chat page under the strict page policy (images from https too: the logo and avatar of a link), revalidated on each visit, compressed with br or gzip', async () => {
    const page = await get(`/c/${TOKEN}`, 'br');
    expect(page.statusCode).toBe(200);
    expect(page.headers['content-type']).toBe('text/html; charset=utf-8');
    expect(page.headers['content-security-policy']).toBe(CHAT_PAGE_CSP);
    expect(CHAT_PAGE_CSP).toBe(PAGE_CSP.replace("img-src 'self' data: blob:", "img-src 'self' data: blob: https:"));
    expect(CHAT_PAGE_CSP).toContain("img-src 'self' data: blob: https:;");
    expect(CHAT_PAGE_CSP).toContain("script-src 'self'");
    expect(page.headers['cache-control']).toBe('no-cache');
    expect(page.headers['content-encoding']).toBe('br');
    const html = brotliDecompressSync(page.rawPayload).toString('utf8');
    expect(html).toMatch(/<script type="module" crossorigin src="\/assets\/chat-[\w-]+\.js"><\/script>/);
    expect(html).not.toMatch(/<script>|<style>|style=/);

    const plain = await get(`/c/${TOKEN}`);
    expect(plain.headers['content-encoding']).toBeUndefined();
    expect(plain.body).toBe(html);
  });

  it('serves the hashed assets for a year, immutable, compressed; an unknown asset is a 404 in the error shape', async () => {
    const html = (await get(`/c/${TOKEN}`)).body;
    const script = /src="(\/assets\/chat-[\w-]+\.js)"/.exec(html)?.[1];
    const style = /href="(\/assets\/chat-[\w-]+\.css)"/.exec(html)?.[1];
    expect(script && style, html).toBeTruthy();
    const js = await get(String(script), 'gzip');
    expect(js.statusCode).toBe(200);
    expect(js.headers['content-type']).toMatch(/^(text|application)\/javascript/);
    expect(js.headers['cache-control']).toBe('public, max-age=31536000, immutable');
    expect(js.headers['content-encoding']).toBe('gzip');
    expect(gunzipSync(js.rawPayload).length).toBeGreaterThan(js.rawPayload.length * 2);
    const css = await get(String(style), 'br, gzip');
    expect(css.headers['content-type']).toMatch(/^text\/css/);
    expect(css.headers['content-encoding']).toBe('br');
    expectError(await h.inject({ method: 'GET', url: '/assets/chat-missing.js' }), 404, 'not_found');
  });

  it('serves the console at /console and every path below it (its views), under the page policy; / leads there', async () => {
    for (const url of ['/console', '/console/', '/console/agents/front-desk/links', '/console/agents/%E2%9C%93']) {
      const page = await get(url, 'gzip');
      expect(page.statusCode, url).toBe(200);
      expect(page.headers['content-security-policy']).toBe(PAGE_CSP);
      expect(page.headers['cache-control']).toBe('no-cache');
      const html = gunzipSync(page.rawPayload).toString('utf8');
      expect(html).toMatch(/<script type="module" crossorigin src="\/assets\/console-[\w-]+\.js"><\/script>/);
      expect(html).not.toMatch(/<script>|<style>|style=/);
      // Without OIDC configured the page offers no SSO sign-in.
      expect(html).not.toContain('parley-sso');
    }
    const root = await get('/');
    expect(root.statusCode).toBe(302);
    expect(root.headers.location).toBe('/console');
    // Nothing else at the top level: another path is still a 404 in the error shape.
    expectError(await h.inject({ method: 'GET', url: '/consoles' }), 404, 'not_found');
  });

  it('answers a string that cannot be a token with a plain 404 page, and leaves the API uncompressed', async () => {
    for (const token of ['short', 'x'.repeat(33), 'has%20space-0123456789abcdefghijkl']) {
      const page = await get(`/c/${token}`);
      expect(page.statusCode, token).toBe(404);
      expect(page.headers['content-type']).toBe('text/html; charset=utf-8');
      expect(page.headers['content-security-policy']).toBe(PAGE_CSP);
      expect(page.body).toContain('<main class="gone"><h1>This chat link does not exist</h1>');
      // Dressed as the chat page: its own stylesheets, which the page policy allows ('self').
      expect(page.body).toMatch(/<link rel="stylesheet"[^>]* href="\/assets\/chat-[^"]+\.css">/);
      expect(page.body).not.toContain('<script');
    }
    const info = await get(`/api/public/links/${TOKEN}`, 'br, gzip');
    expect(info.statusCode).toBe(404);
    expect(info.headers['content-encoding']).toBeUndefined();
  });

  it('writes its own few words in the browser’s language: the 404 of a malformed link and the page’s no-script note', async () => {
    const ask = (url: string, language: string) => h.app.inject({ method: 'GET', url, headers: { 'accept-language': language } });
    const german = await ask('/c/short', 'de-CH, en;q=0.5');
    expect(german.statusCode).toBe(404);
    expect(german.headers.vary).toContain('Accept-Language');
    expect(german.body).toContain('<html lang="de" dir="ltr">');
    expect(german.body).toContain('<h1>Diesen Chat-Link gibt es nicht</h1>');
    const arabic = await ask('/c/short', 'ar');
    expect(arabic.body).toContain('<html lang="ar" dir="rtl">');
    expect(arabic.body).toContain('رابط المحادثة هذا غير موجود');
    // By weight, then order; a language the pages do not speak is passed over.
    expect((await ask('/c/short', 'pt-BR, fr;q=0.4, ja;q=0.8')).body).toContain('このチャットリンクは存在しません');
    for (const header of ['pt-BR', '*', ';;;q=x,,', 'de;q=0']) expect((await ask('/c/short', header)).body, header).toContain('This chat link does not exist');
    const page = await ask(`/c/${TOKEN}`, 'es-MX');
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain('<noscript>Este chat necesita JavaScript.</noscript>');
    expect((await ask(`/c/${TOKEN}`, 'en-GB')).body).toContain('<noscript>This chat needs JavaScript.</noscript>');
  });
});
