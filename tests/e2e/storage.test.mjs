// Storage journeys: in `indexeddb` mode the session survives a reload and a browser restart,
// IndexedDB holds nothing readable, a corrupted record means anonymous (not an error page) and
// sign-out wipes keys and records; in `memory` mode a reload without a provider session is
// anonymous. Real app build, real provider, real Chromium.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';

import { AppPage, PROVIDER, USER, journeys, startStack } from './harness.mjs';
import {
  captureTokens, corruptSessionRecord, dumpIndexedDb, persistentProfile,
} from './storage/browser.mjs';

let stack;
const { freshApp, track } = journeys(() => stack);

/** Requests to the provider from now on, as URLs. */
function providerRequests(page) {
  const urls = [];
  page.on('request', (request) => {
    if (request.url().startsWith(PROVIDER)) urls.push(request.url());
  });
  return urls;
}

async function settledState(app) {
  await app.page.waitForFunction(() => document.body.dataset.authState !== 'loading');
  return app.authState();
}

describe('indexeddb mode', () => {
  before(async () => (stack = await startStack({ config: { token_store: 'indexeddb' } })));
  after(async () => stack?.stop());

  test('a reload restores the session without a request to the provider', async () => {
    const app = await freshApp();
    await app.goto('/');
    await app.signIn();
    const requests = providerRequests(app.page);
    await app.page.reload();
    await app.waitForState('authenticated');
    assert.match(await app.page.locator('.site-header').textContent(), new RegExp(USER.name));
    assert.deepEqual(requests, [], 'restoring asks the provider nothing');

    // A protected deep link renders at once instead of going to the provider.
    await app.goto('/profile');
    await app.waitForState('authenticated');
    assert.equal(await app.page.getByTestId('user-sub').textContent(), USER.sub);
    assert.ok(!requests.some((url) => url.startsWith(`${PROVIDER}/auth`)), 'no new sign-in');
  });

  test('a reload opens and reads IndexedDB once: the app takes over what early-start.js did', async () => {
    const app = await freshApp();
    await app.page.context().addInitScript(() => {
      const seen = (window.__idb = []);
      const open = IDBFactory.prototype.open;
      IDBFactory.prototype.open = function (...args) {
        seen.push('open');
        return open.apply(this, args);
      };
      const transaction = IDBDatabase.prototype.transaction;
      IDBDatabase.prototype.transaction = function (...args) {
        seen.push('transaction');
        return transaction.apply(this, args);
      };
    });
    await app.goto('/');
    await app.signIn();
    await app.page.reload();
    await app.waitForState('authenticated');
    // Without the takeover the app would open and read again: two of each. (Whether the script
    // finishes before the wasm starts is a race, and not what this checks.)
    assert.deepEqual(await app.page.evaluate(() => window.__idb), ['open', 'transaction']);
  });

  test('start-up work that never settles delays the app, never stalls it', async () => {
    const app = await freshApp();
    await app.goto('/');
    await app.signIn();
    // What early-start.js leaves never settles: a hung fetch, a hung IndexedDB.
    await app.page.context().addInitScript(() => {
      for (const key of ['__oauthEarlyConfig', '__oauthEarlyDb']) {
        Object.defineProperty(window, key, { get: () => new Promise(() => {}), set() {} });
      }
    });
    const started = Date.now();
    await app.page.reload();
    await app.page.waitForFunction(() => document.body.dataset.authState === 'authenticated',
      null, { timeout: 20_000 });
    assert.ok(Date.now() - started >= 9_000, 'it waited out the config bound, then fetched');
    const warned = app.seen.console.filter((m) => m.includes('did not settle'));
    assert.equal(warned.length, 2, 'one warning per abandoned task');
  });

  test('a browser restart with the same profile keeps the user signed in', async () => {
    const profile = persistentProfile();
    try {
      let context = await profile.launch();
      let app = await AppPage.open(context);
      await app.goto('/');
      await app.signIn();
      // Without the provider's cookies only the stored session can sign the user back in.
      await context.clearCookies();
      const firstRun = app.problems;
      await context.close();

      context = await profile.launch();
      app = await AppPage.open(context);
      const requests = providerRequests(app.page);
      await app.goto('/');
      await app.waitForState('authenticated');
      assert.match(await app.page.locator('.site-header').textContent(), new RegExp(USER.name));
      assert.deepEqual(requests, [], 'restoring asks the provider nothing');
      const problems = [...firstRun, ...app.problems];
      await context.close();
      assert.deepEqual(problems, [], 'no console errors, page errors or CSP violations');
    } finally {
      profile.remove();
    }
  });

  test('IndexedDB holds a locked key and ciphertext, never a piece of a token', async () => {
    const app = await freshApp();
    const tokens = captureTokens(app.page);
    await app.goto('/');
    await app.signIn();
    await app.page.reload();
    await app.waitForState('authenticated');
    assert.deepEqual(tokens.map((t) => t.kind).sort(), ['access_token', 'id_token', 'refresh_token']);

    const dump = await dumpIndexedDb(app.page);
    const keys = Object.fromEntries(dump['oauth-spa/keys']);
    assert.deepEqual(JSON.parse(keys.root), {
      cryptoKey: 'secret', extractable: false, usages: ['encrypt', 'decrypt'],
    });
    assert.match(keys.data, /^bytes:/);
    assert.deepEqual(dump['oauth-spa/records'].map(([key]) => key), ['session']);

    const text = JSON.stringify(dump);
    const WINDOW = 12;
    for (const { kind, value } of tokens) {
      for (let at = 0; at + WINDOW <= value.length; at += 1) {
        const piece = value.slice(at, at + WINDOW);
        assert.ok(!text.includes(piece), `IndexedDB contains part of the ${kind}`);
      }
    }
  });

  test('a corrupted record makes the next load anonymous, without an error page', async () => {
    const app = await freshApp();
    await app.goto('/');
    await app.signIn();
    await corruptSessionRecord(app.page);
    // No provider session either, so nothing can sign the user back in behind our back.
    await app.page.context().clearCookies();
    await app.page.reload();
    assert.equal(await settledState(app), 'anonymous');
    const dump = await dumpIndexedDb(app.page);
    assert.deepEqual(dump['oauth-spa/records'], [], 'the bad record is deleted');

    // And it stays that way: no loop, no error on the next load.
    await app.page.reload();
    assert.equal(await settledState(app), 'anonymous');
    await app.signIn();
  });

  test('sign-out deletes the stored session and the keys', async () => {
    const app = await freshApp();
    await app.goto('/');
    await app.signIn();
    await app.signOut();
    const dump = await dumpIndexedDb(app.page);
    assert.deepEqual(dump['oauth-spa/records'], []);
    assert.deepEqual(dump['oauth-spa/keys'], []);
    await app.page.reload();
    assert.equal(await settledState(app), 'anonymous');
  });
});

