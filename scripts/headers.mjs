// The deployment rules of a release build, computed from the built files and config.json:
// the `_headers` text (Netlify / Cloudflare Pages), the `_redirects` rewrites for app routes,
// and an nginx snippet. scripts/gen-headers.mjs writes them; tests/e2e/serve.mjs applies the
// very same rules when it serves a build under another provider origin. Every path is under the
// base path the build was made for (`/`, or a sub-path such as `/app/`).
import { createHash } from 'node:crypto';
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';

/** App routes under the base that must serve index.html (deep links). */
export const APP_ROUTES = ['login', 'callback', 'profile', 'device'];
/** The silent-authentication landing page: a tiny static page, framed by the app itself. */
export const SILENT_CALLBACK = 'silent-callback';

// Trunk does not pad its 64-bit hex hashes, so a name can carry fewer than 16 digits (one build
// in sixteen has 15); a fixed {16} once left such a build's wasm uncached.
const HASH = '[0-9a-f]{1,16}';
const HASHED = new RegExp(`-${HASH}(_bg)?\\.(js|wasm|css)$`);
/** Whether `name` is a content-hashed asset, cached for a year as immutable. */
export const isHashedAsset = (name) => HASHED.test(name);
// An asset link Trunk wrote into index.html: the path before the name is the base.
const HASHED_LINK = new RegExp(`(?:href|src)="([^"]*/)[^"/]+-${HASH}(?:_bg)?\\.(?:js|wasm|css)"`);

/** Throws unless `base` is `/` or unreserved-character segments between slashes, the rule the
 * app enforces on `APP_BASE_PATH` when it is compiled (oauth-core `is_valid_base_path`). */
export function checkBase(base) {
  const segments = base.split('/').slice(1, -1);
  if (!/^\/([A-Za-z0-9._~-]+\/)*$/.test(base) || segments.some((s) => s === '.' || s === '..')) {
    throw new Error(`base path ${JSON.stringify(base)} must look like / or /app/`);
  }
  return base;
}

/** The base path a build was made for, read from the asset links Trunk wrote into index.html. */
export function baseOf(dist) {
  const html = readFileSync(join(dist, 'index.html'), 'utf8');
  const link = html.match(HASHED_LINK);
  if (!link) throw new Error(`${dist}/index.html links no hashed asset: not a release build`);
  return checkBase(link[1]);
}

/** The version the config.json preload carries: a digest of the file as served, so that a
 * changed file is a URL no cache holds (see oauth-core `config_url`). */
export const configVersion = (text) => createHash('sha256').update(text).digest('hex').slice(0, 16);

/** index.html with its config.json preload pointed at `{base}config.json?v={version}`, the URL
 * the app then fetches: a preload of any other URL would be a wasted request. */
export function withConfigPreload(html, base, version) {
  const preload = /(<link rel="preload" href=")[^"]*config\.json[^"]*(")/;
  if (!preload.test(html)) throw new Error('index.html has no config.json preload');
  if (!/^[0-9a-f]{1,64}$/.test(version)) throw new Error(`bad config version ${version}`);
  return html.replace(preload, `$1${checkBase(base)}config.json?v=${version}$2`);
}

const REVALIDATE = ['Cache-Control: no-cache'];
// config.json gates every start, so a start never waits for the host: for 5 minutes a browser
// uses its copy as is (no request at all: the background revalidation of every start cost 3-6
// ms of a reload on two cores), then for a day it uses it at once and revalidates it in the
// background (waiting cost 5-25 ms per start). The preload URL carries a digest of the file, so
// after regenerating a browser fetches the new file at once; an edit made without regenerating
// reaches it within 5 minutes and one load, or at once if its copy is over a day old.
const CONFIG_CACHE = ['Cache-Control: max-age=300, stale-while-revalidate=86400'];
const IMMUTABLE = ['Cache-Control: public, max-age=31536000, immutable'];

/** Everything the rules depend on: the base path, the provider origin, inline script hashes,
 * asset names. A `base` other than the one the build was made for is refused. */
