// Journeys of the device sign-in page (RFC 8628): a "TV" context shows a code, a "phone" context
// approves or denies it at the provider, the TV signs in or says why not. Real app build, real
// provider, real Chromium. The provider asks for a poll every 5 s, so each journey waits at
// least one interval; slow_down and back-off are covered by the core's host tests.
import { after, afterEach, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { AppPage, PROVIDER, USER, startStack } from './harness.mjs';

const TOKEN_ENDPOINT = `${PROVIDER}/token`;
const DEVICE_GRANT = 'urn:ietf:params:oauth:grant-type:device_code';
// Chromium logs every 4xx fetch as a console error. Every poll but a successful one gets a 400
// (`authorization_pending`, `access_denied`, `expired_token`), as RFC 8628 §3.5 prescribes: one
// such line per 400 poll is expected, and these are the only console errors forgiven here.
const FAILED_LOAD = /^Failed to load resource: the server responded with a status of 400\b/;

let stack;
let opened = [];

afterEach(async () => {
  const problems = opened.flatMap(unexpectedProblems);
  await Promise.all(opened.map((tv) => tv.page.context().close()));
  opened = [];
  assert.deepEqual(problems, [], 'no console errors, page errors or CSP violations');
});

/** The app on the device without a keyboard, counting its polls and their console lines. */
async function openTv(context) {
  const tv = await AppPage.open(context);
  tv.polls = 0;
  tv.rejectedPollLogs = 0;
  tv.page.on('request', (request) => {
    const grant = `grant_type=${encodeURIComponent(DEVICE_GRANT)}`;
    if (request.url() === TOKEN_ENDPOINT && request.postData()?.includes(grant)) tv.polls += 1;
  });
  tv.page.on('console', (msg) => {
    const rejectedPoll = msg.location().url === TOKEN_ENDPOINT && FAILED_LOAD.test(msg.text());
    if (rejectedPoll) tv.rejectedPollLogs += 1;
  });
  opened.push(tv);
  return tv;
}

async function freshTv() {
  return openTv(await stack.browser.newContext());
}

/** The TV's problems minus the console lines of 400 answers to its polls. */
function unexpectedProblems(tv) {
  let forgiven = tv.rejectedPollLogs;
  return tv.problems.filter((problem) => {
    if (forgiven > 0 && FAILED_LOAD.test(problem.replace(/^console: /, ''))) {
      forgiven -= 1;
      return false;
    }
    return true;
  });
}

async function userCode(tv) {
  const code = tv.page.getByTestId('user-code');
  await code.waitFor({ timeout: 15_000 });
  return (await code.textContent()).trim();
}

async function deviceError(tv, timeout = 20_000) {
  const error = tv.page.getByTestId('device-error');
  await error.waitFor({ timeout });
  return error.textContent();
}

/** On the "phone": enters `code` at `verificationUri`, then approves (signing in) or denies. */
async function answerOnPhone(verificationUri, code, { approve = true } = {}) {
  const context = await stack.browser.newContext();
  try {
    const page = await context.newPage();
    await page.goto(verificationUri);
    await page.fill('#user-code', code);
    await page.click('#user-code-submit');
    assert.equal(await page.textContent('#device-user-code'), code);
    if (!approve) {
      await page.click('#device-deny');
      await page.locator('#error').waitFor();
      return;
    }
    await page.click('#device-approve');
    await page.fill('#login', USER.login);
    await page.fill('#password', USER.password);
    await page.click('#submit');
    const consent = page.locator('#approve');
    const done = page.locator('#device-success');
    await consent.or(done).first().waitFor();
    if (await consent.count()) await consent.click();
    await done.waitFor();
  } finally {
    await context.close();
  }
}

describe('device sign-in', () => {
  before(async () => (stack = await startStack()));
  after(async () => stack?.stop());

  test('approving on the phone signs the TV in, and it stops polling', async () => {
    const tv = await freshTv();
    await tv.goto('/device');
    const code = await userCode(tv);
    const link = tv.page.getByTestId('verification-uri');
    const verificationUri = await link.getAttribute('href');
    assert.equal(verificationUri, `${PROVIDER}/device`);
    assert.equal((await link.textContent()).trim(), verificationUri);
    assert.equal(await tv.page.locator('[data-testid="device-qr"] svg[role="img"]').count(), 1);
    assert.match(await tv.page.getByTestId('device-countdown').textContent(), /^\d+:\d\d$/);

    await answerOnPhone(verificationUri, code);
    await tv.waitForState('authenticated', 20_000);
    await tv.page.waitForURL((url) => url.pathname === '/profile');
    assert.equal(await tv.page.getByTestId('user-sub').textContent(), USER.sub);
    const userinfo = JSON.parse(await tv.page.getByTestId('userinfo').textContent());
    assert.equal(userinfo.sub, USER.sub);

    // One more interval: no poll follows the one that brought the tokens.
    const polls = tv.polls;
    assert.ok(polls >= 1);
    await tv.page.waitForTimeout(5_500);
    assert.equal(tv.polls, polls, 'no poll after success');
  });

  test('denying on the phone shows device_access_denied and offers a new code', async () => {
    const tv = await freshTv();
    await tv.goto('/device');
    const code = await userCode(tv);
    const verificationUri = await tv.page.getByTestId('verification-uri').getAttribute('href');

    await answerOnPhone(verificationUri, code, { approve: false });
    assert.equal(await deviceError(tv), 'device_access_denied');
    await tv.page.getByTestId('device-restart').waitFor();
    assert.equal(await tv.authState(), 'anonymous');
  });

  test('leaving the page stops the polling', async () => {
    const tv = await freshTv();
    await tv.goto('/device');
    await userCode(tv);
    await tv.page.getByRole('link', { name: 'Home' }).click();
    await tv.page.waitForURL((url) => url.pathname === '/');
    // The first poll was due one interval after the code arrived.
    await tv.page.waitForTimeout(6_000);
    assert.equal(tv.polls, 0, 'no poll after the page was left');
  });

  test('signed in already: a note and a link to the profile, and no device code', async () => {
    const tv = await freshTv();
    let requested = false;
    tv.page.on('request', (request) => {
      if (request.url().startsWith(`${PROVIDER}/device/auth`)) requested = true;
    });
    await tv.goto('/');
    await tv.signIn();
    // Client-side navigation: the session is in memory only and would not survive a reload.
    await tv.page.getByRole('link', { name: 'Device sign-in' }).click();
    await tv.page.getByTestId('device-already-signed-in').waitFor();
    await tv.page.getByTestId('device-already-signed-in').getByRole('link').click();
    assert.equal(await tv.page.getByTestId('user-sub').textContent(), USER.sub);
    assert.equal(requested, false);
  });

  test('a provider without device authorization gets the normal sign-in instead', async () => {
    const context = await stack.browser.newContext();
    await context.route(`${PROVIDER}/.well-known/openid-configuration`, async (route) => {
      const response = await route.fetch();
      const { device_authorization_endpoint: _, ...json } = await response.json();
      await route.fulfill({ response, json });
    });
    const tv = await openTv(context);
    await tv.goto('/device');
    await tv.page.getByTestId('device-unsupported').waitFor();
    await tv.page.getByTestId('device-login').click();
    await tv.signInAtProvider();
    await tv.waitForState('authenticated');
    assert.equal(tv.path(), '/profile');
  });
});

describe('device sign-in with a short-lived code', () => {
  before(async () => (stack = await startStack({ providerEnv: { DEVICE_CODE_TTL: '6' } })));
  after(async () => stack?.stop());

  test('an expired code shows device_expired, and a new code is a different one', async () => {
    const tv = await freshTv();
    await tv.goto('/device');
    const first = await userCode(tv);
    assert.equal(await deviceError(tv), 'device_expired');
    assert.equal(await tv.page.getByTestId('user-code').count(), 0, 'the dead code is gone');

    await tv.page.getByTestId('device-restart').click();
    const second = await userCode(tv);
    assert.notEqual(second, first);
    assert.equal(await tv.page.getByTestId('device-error').count(), 0);
    assert.equal(await tv.authState(), 'anonymous');
  });
});