describe('memory mode', () => {
  before(async () => (stack = await startStack({ config: { token_store: 'memory' } })));
  after(async () => stack?.stop());

  test('a reload without a provider session leaves the user anonymous', async () => {
    const app = await freshApp();
    await app.goto('/');
    await app.signIn();
    await app.page.context().clearCookies();
    await app.page.reload();
    assert.equal(await settledState(app), 'anonymous');
    const dump = await dumpIndexedDb(app.page);
    assert.deepEqual(Object.keys(dump), [], 'memory mode writes nothing to IndexedDB');
  });

  test('after a switch from indexeddb, the first start wipes what was stored', async () => {
    const app = await freshApp();
    await app.goto('/');
    await app.waitForState('anonymous');
    // What an indexeddb deployment of this origin left behind, and its hint.
    await app.page.evaluate(() => new Promise((resolve, reject) => {
      const open = indexedDB.open('oauth-spa', 1);
      open.onupgradeneeded = () => ['keys', 'records'].forEach((s) => open.result.createObjectStore(s));
      open.onerror = () => reject(open.error);
      open.onsuccess = () => {
        const tx = open.result.transaction(['keys', 'records'], 'readwrite');
        tx.objectStore('keys').put(new Uint8Array([1, 2, 3]), 'data');
        tx.objectStore('records').put(new TextEncoder().encode('leftover'), 'session');
        tx.oncomplete = () => { open.result.close(); resolve(); };
        tx.onerror = () => reject(tx.error);
      };
      localStorage.setItem('oauth.token_store', 'indexeddb');
    }));
    await app.page.reload();
    assert.equal(await settledState(app), 'anonymous');
    await app.page.waitForFunction(() => localStorage.getItem('oauth.token_store') === null);
    const dump = await dumpIndexedDb(app.page);
    assert.deepEqual(dump, { 'oauth-spa/keys': [], 'oauth-spa/records': [] });
  });
});

describe('indexeddb mode with short-lived tokens', () => {
  const ttl = 6;
  before(async () => {
    stack = await startStack({
      config: { token_store: 'indexeddb' },
      providerEnv: { ACCESS_TOKEN_TTL: String(ttl), ID_TOKEN_TTL: String(ttl), CLOCK_TOLERANCE: '0' },
    });
  });
  after(async () => stack?.stop());

  test('a stored session whose access token expired is refreshed on load', async () => {
    const context = await stack.browser.newContext();
    const app = await AppPage.open(context);
    track(app);
    await app.goto('/');
    await app.signIn();
    await app.page.goto('about:blank'); // no tab keeps refreshing meanwhile
    await new Promise((resolve) => setTimeout(resolve, (ttl + 2) * 1000));
    const refreshes = () => stack.provider.lines
      .filter((l) => l.startsWith('TOKEN grant_type=refresh_token status=200')).length;
    const before = refreshes();
    const back = new AppPage(await context.newPage());
    track(back);
    await back.goto('/profile');
    await back.waitForState('authenticated');
    assert.equal(refreshes(), before + 1, 'one refresh before the session was used');
    const userinfo = JSON.parse(await back.page.getByTestId('userinfo').textContent());
    assert.equal(userinfo.sub, USER.sub, 'the API call used a fresh access token');
  });
});
