// Shared end-to-end fixtures: the real provider (tests/provider/server.mjs), the release build
// served by serve.mjs with its production headers, and Debian's Chromium via playwright-core.
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { readFileSync } from 'node:fs';
import { afterEach } from 'node:test';
import assert from 'node:assert/strict';
import { chromium } from 'playwright-core';
import { baseOf } from '../../scripts/headers.mjs';
import { startServer } from './serve.mjs';

// Ports can be moved (E2E_APP_PORT, E2E_PROVIDER_PORT) so that several suites or a running demo
// do not collide; the app then gets a config.json pointing at that provider.
export const APP_PORT = Number(process.env.E2E_APP_PORT ?? 8080);
export const PROVIDER_PORT = Number(process.env.E2E_PROVIDER_PORT ?? 9000);
export const APP = `http://127.0.0.1:${APP_PORT}`;
export const PROVIDER = `http://127.0.0.1:${PROVIDER_PORT}`;
export const USER = { login: 'alice', password: 'wonderland', sub: 'alice', name: 'Alice Liddell' };

const CHROMIUM_ARGS = [
  '--no-sandbox', '--disable-gpu', '--disable-background-networking',
  '--disable-component-update', '--disable-sync', '--no-first-run', '--disable-quic',
];

/** Starts the provider and waits for its READY line. `env` overrides its settings. */
export async function startProvider(env = {}) {
  const child = spawn('node', ['tests/provider/server.mjs'], {
    env: { ...process.env, PROVIDER_PORT: String(PROVIDER_PORT), APP_ORIGIN: APP, ...env },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const lines = [];
  let ready;
  const isReady = new Promise((resolve) => (ready = resolve));
  child.stdout.setEncoding('utf8');
  child.stdout.on('data', (chunk) => {
    for (const line of chunk.split('\n').filter(Boolean)) {
      lines.push(line);
      if (line.startsWith('READY')) ready();
    }
  });
  const exited = once(child, 'exit').then(() => {
    throw new Error(`provider exited early:\n${lines.join('\n')}`);
  });
  await Promise.race([isReady, exited]);
  return {
    lines,
    async stop() {
      if (child.exitCode !== null) return;
      child.kill('SIGTERM');
      await once(child, 'exit');
    },
  };
}

/** The app's config.json for this stack: the built one, pointed at PROVIDER, plus `extra`. */
export function appConfig(extra = {}) {
  const built = JSON.parse(readFileSync('public/config.json', 'utf8'));
  return { ...built, issuer: PROVIDER, ...extra };
}

/**
 * Everything a journey needs; call `stop()` in `after`. `config` adds config.json keys. A build
 * for a sub-path is served under it, and `base` is that path (`/` for a root build).
 */
export async function startStack({
  providerEnv = {}, dist = process.env.E2E_DIST ?? 'dist', config = {},
} = {}) {
  const base = baseOf(dist);
  const provider = await startProvider({ APP_BASE: base, ...providerEnv });
  const server = await startServer(dist, APP_PORT, { config: appConfig(config) });
  const browser = await chromium.launch({
    executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
    args: CHROMIUM_ARGS,
    headless: true,
  });
  return {
    base,
    provider,
    browser,
    async stop() {
      await browser.close();
      await new Promise((resolve) => server.close(resolve));
      await provider.stop();
    },
  };
}

/** Records every console message and request URL, and the secrets that crossed the wire. */
export function recordEverything(page, base = '/') {
  const seen = { console: [], urls: [], secrets: new Map() };
  const secret = (kind, value) => value && seen.secrets.set(value, kind);
  page.on('console', (msg) => seen.console.push(msg.text()));
  page.on('request', (request) => {
    const url = new URL(request.url());
    seen.urls.push(request.url());
    if (url.origin === PROVIDER && url.pathname === '/auth') {
      secret('state', url.searchParams.get('state'));
      secret('nonce', url.searchParams.get('nonce'));
      secret('code_challenge', url.searchParams.get('code_challenge'));
    }
    if (url.origin === APP && url.pathname === `${base}callback`) {
      secret('code', url.searchParams.get('code'));
    }
    if (url.origin === PROVIDER && url.pathname === '/token') {
      secret('code_verifier', new URLSearchParams(request.postData() ?? '').get('code_verifier'));
    }
  });
  page.on('response', async (response) => {
    if (!response.url().startsWith(`${PROVIDER}/token`) || response.status() !== 200) return;
    const body = await response.json().catch(() => ({}));
    for (const kind of ['access_token', 'refresh_token', 'id_token']) secret(kind, body[kind]);
  });
  return seen;
}

// Where a value may legitimately appear in a URL: the request that carries it by protocol.
export function allowedIn(kind, url, base = '/') {
  const { origin, pathname } = new URL(url);
  const landing = origin === APP && [`${base}callback`, `${base}silent-callback`].includes(pathname);
  if (kind === 'state') return (origin === PROVIDER && pathname === '/auth') || landing;
  if (kind === 'nonce' || kind === 'code_challenge') return origin === PROVIDER && pathname === '/auth';
  if (kind === 'code') return landing;
  // RP-initiated logout sends the ID token as id_token_hint by design (OIDC RP-Initiated Logout).
  if (kind === 'id_token') return origin === PROVIDER && pathname.startsWith('/session/end');
  return false;
}

/** A page object over the app's stable hooks, recording console errors and CSP violations.
 * `base` is the path the build is served under. */
export class AppPage {
  constructor(page, base = '/') {
    this.page = page;
    this.base = base;
    this.problems = [];
    this.seen = recordEverything(page, base);
    // Only the app's own pages count: the provider's pages are not ours to judge.
    const onApp = () => page.url().startsWith(APP);
    page.on('console', (msg) => {
      if (msg.type() === 'error' && onApp()) this.problems.push(`console: ${msg.text()}`);
    });
    page.on('response', (response) => {
      if (response.status() >= 400 && response.url().startsWith(APP)) {
        this.problems.push(`HTTP ${response.status()} ${response.url()}`);
      }
    });
    page.on('pageerror', (err) => this.problems.push(`pageerror: ${err.message}`));
  }

  static async open(context, base = '/') {
    // Chromium reports CSP violations in the console too; this makes sure each one is an error.
    await context.addInitScript(() => {
      document.addEventListener('securitypolicyviolation', (e) => {
        console.error(`CSP violation: ${e.violatedDirective} blocked ${e.blockedURI}`);
      });
    });
    return new AppPage(await context.newPage(), base);
  }

  async goto(path) {
    await this.page.goto(`${APP}${path}`);
  }

  authState() {
    return this.page.locator('body').getAttribute('data-auth-state');
  }

  async waitForState(state, timeout = 15_000) {
    await this.page.waitForFunction(
      (want) => document.body.dataset.authState === want, state, { timeout });
  }

  async errorCode() {
    await this.waitForState('error');
    return this.page.getByTestId('auth-error').textContent();
  }

  /** Answers the provider's pages (login form, consent) until it sends the browser back. */
  async signInAtProvider({ approve = true } = {}) {
    const page = this.page;
    await page.waitForURL((url) => url.origin === PROVIDER);
    for (let step = 0; step < 6; step += 1) {
      await page.waitForLoadState('domcontentloaded');
      if (new URL(page.url()).origin !== PROVIDER) return;
      const login = page.locator('#login');
      const approveButton = page.locator(approve ? '#approve' : '#deny');
      await login.or(approveButton).first().waitFor({ timeout: 10_000 });
      // The login form posts to its own URL and the consent page may share it: wait for a
      // navigation, not for a different URL.
      const next = page.waitForEvent('framenavigated', (frame) => frame === page.mainFrame());
      if (await login.count()) {
        await login.fill(USER.login);
        await page.fill('#password', USER.password);
        await page.click('#submit');
      } else {
        await approveButton.click();
      }
      await next;
    }
    throw new Error(`stuck at the provider: ${page.url()}`);
  }

  /** Sign out, confirm the provider's logout page, and wait until back here, anonymous. */
  async signOut() {
    await this.page.getByTestId('logout').click();
    await this.page.waitForURL((url) => url.origin === PROVIDER);
    await this.page.click('#logout-confirm');
    await this.page.waitForURL((url) => url.origin === APP);
    await this.waitForState('anonymous');
  }

  /** From anywhere in the app: Sign in, through the provider, back signed in. */
  async signIn() {
    await this.waitForState('anonymous');
    await this.page.getByTestId('login').click();
    await this.signInAtProvider();
    await this.waitForState('authenticated');
  }

  /** Secrets seen on the wire that showed up in a console message or an unexpected URL. */
  leaks() {
    const found = [];
    for (const [value, kind] of this.seen.secrets) {
      if (this.seen.console.some((line) => line.includes(value))) found.push(`${kind} in console`);
      const url = this.seen.urls.find((u) => u.includes(value) && !allowedIn(kind, u, this.base));
      if (url) found.push(`${kind} in URL ${url.slice(0, 60)}`);
    }
    return found;
  }

  path() {
    return new URL(this.page.url()).pathname;
  }
}

/**
 * Journeys in fresh browser contexts: returns `freshApp()`, and registers an `afterEach` that
 * closes them and fails the journey on a console error, an uncaught exception, a CSP violation,
 * an HTTP error from the app's origin, or a secret in a console message or unexpected URL.
 */
export function journeys(getStack) {
  let opened = [];
  afterEach(async () => {
    const problems = opened.flatMap((app) => [...app.problems, ...app.leaks()]);
    await Promise.all(opened.map((app) => app.page.context().close()));
    opened = [];
    assert.deepEqual(problems, [], 'no console errors, page errors, CSP violations or leaks');
  });
  return {
    async freshApp() {
      const stack = getStack();
      const app = await AppPage.open(await stack.browser.newContext(), stack.base);
      opened.push(app);
      return app;
    },
    track(app) {
      opened.push(app);
      return app;
    },
  };
}
