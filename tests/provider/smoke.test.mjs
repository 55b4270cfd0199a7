// Smoke test of the demo/test OpenID Provider: `node --test tests/provider/smoke.test.mjs`.
// Part 1 speaks HTTP only; part 2 drives Debian's Chromium through the provider's pages with a
// fake app (page.route answers the redirect URIs, so no app needs to run).
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';

import { launchChromium, pkcePair, postForm, startProvider } from './harness.mjs';

const APP = 'http://127.0.0.1:8080';
const CLIENT_ID = 'spa-demo';
const REDIRECT = `${APP}/callback`;

let op;
before(async () => { op = await startProvider({ APP_ORIGIN: APP, CLIENT_ID }); });
after(async () => { assert.equal(await op?.stop(), 0, 'provider exits cleanly on SIGTERM'); });

const countLines = (re) => op.lines.filter((l) => re.test(l)).length;

describe('discovery and endpoints', () => {
  it('advertises what the SPA relies on', async () => {
    const res = await fetch(`${op.issuer}/.well-known/openid-configuration`);
    assert.equal(res.status, 200);
    const meta = await res.json();
    assert.equal(meta.issuer, op.issuer);
    assert.equal(meta.authorization_response_iss_parameter_supported, true);
    assert.ok(meta.code_challenge_methods_supported.includes('S256'));
    assert.ok(!meta.code_challenge_methods_supported.includes('plain'));
    assert.deepEqual(meta.response_types_supported, ['code']);
    for (const key of ['end_session_endpoint', 'revocation_endpoint',
      'device_authorization_endpoint', 'userinfo_endpoint']) {
      assert.match(meta[key] ?? '', /^http:\/\/127\.0\.0\.1:\d+\//, key);
    }
    assert.equal(meta.device_authorization_endpoint, `${op.issuer}/device/auth`);
    const jwks = await (await fetch(meta.jwks_uri)).json();
    assert.deepEqual(jwks.keys.map((k) => k.alg).sort(), ['ES256', 'RS256']);
  });

  it('allows CORS on the token endpoint for the app origin only', async () => {
    const fields = { grant_type: 'refresh_token', client_id: CLIENT_ID, refresh_token: 'bogus' };
    const ok = await postForm(`${op.issuer}/token`, fields, { Origin: APP });
    assert.equal(ok.headers.get('access-control-allow-origin'), APP);
    assert.equal(ok.json.error, 'invalid_grant');
    const other = await postForm(`${op.issuer}/token`, fields, { Origin: 'http://127.0.0.1:8081' });
    assert.equal(other.headers.get('access-control-allow-origin'), null);
    assert.equal(other.status, 400);
  });

  it('rejects a JSON token request with 400', async () => {
    const res = await fetch(`${op.issuer}/token`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ grant_type: 'authorization_code', client_id: CLIENT_ID, code: 'x' }),
    });
    assert.equal(res.status, 400);
    assert.equal((await res.json()).error, 'invalid_request');
  });
});