export function buildFacts(dist, config, base = baseOf(dist)) {
  if (checkBase(base) !== baseOf(dist)) {
    throw new Error(`${dist} was built for the base ${baseOf(dist)}, not ${base}`);
  }
  const html = readFileSync(join(dist, 'index.html'), 'utf8');
  // index.html has two inline scripts, the early start and Trunk's module script that loads the
  // wasm: allow exactly them, by hash.
  const inlineHashes = [...html.matchAll(/<script(?![^>]*\bsrc=)[^>]*>([\s\S]*?)<\/script>/g)]
    .map(([, body]) => `'sha256-${createHash('sha256').update(body).digest('base64')}'`);
  // Hashed assets never change under the same name; everything else is revalidated.
  const hashed = readdirSync(dist).filter((f) => HASHED.test(f));
  // Providers with endpoints off the issuer's origin (userinfo on another host, say) list them
  // in `csp_connect_origins`; the app validates the key too, this keeps a bad value out of the CSP.
  const extraConnect = (config.csp_connect_origins ?? '').split(' ').filter(Boolean);
  for (const origin of extraConnect) {
    if (!/^https?:\/\/[A-Za-z0-9.-]+(:\d+)?$/.test(origin)) {
      throw new Error(`csp_connect_origins: ${origin} is not an origin`);
    }
  }
  return { base, provider: new URL(config.issuer).origin, inlineHashes, hashed, extraConnect };
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
    ['*', securityHeaders()],
    ...['', 'index.html', ...APP_ROUTES].map((route) => [route, appPage]),
    ...[SILENT_CALLBACK, `${SILENT_CALLBACK}.html`].map((route) => [route, silentPage]),
    ['config.json', CONFIG_CACHE],
    ...facts.hashed.map((f) => [f, IMMUTABLE]),
  ].map(([route, lines]) => [`${facts.base}${route}`, lines]);
  const text = blocks.map(([path, lines]) => [path, ...lines.map((l) => `  ${l}`)].join('\n'));
  return `${text.join('\n')}\n`;
}

/** The `_redirects` file: app routes are rewritten (200) to index.html. */
export function redirectsFile(base = '/') {
  const app = APP_ROUTES.map((r) => `${base}${r} ${base}index.html 200\n`).join('');
  return `${app}${base}${SILENT_CALLBACK} ${base}${SILENT_CALLBACK}.html 200\n`;
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
  const routes = APP_ROUTES.join('|');
  const b = facts.base;
  const silent = `${b}${SILENT_CALLBACK}`;
  // The base has no regex metacharacters but `.`: escape that one.
  const assets = b === '/' ? '' : `^${b.replaceAll('.', '\\.')}[^/]*`;
  return `# Generated by scripts/gen-headers.mjs from the release build for the base path ${b}:
# include it in the server block whose root holds the files at that path (root /path/to/dist;
# for /, or the directory that contains dist/ renamed to the base's last segment). Regenerate
# after every build: the CSP pins the hash of the inline loader script and the asset names
# change with their content.
location = ${b} {
${headers(REVALIDATE)}
    try_files ${b}index.html =404;
}
location ~ ^${b.replaceAll('.', '\\.')}(${routes})$ {
${headers(REVALIDATE)}
    try_files ${b}index.html =404;
}
location = ${silent} {
${headers(REVALIDATE, `Content-Security-Policy: ${silentCsp()}`)}
    try_files ${silent}.html =404;
}
location = ${silent}.html {
${headers(REVALIDATE, `Content-Security-Policy: ${silentCsp()}`)}
}
location = ${b}config.json {
${headers(CONFIG_CACHE)}
}
location ~ "${assets}-${HASH}(_bg)?\\.(js|wasm|css)$" {
${headers(IMMUTABLE)}
    types { application/wasm wasm; text/javascript js; text/css css; }
}
location ${b} {
${headers(REVALIDATE)}
    try_files $uri =404;
}
`;
}

/** A static 404 page: with one present, Cloudflare Pages answers unknown paths with it instead
 * of serving the app there without the per-page CSP. */
export function notFoundPage(base = '/') {
  return '<!DOCTYPE html>\n<html lang="en"><head><meta charset="utf-8"><title>Not found</title>' +
    `</head><body><h1>Page not found</h1><p><a href="${base}">Go home</a></p></body></html>\n`;
}
