// Writes dist/_headers (Netlify / Cloudflare Pages format) for the release build, from the
// built index.html and public/config.json, so the provider's origin is filled into the CSP.
// Usage: node scripts/gen-headers.mjs <dist> <config.json>
import { createHash } from 'node:crypto';
import { readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

const [dist = 'dist', configPath = 'public/config.json'] = process.argv.slice(2);
const config = JSON.parse(readFileSync(configPath, 'utf8'));
const provider = new URL(config.issuer).origin;
const html = readFileSync(join(dist, 'index.html'), 'utf8');

// Trunk emits one inline module script that loads the wasm: allow exactly it, by hash.
const inlineHashes = [...html.matchAll(/<script(?![^>]*\bsrc=)[^>]*>([\s\S]*?)<\/script>/g)]
  .map(([, body]) => `'sha256-${createHash('sha256').update(body).digest('base64')}'`);

export function csp(frameAncestors) {
  return [
    "default-src 'none'",
    `script-src 'self' 'wasm-unsafe-eval' ${inlineHashes.join(' ')}`.trim(),
    "style-src 'self'",
    "img-src 'self' data:",
    `connect-src 'self' ${provider}`,
    `frame-src ${provider}`,
    `form-action ${provider}`,
    `frame-ancestors ${frameAncestors}`,
    "base-uri 'none'",
    "object-src 'none'",
    "manifest-src 'self'",
  ].join('; ');
}

const common = [
  'Referrer-Policy: no-referrer',
  'X-Content-Type-Options: nosniff',
  'Cross-Origin-Opener-Policy: same-origin',
  'Permissions-Policy: camera=(), microphone=(), geolocation=(), payment=(), usb=(), ' +
    'interest-cohort=()',
];
// Hashed assets never change under the same name; everything else is revalidated.
const hashed = readdirSync(dist).filter((f) => /-[0-9a-f]{16}(_bg)?\.(js|wasm|css)$/.test(f));

// Hosts join the values of every rule that matches a path, so no header appears in two rules
// that can match the same path (tests/e2e/serve.mjs refuses such a file).
const revalidate = ['Cache-Control: no-cache'];
const immutable = ['Cache-Control: public, max-age=31536000, immutable'];
const blocks = [
  ['/*', [`Content-Security-Policy: ${csp("'none'")}`, ...common]],
  ['/', revalidate],
  ['/index.html', revalidate],
  ['/config.json', revalidate],
  ...hashed.map((f) => [`/${f}`, immutable]),
];
const text = blocks.map(([path, lines]) => [path, ...lines.map((l) => `  ${l}`)].join('\n'));
writeFileSync(join(dist, '_headers'), `${text.join('\n')}\n`);
console.log(`wrote ${join(dist, '_headers')} (${hashed.length} immutable assets, provider ${provider})`);
