// Token lifecycle against the real provider with 10-second tokens: auto-refresh, one refresh
// across tabs, tab sync, silent authentication, outages, replay detection, revocation.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { AppPage, PROVIDER, startStack } from './harness.mjs';

const TTL = 10;
let stack;
before(async () => {
  stack = await startStack({
    providerEnv: { ACCESS_TOKEN_TTL: String(TTL), ID_TOKEN_TTL: String(TTL), CLOCK_TOLERANCE: '0' },
  });
});
after(async () => stack?.stop());

const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));
const refreshes = () => stack.provider.lines
  .filter((l) => l.startsWith('TOKEN grant_type=refresh_token status=200')).length;

/** Records the tokens the page receives from the token endpoint, latest last. */
function captureTokens(page) {
  const seen = [];
  page.on('response', async (response) => {
    if (!response.url().startsWith(`${PROVIDER}/token`) || response.status() !== 200) return;
    seen.push(await response.json().catch(() => ({})));
  });
  return seen;
}

async function signedInContext() {
  const context = await stack.browser.newContext();
  const app = await AppPage.open(context);
  const tokens = captureTokens(app.page);
  await app.goto('/profile');
  await app.signInAtProvider();
  await app.waitForState('authenticated');
  await app.page.getByTestId('userinfo').waitFor();
  return { context, app, tokens };
}

async function userinfoStillWorks(app) {
  await app.page.getByRole('link', { name: 'Home' }).first().click();
  await app.page.getByRole('link', { name: 'Profile' }).first().click();
  await app.page.getByTestId('userinfo').or(app.page.getByTestId('userinfo-error')).waitFor();
  assert.equal(await app.page.getByTestId('userinfo-error').count(), 0, 'userinfo failed');
}

describe('token lifecycle', () => {
  test('the API call keeps working for three token lifetimes without a reload', async () => {
    const { context, app } = await signedInContext();
    for (let i = 0; i < 7; i += 1) {
      await sleep((TTL * 1000) / 2);
      await userinfoStillWorks(app);
      assert.equal(await app.authState(), 'authenticated');
    }
    assert.deepEqual(app.problems, []);
    await context.close();
  });

  test('three tabs share one refresh per schedule, and sign-out reaches every tab', async () => {
    const { context, app } = await signedInContext();
    const tabs = [app];
    for (let i = 0; i < 2; i += 1) {
      const tab = new AppPage(await context.newPage());
      await tab.goto('/');
      await tab.waitForState('authenticated');
      tabs.push(tab);
    }
    const before = refreshes();
    const windowSecs = 3 * TTL;
    await sleep(windowSecs * 1000);
    const made = refreshes() - before;
    // Tokens are refreshed at half their lifetime: one refresh every TTL/2 seconds in total.
    const expected = windowSecs / (TTL / 2);
    assert.ok(made >= expected - 1 && made <= expected + 1, `${made} refreshes, ~${expected} due`);
    for (const tab of tabs) assert.equal(await tab.authState(), 'authenticated');
    await userinfoStillWorks(app);

    await tabs[0].page.getByTestId('logout').click();
    await Promise.all(tabs.slice(1).map((tab) => tab.waitForState('anonymous', 1_000)));
    for (const tab of tabs) assert.deepEqual(tab.problems, []);
    await context.close();
  });

  test('a new tab signs in silently while the provider session lives', async () => {
    const { context, app } = await signedInContext();
    await app.page.close();
    const fresh = new AppPage(await context.newPage());
    await fresh.goto('/');
    await fresh.waitForState('authenticated');
    assert.deepEqual(fresh.problems, []);
    await context.close();

    const stranger = await AppPage.open(await stack.browser.newContext());
    await stranger.goto('/');
    await stranger.waitForState('anonymous');
    assert.equal(await stranger.page.getByTestId('auth-error').count(), 0);
    await stranger.page.context().close();
  });

  test('an unreachable provider keeps the user signed in, and refresh recovers', async () => {
    const { context, app } = await signedInContext();
    const before = refreshes();
    await context.route(`${PROVIDER}/token`, (route) => route.abort('connectionrefused'));
    await sleep(TTL * 1000 + 2_000);
    assert.equal(await app.authState(), 'authenticated', 'still signed in during the outage');
    assert.equal(refreshes(), before, 'no refresh got through');
    await context.unroute(`${PROVIDER}/token`);
    await app.page.waitForFunction(() => true);
    for (let i = 0; i < 40 && refreshes() === before; i += 1) await sleep(500);
    assert.ok(refreshes() > before, 'refreshed after the provider came back');
    await userinfoStillWorks(app);
    await context.close();
  });

  test('a replayed refresh token ends the session cleanly, with a message', async () => {
    const { context, app, tokens } = await signedInContext();
    const first = tokens[0].refresh_token;
    const count = tokens.length;
    for (let i = 0; i < 40 && tokens.length === count; i += 1) await sleep(500);
    assert.ok(tokens.length > count, 'the app rotated its refresh token');
    // An attacker replays the stolen, already used token: the provider revokes the grant.
    const replay = await fetch(`${PROVIDER}/token`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ grant_type: 'refresh_token', refresh_token: first, client_id: 'spa-demo' }),
    });
    assert.equal(replay.status, 400);
    await app.waitForState('anonymous', TTL * 1000 + 5_000);
    assert.match(await app.page.getByTestId('session-ended').textContent(), /session has ended/);
    assert.equal(await app.page.getByTestId('auth-error').count(), 0);
    await context.close();
  });

  test('without Web Locks and BroadcastChannel the app still works as a single tab', async () => {
    const context = await stack.browser.newContext();
    await context.addInitScript(() => {
      Object.defineProperty(Navigator.prototype, 'locks', { get: () => undefined });
      delete window.BroadcastChannel;
    });
    const app = await AppPage.open(context);
    const warnings = [];
    app.page.on('console', (msg) => msg.type() === 'warning' && warnings.push(msg.text()));
    await app.goto('/profile');
    await app.signInAtProvider();
    await app.waitForState('authenticated');
    const before = refreshes();
    for (let i = 0; i < 40 && refreshes() === before; i += 1) await sleep(500);
    assert.ok(refreshes() > before, 'refreshed without Web Locks');
    await userinfoStillWorks(app);
    assert.equal(await app.authState(), 'authenticated');
    assert.ok(warnings.some((w) => /BroadcastChannel unavailable/.test(w)), warnings.join('\n'));
    assert.ok(warnings.some((w) => /Web Locks unavailable/.test(w)), warnings.join('\n'));
    assert.deepEqual(app.problems, []);
    await context.close();
  });

  test('after sign-out the old tokens are rejected by the provider', async () => {
    const { context, app, tokens } = await signedInContext();
    const { access_token: access, refresh_token: refresh } = tokens.at(-1);
    await app.signOut();
    const userinfo = await fetch(`${PROVIDER}/me`, { headers: { authorization: `Bearer ${access}` } });
    assert.equal(userinfo.status, 401, 'the access token is revoked');
    const reuse = await fetch(`${PROVIDER}/token`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ grant_type: 'refresh_token', refresh_token: refresh, client_id: 'spa-demo' }),
    });
    assert.equal((await reuse.json()).error, 'invalid_grant', 'the refresh token is revoked');
    await context.close();
  });
});
