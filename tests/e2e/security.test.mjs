// Security journeys: no secret in any console message, URL or Web Storage; provider text is
// shown as text; the CDN headers are the ones the app is served with.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { APP, AppPage, PROVIDER, allowedIn, startStack } from './harness.mjs';

let stack;
before(async () => (stack = await startStack()));
after(async () => stack?.stop());

describe('secrets never leak', () => {
  test('a full journey puts no secret in the console, in URLs or in Web Storage', async () => {
    const context = await stack.browser.newContext();
    const app = await AppPage.open(context);
    const { seen } = app;
    await app.goto('/profile');
    await app.signInAtProvider();
    await app.waitForState('authenticated');
    await app.page.getByTestId('userinfo').waitFor();
    const storage = await app.page.evaluate(() => JSON.stringify({ ...localStorage, ...sessionStorage }));
    await app.signOut();

    const kinds = new Set(seen.secrets.values());
    for (const kind of ['state', 'nonce', 'code', 'code_verifier', 'access_token', 'id_token']) {
      assert.ok(kinds.has(kind), `the journey saw a ${kind}`);
    }
    for (const [value, kind] of seen.secrets) {
      for (const line of seen.console) assert.ok(!line.includes(value), `${kind} in console: ${line}`);
      for (const url of seen.urls) {
        if (url.includes(value)) assert.ok(allowedIn(kind, url), `${kind} in URL ${url.slice(0, 80)}`);
      }
      if (kind !== 'state') assert.ok(!storage.includes(value), `${kind} in Web Storage`);
    }
    assert.deepEqual(app.problems, []);
    await context.close();
  });
});

describe('provider text is text', () => {
  test('error_description with markup is shown literally', async () => {
    const context = await stack.browser.newContext();
    const app = await AppPage.open(context);
    await app.goto('/');
    await app.waitForState('anonymous');
    const authorize = app.page.waitForRequest((r) => r.url().startsWith(`${PROVIDER}/auth?`));
    await app.page.getByTestId('login').click();
    const state = new URL((await authorize).url()).searchParams.get('state');
    const markup = '<img src=x id=injected onerror="window.pwned=1"><b>bold</b>';
    const query = new URLSearchParams({ error: 'server_error', error_description: markup, state, iss: PROVIDER });
    await app.goto(`/callback?${query}`);
    assert.equal(await app.errorCode(), 'server_error');
    assert.equal(await app.page.locator('#injected, .error-panel b').count(), 0);
    assert.ok((await app.page.locator('.error-panel').textContent()).includes(markup));
    assert.equal(await app.page.evaluate(() => window.pwned), undefined);
    await context.close();
  });
});

describe('served with the production headers', () => {
  test('every app route carries the CSP and security headers', async () => {
    for (const path of ['/', '/login', '/callback', '/profile', '/device']) {
      const response = await fetch(`${APP}${path}`);
      assert.equal(response.status, 200, path);
      const csp = response.headers.get('content-security-policy') ?? '';
      assert.match(csp, /script-src 'self' 'wasm-unsafe-eval'/, path);
      assert.doesNotMatch(csp, /'unsafe-inline'|'unsafe-eval'/, path);
      assert.match(csp, /frame-ancestors 'none'/, path);
      assert.match(csp, new RegExp(`connect-src 'self' ${PROVIDER}(;|$)`), path);
      assert.match(csp, new RegExp(`frame-src ${PROVIDER} 'self'(;|$)`), path);
      assert.equal(response.headers.get('referrer-policy'), 'no-referrer', path);
      assert.equal(response.headers.get('x-content-type-options'), 'nosniff', path);
    }
    assert.equal((await fetch(`${APP}/no-such-page`)).status, 404);
    const silent = await fetch(`${APP}/silent-callback?state=x`);
    assert.equal(silent.status, 200);
    assert.match(silent.headers.get('content-security-policy'), /frame-ancestors 'self'/);
    assert.doesNotMatch(await silent.text(), /wasm/, 'the silent callback does not boot the app');
  });
});
