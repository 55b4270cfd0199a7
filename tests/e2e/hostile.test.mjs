// The hostile provider (issue 5): the real app in Chromium, the real provider behind a proxy
// that lies on purpose (tests/e2e/hostile/). Every lie must end with the user not signed in,
// the right error code on the error page, no token in Web Storage, IndexedDB, the console or the
// page, and an anonymous reload. Each case runs in a fresh browser context.
import { after, afterEach, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';

import { APP, AppPage, PROVIDER, USER } from './harness.mjs';
import { flipSignatureBit, jwksOf, makeKey, resign, swapPayload } from './hostile/jose.mjs';
import { startHostileStack } from './hostile/stack.mjs';
import { snapshotStorage } from './hostile/storage.mjs';

let stack;
let opened = [];
// HOSTILE_TOKEN_STORE=indexeddb runs the same lies against the encrypted IndexedDB store.
const tokenStore = process.env.HOSTILE_TOKEN_STORE;
before(async () => (stack = await startHostileStack({ config: tokenStore ? { token_store: tokenStore } : {} })));
after(async () => stack?.stop());
afterEach(async () => {
  const problems = opened.flatMap((app) => app.problems);
  await Promise.all(opened.map((app) => app.page.context().close()));
  opened = [];
  stack.proxy.reset();
  assert.deepEqual(problems, [], 'no console errors, page errors or CSP violations');
});

const rs = makeKey('RS256');
const rs2 = makeKey('RS256');
const ec = makeKey('ES256');
const now = () => Math.floor(Date.now() / 1000);
const JWKS = '/jwks';

/** A mode that publishes `keys` and re-signs every ID token with `key` (see jose.resign). */
const resigning = (keys, key, options = {}) => ({
  jwks: () => jwksOf(keys),
  idToken: (token, body) => resign(token, body.access_token, { key, ...options }),
});
/** As `resigning`, then `finish(token)` spoils the signed token. */
const spoiled = (keys, key, finish) => ({
  jwks: () => jwksOf(keys),
  idToken: (token, body) => finish(resign(token, body.access_token, { key })),
});
const advertising = (algs) => (doc) => ({ ...doc, id_token_signing_alg_values_supported: algs });

async function freshApp() {
  const app = await AppPage.open(await stack.browser.newContext());
  app.console = [];
  app.page.on('console', (msg) => app.console.push(msg.text()));
  opened.push(app);
  return app;
}

/** Home, anonymous, JWKS prefetched and cached; then Sign in through the provider's pages. */
async function signInThroughProxy(app) {
  await app.goto('/');
  await app.waitForState('anonymous');
  await app.page.waitForFunction((key) => localStorage.getItem(key) !== null, `oauth.jwks.${PROVIDER}`);
  await app.page.getByTestId('login').click();
  await app.signInAtProvider();
}

/** No token the provider issued or the proxy made is in Web Storage, IndexedDB (no session
 * record either: the token store may seal it), the console or the page. */
async function assertNoTokenKept(app) {
  const { webStorage, indexedDb } = await snapshotStorage(app.page);
  assert.doesNotMatch(indexedDb, /"keys":\[[^\]]*"session/, 'no session record in IndexedDB');
  const storage = webStorage + indexedDb;
  const text = await app.page.locator('body').innerText();
  assert.doesNotMatch(storage, /eyJ[\w-]+\.eyJ[\w-]*\./, 'no JWT in Web Storage or IndexedDB');
  for (const secret of stack.proxy.secrets()) {
    assert.ok(!storage.includes(secret), 'no token in Web Storage or IndexedDB');
    assert.ok(!text.includes(secret), 'no token on the page');
    assert.ok(!app.console.some((line) => line.includes(secret)), 'no token in the console');
  }
}

/** The error page shows `code`, nothing was kept, and a reload is anonymous. */
async function assertRefused(app, code, { exchanged = true } = {}) {
  assert.equal(await app.errorCode(), code);
  assert.equal(await app.page.getByTestId('logout').count(), 0, 'no signed-in header');
  if (exchanged) assert.ok(stack.proxy.secrets().length >= 3, 'the case went through a real code exchange');
  await assertNoTokenKept(app);
  await app.page.reload();
  await app.page.waitForFunction(() => !['loading', undefined].includes(document.body.dataset.authState));
  assert.equal(await app.authState(), 'anonymous', 'a reload is anonymous');
  await assertNoTokenKept(app);
}

async function assertSignedIn(app) {
  await app.page.waitForFunction(() => ['authenticated', 'error'].includes(document.body.dataset.authState));
  if ((await app.authState()) === 'error') {
    const code = await app.page.getByTestId('auth-error').textContent();
    assert.fail(`expected to be signed in, got ${code} (JWKS requests seen: ${stack.proxy.count(JWKS)})`);
  }
  await app.page.getByTestId('logout').waitFor();
  assert.match(await app.page.locator('.site-header').textContent(), new RegExp(USER.name));
}

describe('the proxy itself tells the truth when asked to', () => {
  test('untouched: the provider signs, the app signs in', async () => {
    const app = await freshApp();
    await signInThroughProxy(app);
    await assertSignedIn(app);
    // The control for assertNoTokenKept: where the store seals sessions, this one is seen.
    const { indexedDb } = await snapshotStorage(app.page);
    const sealed = /"keys":\[[^\]]*"session/.test(indexedDb);
    assert.equal(sealed, tokenStore === 'indexeddb', `session record in IndexedDB: ${sealed}`);
  });

  for (const alg of ['RS256', 'ES256', 'PS256', 'EdDSA']) {
    test(`re-signed honestly with the proxy's ${alg} key: signed in`, async () => {
      const key = makeKey(alg);
      stack.proxy.mode = { ...resigning([rs, ec, key], key), discovery: advertising(['RS256', 'ES256', alg]) };
      const app = await freshApp();
      await signInThroughProxy(app);
      await assertSignedIn(app);
    });
  }
});

describe('lying claims are refused', () => {
  const claimCases = [
    ['wrong iss', 'invalid_id_token_iss', (c) => ({ ...c, iss: 'http://127.0.0.1:1' })],
    ['wrong aud', 'invalid_id_token_aud', (c) => ({ ...c, aud: 'another-client' })],
    ['missing sub', 'invalid_id_token_sub', ({ sub, ...c }) => c],
    ['missing iat', 'invalid_id_token_iat', ({ iat, ...c }) => c],
    ['wrong nonce', 'invalid_id_token_nonce', (c) => ({ ...c, nonce: 'not-the-nonce-that-was-sent' })],
    ['expired token', 'invalid_id_token_exp', (c) => ({ ...c, iat: now() - 900, exp: now() - 600 })],
    ['iat far in the future', 'invalid_id_token_iat', (c) => ({ ...c, iat: now() + 3600, exp: now() + 7200 })],
    ['at_hash of another access token', 'invalid_id_token_at_hash', (c) => ({ ...c, at_hash: 'AAAAAAAAAAAAAAAAAAAAAA' })],
  ];
  for (const [name, code, claims] of claimCases) {
    test(`${name} → ${code}`, async () => {
      stack.proxy.mode = resigning([rs, ec], rs, { claims });
      const app = await freshApp();
      await signInThroughProxy(app);
      await assertRefused(app, code);
    });
  }
});

describe('bad signatures and forbidden algorithms are refused', () => {
  const foreignRs = { ...makeKey('RS256'), kid: rs.kid };
  const foreignEc = { ...makeKey('ES256'), kid: ec.kid };
  const cases = [
    ['RS256 signed by another key under the published kid', () => resigning([rs, ec], foreignRs)],
    ['RS256 signature with one bit flipped', () => spoiled([rs, ec], rs, flipSignatureBit)],
    ['RS256 claims changed after signing', () => spoiled([rs, ec], rs, (t) => swapPayload(t, (c) => ({ ...c, sub: 'mallory' })))],
    ['ES256 signed by another key under the published kid', () => resigning([rs, ec], foreignEc)],
    ['ES256 signature with one bit flipped', () => spoiled([rs, ec], ec, flipSignatureBit)],
    ['ES256 claims changed after signing', () => spoiled([rs, ec], ec, (t) => swapPayload(t, (c) => ({ ...c, sub: 'mallory' })))],
  ];
  for (const [name, mode] of cases) {
    test(`${name} → id_token_bad_signature`, async () => {
      stack.proxy.mode = mode();
      const app = await freshApp();
      await signInThroughProxy(app);
      await assertRefused(app, 'id_token_bad_signature');
    });
  }

  test('alg none, even when advertised → id_token_alg_none', async () => {
    stack.proxy.mode = { ...resigning([rs, ec], undefined, { alg: 'none' }), discovery: advertising(['none', 'RS256', 'ES256']) };
    const app = await freshApp();
    await signInThroughProxy(app);
    await assertRefused(app, 'id_token_alg_none');
  });

  test('HS256 keyed with the published RSA public key, even when advertised → id_token_alg_hmac', async () => {
    const hmacSecret = rs.publicKey.export({ type: 'spki', format: 'pem' });
    stack.proxy.mode = {
      ...resigning([rs, ec], rs, { alg: 'HS256', hmacSecret, header: (h) => ({ ...h, kid: rs.kid }) }),
      discovery: advertising(['HS256', 'RS256', 'ES256']),
    };
    const app = await freshApp();
    await signInThroughProxy(app);
    await assertRefused(app, 'id_token_alg_hmac');
  });

  test('an algorithm the provider does not advertise (ES256 when only RS256 is) → id_token_alg_not_allowed', async () => {
    stack.proxy.mode = { ...resigning([rs, ec], ec), discovery: advertising(['RS256']) };
    const app = await freshApp();
    await signInThroughProxy(app);
    await assertRefused(app, 'id_token_alg_not_allowed');
  });

  test('RS256 header whose kid names the EC key → jwks_key_mismatch', async () => {
    stack.proxy.mode = resigning([rs, ec], { ...rs, kid: ec.kid });
    const app = await freshApp();
    await signInThroughProxy(app);
    await assertRefused(app, 'jwks_key_mismatch');
  });
});

describe('choosing the key', () => {
  const noKid = { header: ({ kid, ...h }) => h };

  test('no kid, one key in the JWKS (itself without kid): signed in', async () => {
    const lone = makeKey('RS256', null);
    stack.proxy.mode = resigning([lone], lone, noKid);
    const app = await freshApp();
    await signInThroughProxy(app);
    await assertSignedIn(app);
  });

  test('no kid, an RSA and an EC key, RS256 token: the one fitting key, signed in', async () => {
    stack.proxy.mode = resigning([rs, ec], rs, noKid);
    const app = await freshApp();
    await signInThroughProxy(app);
    await assertSignedIn(app);
  });

  test('no kid, two RSA keys that both fit → jwks_ambiguous_key', async () => {
    stack.proxy.mode = resigning([rs, rs2, ec], rs, noKid);
    const app = await freshApp();
    await signInThroughProxy(app);
    await assertRefused(app, 'jwks_ambiguous_key');
  });

  /** Serves `before` until the token response, then `afterwards`, signing with its first key. */
  const rotating = (before, afterwards, extra = {}) => {
    let keys = before;
    return {
      ...extra,
      jwks: () => jwksOf(keys),
      idToken: (token, body) => {
        keys = afterwards;
        return resign(token, body.access_token, { key: afterwards[0] });
      },
    };
  };

  test('unknown kid after a key rotation: exactly one JWKS refetch, then signed in', async () => {
    const [old, fresh] = [makeKey('RS256'), makeKey('RS256')];
    stack.proxy.mode = rotating([old], [fresh, old]);
    const app = await freshApp();
    await signInThroughProxy(app);
    await assertSignedIn(app);
    assert.equal(stack.proxy.count(JWKS), 2, 'the prefetch, then exactly one refetch');
  });

  test('rotation while the JWKS is served with Cache-Control max-age (as big providers do): one real refetch, signed in', async () => {
    const [old, fresh] = [makeKey('RS256'), makeKey('RS256')];
    stack.proxy.mode = rotating([old], [fresh, old], { jwksHeaders: { 'cache-control': 'public, max-age=86400' } });
    const app = await freshApp();
    await signInThroughProxy(app);
    await assertSignedIn(app);
    assert.equal(stack.proxy.count(JWKS), 2, 'the prefetch, then exactly one refetch that reached the provider');
  });

  test('a kid that is still unknown after the refetch → jwks_unknown_kid, one refetch only', async () => {
    const stranger = makeKey('RS256');
    stack.proxy.mode = { jwks: () => jwksOf([rs, ec]), idToken: (t, body) => resign(t, body.access_token, { key: stranger }) };
    const app = await freshApp();
    await signInThroughProxy(app);
    assert.equal(await app.errorCode(), 'jwks_unknown_kid');
    assert.equal(stack.proxy.count(JWKS), 2, 'the prefetch, then exactly one refetch');
    await assertRefused(app, 'jwks_unknown_kid');
  });
});

describe('userinfo, discovery and the authorization response', () => {
  test('userinfo for another sub: signed in, but the profile shows userinfo_sub_mismatch', async () => {
    stack.proxy.mode = { userinfo: (claims) => ({ ...claims, sub: 'mallory', name: 'Mallory' }) };
    const app = await freshApp();
    await app.goto('/profile');
    await app.signInAtProvider();
    await app.waitForState('authenticated');
    const error = app.page.getByTestId('userinfo-error');
    await error.waitFor();
    assert.match(await error.textContent(), /\(userinfo_sub_mismatch\)/);
    assert.equal(await app.page.getByTestId('userinfo').count(), 0, 'no userinfo claims shown');
    assert.equal(await app.page.getByTestId('user-sub').textContent(), USER.sub);
    assert.ok(!(await app.page.locator('body').innerText()).includes('Mallory'));
    assert.equal(stack.proxy.count('/me'), 1);
  });

  test('discovery naming another issuer → discovery_issuer_mismatch at start-up, nothing cached', async () => {
    stack.proxy.mode = { discovery: (doc) => ({ ...doc, issuer: 'http://127.0.0.1:1' }) };
    const app = await freshApp();
    await app.goto('/');
    await app.page.evaluate(() => localStorage.clear());
    await app.page.reload();
    assert.equal(await app.errorCode(), 'discovery_issuer_mismatch');
    assert.equal(await app.page.getByTestId('login').count(), 0);
    const storage = await app.page.evaluate(() => JSON.stringify({ ...localStorage }));
    assert.ok(!storage.includes('127.0.0.1:1"'), 'the lying document is not cached');
    await app.page.reload();
    assert.equal(await app.errorCode(), 'discovery_issuer_mismatch', 'still refused: the lie was not cached');
    stack.proxy.reset();
    await app.page.reload();
    await app.waitForState('anonymous');
  });

  for (const [name, code, rewrite] of [
    ['iss naming another issuer', 'iss_mismatch', (url) => url.searchParams.set('iss', 'http://127.0.0.1:1')],
    ['iss missing (the provider advertises it)', 'missing_iss', (url) => url.searchParams.delete('iss')],
  ]) {
    test(`authorization response with ${name} → ${code}, and the code is never exchanged`, async () => {
      stack.proxy.mode = {
        location: (location) => {
          const url = new URL(location, PROVIDER);
          if (url.origin !== APP || url.pathname !== '/callback') return location;
          rewrite(url);
          return url.href;
        },
      };
      const app = await freshApp();
      await signInThroughProxy(app);
      await assertRefused(app, code, { exchanged: false });
      assert.equal(stack.proxy.count('/token'), 0, 'no token request');
    });
  }
});
