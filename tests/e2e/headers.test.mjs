// The deployment rules as files: what the release build wrote is what the generator produces,
// no header is set twice for a path, and extra connect origins reach the CSP only when valid.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { buildFacts, csp, headersFile, redirectsFile } from '../../scripts/headers.mjs';
import { headersFor, parseHeaders } from './serve.mjs';

const DIST = process.env.E2E_DIST ?? 'dist';
const config = JSON.parse(readFileSync('public/config.json', 'utf8'));

test('dist/_headers and dist/_redirects are exactly the generated rules', () => {
  const facts = buildFacts(DIST, config);
  assert.equal(readFileSync(`${DIST}/_headers`, 'utf8'), headersFile(facts));
  assert.equal(readFileSync(`${DIST}/_redirects`, 'utf8'), redirectsFile());
});

test('no path gets the same header from two rules', () => {
  const rules = parseHeaders(readFileSync(`${DIST}/_headers`, 'utf8'));
  for (const path of ['/', '/index.html', '/login', '/callback', '/profile', '/device',
    '/silent-callback', '/silent-callback.html', '/config.json', '/anything']) {
    assert.doesNotThrow(() => headersFor(rules, path), path);
  }
});

test('csp_connect_origins widens connect-src, and only with real origins', () => {
  const facts = buildFacts(DIST, { ...config, csp_connect_origins: 'https://graph.example' });
  assert.match(csp(facts, "'none'"), /connect-src 'self' \S+ https:\/\/graph\.example;/);
  for (const bad of ["https://x; script-src 'unsafe-inline'", 'https://x/path', '*']) {
    assert.throws(() => buildFacts(DIST, { ...config, csp_connect_origins: bad }), bad);
  }
});
