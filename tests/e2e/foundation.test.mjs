// Journeys of the foundation: sign in, protected deep link, sign out, provider errors, tampered
// state, replayed callbacks, hostile return-to. Real app build, real provider, real Chromium.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { APP, PROVIDER, USER, journeys, startStack } from './harness.mjs';

let stack;
const { freshApp } = journeys(() => stack);
before(async () => (stack = await startStack()));
after(async () => stack?.stop());

describe('foundation journeys', () => {
  test('sign in from home shows the user, and the callback leaves no code in the URL', async () => {
    const app = await freshApp();
    await app.goto('/');
    await app.signIn();
    assert.equal(app.path(), '/');
    assert.equal(new URL(app.page.url()).search, '', 'code, state and iss are stripped');
    await app.page.getByTestId('logout').waitFor();
    assert.match(await app.page.locator('.site-header').textContent(), new RegExp(USER.name));
  });

  test('deep link to /profile signs in and comes back with the right sub and userinfo', async () => {
    const app = await freshApp();
    await app.goto('/profile');
    await app.signInAtProvider();
    await app.waitForState('authenticated');
    await app.page.getByTestId('user-sub').waitFor();
    assert.equal(app.path(), '/profile');
    assert.equal(await app.page.getByTestId('user-sub').textContent(), USER.sub);
    const userinfo = JSON.parse(await app.page.getByTestId('userinfo').textContent());
    assert.equal(userinfo.sub, USER.sub);
  });

  test('sign out ends the local and the provider session', async () => {
    const app = await freshApp();
    await app.goto('/');
    await app.signIn();
    await app.signOut();
    assert.equal(new URL(app.page.url()).search, '', 'the logout state is stripped');

    // The provider session is gone: signing in again asks for the password.
    await app.page.getByTestId('login').click();
    await app.page.waitForURL((url) => url.origin === PROVIDER);
    await app.page.locator('#login').waitFor();
  });

  test('denied consent shows access_denied on an error page', async () => {
    const app = await freshApp();
    await app.goto('/');
    await app.waitForState('anonymous');
    await app.page.getByTestId('login').click();
    await app.signInAtProvider({ approve: false });
    assert.equal(await app.errorCode(), 'access_denied');
    await app.page.getByTestId('retry').waitFor();
  });

  test('a callback with a tampered state is refused and no session is kept', async () => {
    const app = await freshApp();
    await app.goto('/');
    await app.waitForState('anonymous');
    const authorize = app.page.waitForRequest((r) => r.url().startsWith(`${PROVIDER}/auth?`));
    await app.page.getByTestId('login').click();
    const sent = new URL((await authorize).url()).searchParams.get('state');
    assert.ok(sent && sent.length >= 43, 'state carries at least 256 bits');
    // A forged response: a pending attempt exists, but the state is not the one sent.
    await app.goto(`/callback?code=forged&state=${sent.slice(0, -2)}xy&iss=${PROVIDER}`);
    assert.equal(await app.errorCode(), 'state_mismatch');
    assert.equal(new URL(app.page.url()).search, '', 'the forged response is stripped');
    await app.page.getByRole('link', { name: 'Home' }).last().click();
    await app.waitForState('anonymous');
  });

  test('reloading /callback or going Back after sign-in never shows an error', async () => {
    const app = await freshApp();
    await app.goto('/profile');
    await app.signInAtProvider();
    await app.waitForState('authenticated');
    await app.page.reload();
    await app.page.waitForFunction(() => document.body.dataset.authState !== 'loading');
    assert.notEqual(await app.authState(), 'error');

    await app.goto('/callback');
    await app.page.waitForURL(`${APP}/`);
    assert.notEqual(await app.authState(), 'error');

    await app.page.goBack();
    await app.page.waitForLoadState();
    if (new URL(app.page.url()).origin === APP) {
      await app.page.waitForFunction(() => document.body.dataset.authState !== 'loading');
      assert.notEqual(await app.authState(), 'error');
    }
  });

  for (const hostile of [
    '//evil.example', '/\\evil.example', 'https://evil.example/', 'javascript:alert(1)',
    '/%2F%2Fevil.example', '/%5Cevil.example', 'java\tscript:alert(1)', '/\t/evil.example',
    '/\n/evil.example', '\t//evil.example', `/${'a'.repeat(5000)}`, '/%2fevil.example',
  ]) {
    test(`hostile return_to ${JSON.stringify(hostile).slice(0, 40)} lands on /`, async () => {
      const app = await freshApp();
      await app.goto(`/login?return_to=${encodeURIComponent(hostile)}`);
      await app.signInAtProvider();
      await app.waitForState('authenticated');
      assert.equal(new URL(app.page.url()).origin, APP);
      assert.equal(app.path(), '/');
      });
  }
});
