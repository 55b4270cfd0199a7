// The deployment rules as files: what the release build wrote is what the generator produces,
// no header is set twice for a path, extra connect origins reach the CSP only when valid, and
// a sub-path base prefixes every rule.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import {
  baseOf, buildFacts, checkBase, configVersion, csp, headersFile, isHashedAsset, nginxSnippet, notFoundPage, redirectsFile,
  withConfigPreload,
} from '../../scripts/headers.mjs';
import { headersFor, parseHeaders } from './serve.mjs';

const DIST = process.env.E2E_DIST ?? 'dist';
const config = JSON.parse(readFileSync('public/config.json', 'utf8'));

test('dist/_headers and dist/_redirects are exactly the generated rules', () => {
  const facts = buildFacts(DIST, config);
  assert.equal(readFileSync(`${DIST}/_headers`, 'utf8'), headersFile(facts));
  assert.equal(readFileSync(`${DIST}/_redirects`, 'utf8'), redirectsFile(facts.base));
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

test('every asset the build links is cached as immutable, whatever its hash length', () => {
  const index = readFileSync(`${DIST}/index.html`, 'utf8');
  const linked = [...index.matchAll(/(?:href|src)="[^"]*\/([^"/]+\.(?:js|wasm|css))"/g)]
    .map(([, name]) => name);
  assert.ok(linked.length >= 3, `js, wasm and css linked: ${linked}`);
  const rules = parseHeaders(readFileSync(`${DIST}/_headers`, 'utf8'));
  for (const name of linked) {
    assert.match(headersFor(rules, `${baseOf(DIST)}${name}`)['cache-control'], /immutable/, name);
  }
  // Trunk does not pad hashes: 15 digits happen, and must count.
  for (const name of ['app-defdb33980574c8_bg.wasm', 'main-0123456789abcdef.css', 'x-a1.js']) {
    assert.ok(isHashedAsset(name), name);
  }
  for (const name of ['silent-callback.js', 'config.json', 'app-0123456789abcdef0.js']) {
    assert.ok(!isHashedAsset(name), name);
  }
});

test('config.json is fresh for at most 5 minutes, then served while it revalidates for at most a day', () => {
  const rules = parseHeaders(readFileSync(`${DIST}/_headers`, 'utf8'));
  const cache = headersFor(rules, `${baseOf(DIST)}config.json`)['cache-control'];
  const maxAge = Number(/(?:^|, )max-age=(\d+)(?:,|$)/.exec(cache)?.[1]);
  assert.ok(maxAge >= 0 && maxAge <= 300, cache);
  const swr = Number(/stale-while-revalidate=(\d+)/.exec(cache)?.[1]);
  assert.ok(swr > 0 && swr <= 86400, cache);
  assert.doesNotMatch(cache, /immutable/, cache);
  const nginx = nginxSnippet(buildFacts(DIST, config));
  assert.match(nginx, /location = \/\S*config\.json \{[^}]*stale-while-revalidate=/);
});

test('the built index.html preloads config.json, versioned with the served file', () => {
  const index = readFileSync(`${DIST}/index.html`, 'utf8');
  const version = configVersion(readFileSync(`${DIST}/config.json`));
  assert.match(version, /^[0-9a-f]{16}$/);
  assert.equal(index, withConfigPreload(index, baseOf(DIST), version));
  assert.ok(index.includes(`href="${baseOf(DIST)}config.json?v=${version}"`));
  assert.notEqual(configVersion('{"scope":"openid"}'), configVersion('{"scope":"openid email"}'));
  assert.throws(() => withConfigPreload('<html></html>', '/', version), /no config.json preload/);
  assert.throws(() => withConfigPreload(index, '/', '" onload="x'), /bad config version/);
});

test('rules for a sub-path: every path under the base, one CSP per page', () => {
  const facts = {
    base: '/app/', provider: 'https://op.example', inlineHashes: [], extraConnect: [],
    hashed: ['x-0123456789abcdef.js'],
  };
  const rules = parseHeaders(headersFile(facts));
  assert.ok(rules.every((rule) => rule.path.startsWith('/app/')), 'no rule outside /app/');
  for (const route of ['', 'index.html', 'login', 'callback', 'profile', 'device']) {
    const headers = headersFor(rules, `/app/${route}`);
    assert.match(headers['content-security-policy'], /frame-ancestors 'none'/, route);
    assert.equal(headers['referrer-policy'], 'no-referrer', route);
  }
  for (const route of ['silent-callback', 'silent-callback.html']) {
    assert.match(headersFor(rules, `/app/${route}`)['content-security-policy'], /frame-ancestors 'self'/);
  }
  assert.match(headersFor(rules, '/app/x-0123456789abcdef.js')['cache-control'], /immutable/);
  assert.deepEqual(headersFor(rules, '/profile'), {}, 'paths outside the base are not ours');

  assert.equal(redirectsFile('/app/').split('\n')[0], '/app/login /app/index.html 200');
  assert.match(redirectsFile('/app/'), /^\/app\/silent-callback \/app\/silent-callback\.html 200$/m);
  const nginx = nginxSnippet(facts);
  for (const line of ['location = /app/ {', 'location ~ ^/app/(login|callback|profile|device)$ {',
    'try_files /app/index.html =404;', 'try_files /app/silent-callback.html =404;',
    'location ~ "^/app/[^/]*-[0-9a-f]{1,16}(_bg)?\\.(js|wasm|css)$" {', 'location /app/ {']) {
    assert.ok(nginx.includes(line), line);
  }
  assert.doesNotMatch(nginx, /location (= )?\/ \{/, 'no location at the root');
  assert.match(notFoundPage('/app/'), /<a href="\/app\/">/);
});

test('a base path must look like / or /app/, and match the build', () => {
  for (const good of ['/', '/app/', '/tools/auth/', '/v1.2_x~y-z/']) assert.equal(checkBase(good), good);
  for (const bad of ['', 'app/', '/app', '//evil.example/', '/a//b/', '/../', '/./', '/a b/',
    '/%61/', '/app/?x/', '/app/#/']) {
    assert.throws(() => checkBase(bad), /base path/, JSON.stringify(bad));
  }
  const other = baseOf(DIST) === '/' ? '/app/' : '/';
  assert.throws(() => buildFacts(DIST, config, other), /was built for the base/);
});
