// Journeys of a build served under a sub-path: scripts/test.sh builds it with PUBLIC_URL=/app/
// into dist-subpath/ (E2E_SUBPATH_DIST points elsewhere). The base must reach the routes, the
// links, the three redirect URIs, the config preload, the silent-callback page, the return-to
// rules and the deployment rules; anything still asking for a root path gets a 404 here, which
// fails the journey.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import {
  buildFacts, configVersion, headersFile, redirectsFile, withConfigPreload,
} from '../../scripts/headers.mjs';
import { APP, PROVIDER, USER, journeys, startStack } from './harness.mjs';

const DIST = process.env.E2E_SUBPATH_DIST ?? 'dist-subpath';
const BASE = '/app/';
const VERSION = configVersion(readFileSync(`${DIST}/config.json`));

let stack;
const { freshApp } = journeys(() => stack);
before(async () => {
  stack = await startStack({ dist: DIST, config: { token_store: 'memory' } });
});
after(async () => stack?.stop());

/** The query of the first request to `url` prefix made while `action` runs. */
async function queryOf(app, prefix, action) {
  const request = app.page.waitForRequest((r) => r.url().startsWith(prefix));
  await action();
  return new URL((await request).url()).searchParams;
}

describe('a build under /app/', () => {
  test('was built for /app/ and ships the rules generated for it', async () => {
    assert.equal(stack.base, BASE);
    const config = JSON.parse(readFileSync('public/config.json', 'utf8'));
    const facts = buildFacts(DIST, config);
    assert.equal(readFileSync(`${DIST}/_headers`, 'utf8'), headersFile(facts));
    assert.equal(readFileSync(`${DIST}/_redirects`, 'utf8'), redirectsFile(BASE));
    const index = readFileSync(`${DIST}/index.html`, 'utf8');
    assert.equal(index, withConfigPreload(index, BASE, VERSION), 'the preload is already set');
    assert.match(index, /href="\/app\/config\.json\?v=[0-9a-f]{16}"/);

    const silent = await fetch(`${APP}/app/silent-callback`);
    assert.match(silent.headers.get('content-security-policy'), /frame-ancestors 'self'/);
    const page = await fetch(`${APP}/app/profile`);
    assert.match(page.headers.get('content-security-policy'), /frame-ancestors 'none'/);
    assert.equal((await fetch(`${APP}/profile`)).status, 404, 'nothing is served outside the base');
  });

  test('sign in from /app/ uses /app/callback and comes back to /app/', async () => {
    const app = await freshApp();
    await app.goto(BASE);
    await app.waitForState('anonymous');
    const sent = await queryOf(app, `${PROVIDER}/auth?`, () => app.page.getByTestId('login').click());
    assert.equal(sent.get('redirect_uri'), `${APP}/app/callback`);
    await app.signInAtProvider();
    await app.waitForState('authenticated');
    assert.equal(app.path(), BASE);
    assert.equal(new URL(app.page.url()).search, '', 'code, state and iss are stripped');
    const configs = app.seen.urls.filter((u) => u.includes('config.json'));
    assert.deepEqual([...new Set(configs)], [`${APP}/app/config.json?v=${VERSION}`]);

    // The header's links stay under the base and navigate inside the app.
    await app.page.getByRole('link', { name: 'Profile', exact: true }).click();
    await app.page.getByTestId('user-sub').waitFor();
    assert.equal(app.path(), '/app/profile');
  });

  test('a deep link to /app/profile signs in and comes back with the right sub', async () => {
    const app = await freshApp();
    await app.goto('/app/profile');
    await app.signInAtProvider();
    await app.waitForState('authenticated');
    await app.page.getByTestId('user-sub').waitFor();
    assert.equal(app.path(), '/app/profile');
    assert.equal(await app.page.getByTestId('user-sub').textContent(), USER.sub);
  });

  test('a reload signs in silently through /app/silent-callback', async () => {
    const app = await freshApp();
    await app.goto(BASE);
    await app.signIn();
    // Memory store: the reload forgets the tokens, and this is the only tab, so only the
    // provider's session in the hidden iframe can bring the user back.
    const script = app.page.waitForRequest(`${APP}/app/silent-callback.js`);
    const landed = await queryOf(app, `${APP}/app/silent-callback?`, () => app.page.reload());
    assert.ok(landed.get('code'), 'the iframe landed on /app/silent-callback with a code');
    await script;
    await app.waitForState('authenticated');
    assert.equal(app.path(), BASE);
  });

  test('sign out returns to /app/, anonymous', async () => {
    const app = await freshApp();
    await app.goto('/app/profile');
    await app.signInAtProvider();
    await app.waitForState('authenticated');
    const end = app.page.waitForRequest((r) => r.url().startsWith(`${PROVIDER}/session/end`));
    await app.signOut();
    const sent = new URL((await end).url()).searchParams;
    assert.equal(sent.get('post_logout_redirect_uri'), `${APP}/app/`);
    assert.equal(app.path(), BASE);
    assert.equal(new URL(app.page.url()).search, '', 'the logout state is stripped');
  });

  for (const hostile of ['/profile', '//evil.example', '/other/', '/app/login', '/app//login']) {
    test(`return_to ${JSON.stringify(hostile)} outside the app lands on /app/`, async () => {
      const app = await freshApp();
      await app.goto(`/app/login?return_to=${encodeURIComponent(hostile)}`);
      await app.signInAtProvider();
      await app.waitForState('authenticated');
      assert.equal(new URL(app.page.url()).origin, APP);
      assert.equal(app.path(), BASE);
    });
  }
});
