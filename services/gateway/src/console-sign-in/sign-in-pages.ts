/**
 * The few pages of signing in (docs/management-api.md, "Signing in to the console with SSO"): whole,
 * self-contained HTML in the console's colours, no script, one inline style allowed by its hash,
 * every value escaped.
 */

import { createHash } from 'node:crypto';
import { escapeHtml } from '../edge/html.js';

/** The console's look (web/src/console/console.css), in a few rules: a card on a quiet page. */
const STYLE =
  'body{margin:0;background:#f6f7f9;color:#16181d;font:15px/1.45 system-ui,-apple-system,"Segoe UI",Roboto,sans-serif}' +
  'main{max-width:26rem;margin:5rem auto;padding:1.5rem;background:#fff;border:1px solid #d5d9e0;border-radius:8px}' +
  'h1{font-size:1.35rem;margin:0 0 .75rem}p{margin:0 0 .75rem}main>:last-child{margin-bottom:0}a{color:#1d4ed8}ul{list-style:none;padding:0;margin:0}li{margin:.5rem 0}' +
  'button{font:inherit;color:#fff;background:#1d4ed8;border:0;border-radius:6px;padding:.4rem .9rem;cursor:pointer}button:hover{background:#1e40af}';
const STYLE_HASH = createHash('sha256').update(STYLE).digest('base64');

/** Only forms back to this origin and the page's own style; nothing else is loaded, nothing frames the page. */
export const SIGN_IN_PAGE_CSP = `default-src 'none'; style-src 'sha256-${STYLE_HASH}'; img-src data:; base-uri 'none'; form-action 'self'; frame-ancestors 'none'`;

function page(title: string, body: string): string {
  return `<!doctype html><html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1"><meta name="robots" content="noindex"><link rel="icon" href="data:,"><title>${escapeHtml(title)} – Parley</title><style>${STYLE}</style></head><body><main><h1>${escapeHtml(title)}</h1>${body}</main></body></html>`;
}

const backToConsole = '<p><a href="/console">Back to the console</a></p>';

/** The email is not a member of any tenant, or the provider has not verified it. */
export function notAMemberPage(email: string | undefined, verified: boolean): string {
  if (email === undefined) {
    return page(
      'No email address',
      `<p>Your identity provider did not tell Parley your email address, so Parley cannot tell which team you belong to. Ask your administrator to release the <code>email</code> claim to Parley.</p>${backToConsole}`,
    );
  }
  if (!verified) {
    return page(
      'Email address not verified',
      `<p>Your identity provider has not verified ${escapeHtml(email)}. Verify it there, then sign in again.</p>${backToConsole}`,
    );
  }
  return page('Not a member', `<p>${escapeHtml(email)} is not a member of any team on this Parley. Ask an owner to add you.</p>${backToConsole}`);
}

/** Signing in did not finish: declined, refused, expired or out of order. */
export function signInFailedPage(text: string): string {
  return page('Sign-in did not complete', `<p>${escapeHtml(text)}</p><p><a href="/auth/oidc/login">Sign in again</a></p>${backToConsole}`);
}

/** SSO is not configured on this server. */
export function notConfiguredPage(): string {
  return page(
    'Single sign-on is not set up',
    `<p>This Parley has no identity provider configured (OIDC_ISSUER_URL). Sign in to the console with an API key.</p>${backToConsole}`,
  );
}

/** The email is a member of several tenants: one button each, posting the choice with the form's CSRF token. */
export function chooseTenantPage(email: string, csrf: string, memberships: { memberId: string; tenantName: string; role: string }[]): string {
  const forms = memberships
    .map(
      (membership) =>
        `<li><form method="post" action="/auth/oidc/choose"><input type="hidden" name="csrf" value="${escapeHtml(csrf)}"><input type="hidden" name="member_id" value="${escapeHtml(membership.memberId)}"><button type="submit">${escapeHtml(membership.tenantName)}</button> as ${escapeHtml(membership.role)}</form></li>`,
    )
    .join('');
  return page('Choose a team', `<p>${escapeHtml(email)} is a member of several teams. Which one do you want to work in?</p><ul>${forms}</ul>`);
}