describe('browser flows', () => {
  let browser; let page; let appHits;
  before(async () => {
    browser = await launchChromium();
    page = await (await browser.newContext()).newPage();
    appHits = [];
    // Stand-in for the SPA: record where the provider sends the browser back to.
    await page.route(`${APP}/**`, (route) => {
      appHits.push(new URL(route.request().url()));
      return route.fulfill({ status: 200, contentType: 'text/html', body: '<p id="app">app</p>' });
    });
  });
  after(async () => { await browser?.close(); });

  const authorize = async () => {
    const pkce = pkcePair();
    const state = Math.random().toString(36).slice(2);
    const url = new URL(`${op.issuer}/auth`);
    url.search = new URLSearchParams({
      client_id: CLIENT_ID, response_type: 'code', redirect_uri: REDIRECT, state,
      scope: 'openid profile email', code_challenge: pkce.challenge, code_challenge_method: 'S256',
    });
    await page.goto(url.href);
    return { pkce, state };
  };
  const backAtApp = async (path) => {
    await page.waitForURL((u) => u.href.startsWith(`${APP}${path}`));
    return appHits.at(-1);
  };
  const tokenRequest = (fields) => postForm(`${op.issuer}/token`, { client_id: CLIENT_ID, ...fields });
  let tokens;

  it('denies at consent with access_denied', async () => {
    const { state } = await authorize();
    await page.fill('#login', 'alice');
    await page.fill('#password', 'wrong');
    await page.click('#submit');
    assert.match(await page.textContent('#error'), /wrong username or password/i);
    await page.fill('#password', 'wonderland');
    await page.click('#submit');
    await page.click('#deny');
    const back = await backAtApp('/callback');
    assert.equal(back.searchParams.get('error'), 'access_denied');
    assert.equal(back.searchParams.get('state'), state);
    assert.equal(back.searchParams.get('iss'), op.issuer);
  });

  it('runs code + PKCE, then rotates the refresh token', async () => {
    const { pkce, state } = await authorize();
    // Signed in already (previous test): the provider goes straight to consent.
    await page.click('#approve');
    const back = await backAtApp('/callback');
    assert.equal(back.searchParams.get('state'), state);
    assert.equal(back.searchParams.get('iss'), op.issuer);
    const code = back.searchParams.get('code');
    assert.ok(code);

    const res = await tokenRequest({
      grant_type: 'authorization_code', code, redirect_uri: REDIRECT, code_verifier: pkce.verifier,
    });
    assert.equal(res.status, 200, res.text);
    tokens = res.json;
    for (const key of ['access_token', 'id_token', 'refresh_token']) assert.ok(tokens[key], key);
    assert.equal(tokens.token_type, 'Bearer');
    assert.ok(tokens.expires_in <= 300);

    const me = await fetch(`${op.issuer}/me`, { headers: { Authorization: `Bearer ${tokens.access_token}` } });
    assert.deepEqual(await me.json(), {
      sub: 'alice', name: 'Alice Liddell', preferred_username: 'alice',
      email: 'alice@example.com', email_verified: true,
    });

    const before = countLines(/^TOKEN grant_type=refresh_token status=200$/);
    const refreshed = await tokenRequest({ grant_type: 'refresh_token', refresh_token: tokens.refresh_token });
    assert.equal(refreshed.status, 200, refreshed.text);
    assert.ok(refreshed.json.access_token);
    assert.notEqual(refreshed.json.refresh_token, tokens.refresh_token, 'refresh token rotates');
    assert.equal(countLines(/^TOKEN grant_type=refresh_token status=200$/), before + 1);

    const replay = await tokenRequest({ grant_type: 'refresh_token', refresh_token: tokens.refresh_token });
    assert.equal(replay.status, 400);
    assert.equal(replay.json.error, 'invalid_grant');
    assert.ok(op.lines.includes('TOKEN grant_type=refresh_token status=400 error=invalid_grant'));
  });

  it('signs out after a click on #logout-confirm', async () => {
    const url = new URL(`${op.issuer}/session/end`);
    url.search = new URLSearchParams({
      id_token_hint: tokens.id_token, post_logout_redirect_uri: `${APP}/`, state: 'bye',
    });
    await page.goto(url.href);
    await page.click('#logout-confirm');
    const back = await backAtApp('/');
    assert.equal(back.pathname, '/');
    assert.equal(back.searchParams.get('state'), 'bye');
  });

  it('drives the device flow pages', async () => {
    const start = await postForm(`${op.issuer}/device/auth`, { client_id: CLIENT_ID, scope: 'openid profile' });
    assert.equal(start.status, 200, start.text);
    const { device_code: deviceCode, user_code: userCode, verification_uri: uri } = start.json;
    assert.equal(uri, `${op.issuer}/device`);

    await page.goto(uri);
    await page.fill('#user-code', userCode);
    await page.click('#user-code-submit');
    assert.equal(await page.textContent('#device-user-code'), userCode);
    await page.click('#device-approve');
    // Signed out by the previous test: log in again, then consent.
    await page.fill('#login', 'alice');
    await page.fill('#password', 'wonderland');
    await page.click('#submit');
    await page.click('#approve');
    await page.waitForSelector('#device-success');

    const res = await tokenRequest({
      grant_type: 'urn:ietf:params:oauth:grant-type:device_code', device_code: deviceCode,
    });
    assert.equal(res.status, 200, res.text);
    assert.ok(res.json.access_token && res.json.id_token);

    const denied = await postForm(`${op.issuer}/device/auth`, { client_id: CLIENT_ID, scope: 'openid' });
    await page.goto(denied.json.verification_uri_complete);
    await page.click('#device-deny');
    assert.match(await page.textContent('#error'), /aborted/);
    const poll = await tokenRequest({
      grant_type: 'urn:ietf:params:oauth:grant-type:device_code', device_code: denied.json.device_code,
    });
    assert.equal(poll.json.error, 'access_denied');
  });
});
