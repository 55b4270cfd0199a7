// The deployment rules of a release build, computed from the built files and config.json:
// the `_headers` text (Netlify / Cloudflare Pages), the `_redirects` rewrites for app routes,
// and an nginx snippet. scripts/gen-headers.mjs writes them; tests/e2e/serve.mjs applies the
// very same rules when it serves a build under another provider origin.
import { createHash } from 'node:crypto';
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';

/** App routes that must serve index.html (deep links). */
export const APP_ROUTES = ['/login', '/callback', '/profile', '/device'];
/** The silent-authentication landing page: a tiny static page, framed by the app itself. */
export const SILENT_CALLBACK = '/silent-callback';

const REVALIDATE = ['Cache-Control: no-cache'];
const IMMUTABLE = ['Cache-Control: public, max-age=31536000, immutable'];

/** Everything the rules depend on: the provider origin, inline script hashes, asset names. */
export function buildFacts(dist, config) {
  const html = readFileSync(join(dist, 'index.html'), 'utf8');
  // Trunk emits one inline module script that loads the wasm: allow exactly it, by hash.
  const inlineHashes = [...html.matchAll(/<script(?![^>]*\bsrc=)[^>]*>([\s\S]*?)<\/script>/g)]
    .map(([, body]) => `'sha256-${createHash('sha256').update(body).digest('base64')}'`);
  // Hashed assets never change under the same name; everything else is revalidated.
  const hashed = readdirSync(dist).filter((f) => /-[0-9a-f]{16}(_bg)?\.(js|wasm|css)$/.test(f));
  // Providers with endpoints off the issuer's origin (userinfo on another host, say) list them
  // in `csp_connect_origins`; the app validates the key too, this keeps a bad value out of the CSP.
  const extraConnect = (config.csp_connect_origins ?? '').split(' ').filter(Boolean);
  for (const origin of extraConnect) {
    if (!/^https?:\/\/[A-Za-z0-9.-]+(:\d+)?$/.test(origin)) {
      throw new Error(`csp_connect_origins: ${origin} is not an origin`);
    }
  }
  return { provider: new URL(config.issuer).origin, inlineHashes, hashed, extraConnect };
}

/** The silent-callback page runs one same-origin script and may only be framed by the app. */
export function silentCsp() {
  return "default-src 'none'; script-src 'self'; frame-ancestors 'self'; base-uri 'none'; " +
    "form-action 'none'; object-src 'none'";
}

export function csp({ provider, inlineHashes, extraConnect = [] }, frameAncestors) {
  return [
    "default-src 'none'",
    `script-src 'self' 'wasm-unsafe-eval' ${inlineHashes.join(' ')}`.trim(),
    "style-src 'self'",
    "img-src 'self' data:",
    `connect-src 'self' ${[provider, ...extraConnect].join(' ')}`,
    `frame-src ${provider} 'self'`, // 'self': the provider sends the silent iframe back here
    `form-action ${provider}`,
    `frame-ancestors ${frameAncestors}`,
    "base-uri 'none'",
    "object-src 'none'",
    "manifest-src 'self'",
  ].join('; ');
}

function securityHeaders() {
  return [
    'Referrer-Policy: no-referrer',
    'X-Content-Type-Options: nosniff',
    'Cross-Origin-Opener-Policy: same-origin',
    'Permissions-Policy: camera=(), microphone=(), geolocation=(), payment=(), usb=(), ' +
      'interest-cohort=()',
  ];
}

/** The `_headers` file. Hosts join the values of every rule that matches a path, so no header
 * appears in two rules that can match the same path (serve.mjs refuses such a file): the CSP is
 * set per page, because the silent-callback page must be framable by the app and no other is. */
export function headersFile(facts) {
  const appPage = [`Content-Security-Policy: ${csp(facts, "'none'")}`, ...REVALIDATE];
  const silentPage = [`Content-Security-Policy: ${silentCsp()}`, ...REVALIDATE];
  const blocks = [
    ['/*', securityHeaders()],
    ...['/', '/index.html', ...APP_ROUTES].map((path) => [path, appPage]),
    ...[SILENT_CALLBACK, `${SILENT_CALLBACK}.html`].map((path) => [path, silentPage]),
    ['/config.json', REVALIDATE],
    ...facts.hashed.map((f) => [`/${f}`, IMMUTABLE]),
  ];
  const text = blocks.map(([path, lines]) => [path, ...lines.map((l) => `  ${l}`)].join('\n'));
  return `${text.join('\n')}\n`;
}

/** The `_redirects` file: app routes are rewritten (200) to index.html. */
export function redirectsFile() {
  const app = APP_ROUTES.map((r) => `${r} /index.html 200\n`).join('');
  return `${app}${SILENT_CALLBACK} ${SILENT_CALLBACK}.html 200\n`;
}

/** The same rules for nginx, which drops inherited add_header lines in any location that has
 * its own, so every location repeats the full set. */
export function nginxSnippet(facts) {
  const appCsp = `Content-Security-Policy: ${csp(facts, "'none'")}`;
  const headers = (extra, page = appCsp) => [page, ...securityHeaders(), ...extra]
    .map((line) => {
      const at = line.indexOf(':');
      return `    add_header ${line.slice(0, at)} "${line.slice(at + 1).trim()}" always;`;
    })
    .join('\n');
  const routes = APP_ROUTES.map((r) => r.slice(1)).join('|');
  return `# Generated by scripts/gen-headers.mjs from the release build: include it in the server
# block that serves dist/ (root /path/to/dist;). Regenerate after every build: the CSP pins the
# hash of the inline loader script and the asset names change with their content.
location = / {
${headers(REVALIDATE)}
    try_files /index.html =404;
}
location ~ ^/(${routes})$ {
${headers(REVALIDATE)}
    try_files /index.html =404;
}
location = ${SILENT_CALLBACK} {
${headers(REVALIDATE, `Content-Security-Policy: ${silentCsp()}`)}
    try_files ${SILENT_CALLBACK}.html =404;
}
location = ${SILENT_CALLBACK}.html {
${headers(REVALIDATE, `Content-Security-Policy: ${silentCsp()}`)}
}
location ~ "-[0-9a-f]{16}(_bg)?\\.(js|wasm|css)$" {
${headers(IMMUTABLE)}
    types { application/wasm wasm; text/javascript js; text/css css; }
}
location / {
${headers(REVALIDATE)}
    try_files $uri =404;
}
`;
}

/** A static 404 page: with one present, Cloudflare Pages answers unknown paths with it instead
 * of serving the app there without the per-page CSP. */
export function notFoundPage() {
  return '<!DOCTYPE html>\n<html lang="en"><head><meta charset="utf-8"><title>Not found</title>' +
    '</head><body><h1>Page not found</h1><p><a href="/">Go home</a></p></body></html>\n';
}
