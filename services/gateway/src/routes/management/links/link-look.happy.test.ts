import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { expectError, type GatewayHarness, startGatewayHarness } from '../../../../test/gateway-harness.js';

const config = { workflow: { initial_node: 'a', nodes: [{ id: 'a', name: 'A', static_text: 'Hi' }] } };

describe("a link's uploads, theme and locale", () => {
  let h: GatewayHarness;
  let key: string;

  beforeAll(async () => {
    h = await startGatewayHarness();
    ({ key } = await h.seedTenant('Look owner'));
    expect((await h.withKey(key, 'POST', '/api/agents', { name: 'looks', config })).status).toBe(201);
  });
  afterAll(async () => h?.stop());

  it('are kept, shown to the owner and to the chat page, and changed one by one', async () => {
    const created = await h.withKey(key, 'POST', '/api/agents/looks/public-links', {
      title: 'Branded',
      uploads: { enabled: true },
      theme: { brand_color: '#0f766e', logo_url: 'https://cdn.example.com/logo.png', mode: 'dark' },
      locale: 'de-AT',
    });
    expect(created.status, created.text).toBe(201);
    // Defaults fill what the owner left out: 10 MiB, the common document and image types.
    expect(created.body).toMatchObject({
      uploads: { enabled: true, max_bytes: 10 * 1024 * 1024, types: ['image/png', 'image/jpeg', 'image/webp', 'application/pdf', 'text/plain'] },
      theme: { brand_color: '#0f766e', logo_url: 'https://cdn.example.com/logo.png', mode: 'dark' },
      locale: 'de-AT',
    });

    const info = await h.inject({ method: 'GET', url: `/api/public/links/${created.body.token}` });
    expect(info.status, info.text).toBe(200);
    expect(info.body).toMatchObject({
      uploads: { max_bytes: 10 * 1024 * 1024, types: expect.arrayContaining(['image/png', 'application/pdf']) },
      theme: { brand_color: '#0f766e', mode: 'dark' },
      locale: 'de-AT',
    });

    const changed = await h.withKey(key, 'PUT', `/api/agents/looks/public-links/${created.body.id}`, {
      uploads: { enabled: false },
      locale: null,
    });
    expect(changed.status, changed.text).toBe(200);
    expect(changed.body).toMatchObject({ uploads: { enabled: false }, theme: { brand_color: '#0f766e' }, locale: null });
    const after = await h.inject({ method: 'GET', url: `/api/public/links/${created.body.token}` });
    // Uploads switched off: the page offers no attach button.
    expect(after.body).toMatchObject({ uploads: null, locale: null, theme: { mode: 'dark' } });
  });

  it('a plain link has none of them', async () => {
    const created = await h.withKey(key, 'POST', '/api/agents/looks/public-links', { title: 'Plain' });
    expect(created.body).toMatchObject({ uploads: null, theme: null, locale: null });
    const info = await h.inject({ method: 'GET', url: `/api/public/links/${created.body.token}` });
    expect(info.body).toMatchObject({ uploads: null, theme: null, locale: null });
  });

  it('templates carry them to the links made from them', async () => {
    const template = await h.withKey(key, 'POST', '/api/link-templates', {
      name: 'branded',
      settings: {
        title: 'From template',
        theme: { brand_color: '#ffffff', mode: 'light' },
        locale: 'ar',
        uploads: { enabled: true, max_bytes: 1024, types: ['image/png'] },
      },
    });
    expect(template.status, template.text).toBe(201);
    const made = await h.withKey(key, 'POST', '/api/agents/looks/public-links', { template: 'branded', locale: 'ja' });
    expect(made.status, made.text).toBe(201);
    expect(made.body).toMatchObject({
      theme: { brand_color: '#ffffff', mode: 'light' },
      locale: 'ja',
      uploads: { enabled: true, max_bytes: 1024, types: ['image/png'] },
    });
  });

  it.each([
    ['a colour that is not six hex digits', { theme: { brand_color: 'red' } }, 'theme.brand_color'],
    ['a logo that is not https', { theme: { logo_url: 'javascript:alert(1)' } }, 'theme.logo_url'],
    ['an unknown mode', { theme: { mode: 'sepia' } }, 'theme.mode'],
    ['HTML among the upload types', { uploads: { enabled: true, types: ['text/html'] } }, 'uploads.types.0'],
    ['SVG among the upload types', { uploads: { enabled: true, types: ['image/svg+xml'] } }, 'uploads.types.0'],
    ['a limit past 50 MiB', { uploads: { enabled: true, max_bytes: 51 * 1024 * 1024 } }, 'uploads.max_bytes'],
    ['no types at all', { uploads: { enabled: true, types: [] } }, 'uploads.types'],
    ['a locale that is no language tag', { locale: 'english please' }, 'locale'],
    ['a locale with a NUL', { locale: 'de\u0000' }, 'locale'],
  ])('refuses %s with 400 naming the field', async (_name, fields, field) => {
    const refused = await h.withKey(key, 'POST', '/api/agents/looks/public-links', { title: 'Bad', ...fields });
    expectError(refused, 400, 'invalid');
    expect(JSON.stringify(refused.body.error.details)).toContain(field);
  });
});
