// Benchmark (not a test): first-load bundle size of dist/, and the time from the /callback
// document to data-auth-state="authenticated" over repeated real sign-ins, with the requests
// the app made in between, then reload to authenticated with the session in encrypted IndexedDB,
// next to the floor of that (scripts/bench-lib.mjs).
// Run `make bench` (it builds the release bundle first).
import { readFileSync, readdirSync } from 'node:fs';
import { join, extname } from 'node:path';
import { brotliCompressSync, constants, gzipSync } from 'node:zlib';
import { AppPage, PROVIDER, startStack } from '../tests/e2e/harness.mjs';
import {
  AUTHENTICATED, authenticatedAfterResponse, floorTimings, median, nextAuthenticated,
  recordAuthenticated, timedReloads,
} from './bench-lib.mjs';

const DIST = 'dist';
const RUNS = Number(process.env.BENCH_RUNS ?? 12);
const kb = (n) => (n / 1024).toFixed(1);

function bundleSizes() {
  const rows = readdirSync(DIST)
    // What a first visit loads: the app's page, loader, wasm and styles; not the 404 page or the
    // silent-callback page, which only the hidden iframe loads later.
    .filter((f) => ['.html', '.js', '.wasm', '.css'].includes(extname(f)))
    .filter((f) => f !== '404.html' && !f.startsWith('silent-callback'))
    .map((file) => {
      const bytes = readFileSync(join(DIST, file));
      const brotli = brotliCompressSync(bytes, {
        params: { [constants.BROTLI_PARAM_QUALITY]: 11 },
      }).length;
      return { file, raw: bytes.length, gzip: gzipSync(bytes, { level: 9 }).length, brotli };
    });
  const total = rows.reduce(
    (t, r) => ({ raw: t.raw + r.raw, gzip: t.gzip + r.gzip, brotli: t.brotli + r.brotli }),
    { raw: 0, gzip: 0, brotli: 0 });
  return { rows, total: { file: 'total first load', ...total } };
}

async function callbackTimings() {
  // Silent sign-in would restore the provider session on every visit to `/`; a 1 ms bound makes
  // it give up at once, so each round starts anonymous and goes through a real callback.
  const stack = await startStack({ config: { silent_auth_timeout_ms: 1 } });
  try {
    const context = await stack.browser.newContext();
    await context.addInitScript(recordAuthenticated, AUTHENTICATED);
    const app = await AppPage.open(context);
    await app.goto('/');
    await app.signIn(); // warms the cache and creates the provider session and grant
    const timings = [];
    const providerRequests = [];
    for (let i = 0; i < RUNS; i += 1) {
      await app.goto('/');
      await app.waitForState('anonymous');
      const seen = [];
      const onRequest = (request) => seen.push(request.url());
      app.page.on('request', onRequest);
      const authenticated = nextAuthenticated(app.page);
      await app.page.getByTestId('login').click();
      await authenticated;
      app.page.off('request', onRequest);
      const ms = await authenticatedAfterResponse(app.page);
      const callbackAt = seen.findIndex((url) => url.includes('/callback?'));
      const after = seen.slice(callbackAt + 1);
      providerRequests.push(after.filter((url) => url.startsWith(PROVIDER)).length);
      timings.push(ms);
    }
    return { timings, providerRequests };
  } finally {
    await stack.stop();
  }
}

// Reload to authenticated in `indexeddb` mode: the session comes back from encrypted storage,
// timed from the document's response to data-auth-state="authenticated", with the number of
// requests to the provider in between (the target is none).
async function reloadTimings() {
  const stack = await startStack({ config: { token_store: 'indexeddb' } });
  try {
    const context = await stack.browser.newContext();
    await context.addInitScript(recordAuthenticated, AUTHENTICATED);
    const app = await AppPage.open(context);
    await app.goto('/');
    await app.signIn();
    await app.page.reload(); // warms the HTTP cache and the IndexedDB connection path
    await app.waitForState('authenticated');
    const timings = [];
    const providerRequests = [];
    for (let i = 0; i < Math.max(RUNS, 10); i += 1) {
      const seen = [];
      const onRequest = (request) => request.url().startsWith(PROVIDER) && seen.push(request.url());
      app.page.on('request', onRequest);
      timings.push(...(await timedReloads(app.page, 1)));
      app.page.off('request', onRequest);
      providerRequests.push(seen.length);
    }
    // The floor, in the same browser right after, alone in it like the app was: what the
    // browser itself takes for the read now. (Pairing each app reload with a floor reload was
    // tried: with two pages open both slow down, and sharing one tab changes what is measured.)
    await context.close();
    const floor = await floorTimings(stack.browser, Math.max(RUNS, 10));
    return { timings, providerRequests, floor };
  } finally {
    await stack.stop();
  }
}

const sizes = bundleSizes();
console.log('\nFirst-load bytes (dist/)');
console.log('| file | raw KB | gzip KB | brotli KB |\n| --- | ---: | ---: | ---: |');
for (const r of [...sizes.rows, sizes.total]) {
  console.log(`| ${r.file} | ${kb(r.raw)} | ${kb(r.gzip)} | ${kb(r.brotli)} |`);
}

const { timings, providerRequests } = await callbackTimings();
console.log(`\nCallback document to authenticated, ${RUNS} sign-ins, assets cached`);
console.log(`median ${median(timings).toFixed(1)} ms, min ${Math.min(...timings).toFixed(1)} ms, ` +
  `max ${Math.max(...timings).toFixed(1)} ms`);
console.log(`provider requests after the redirect: ${[...new Set(providerRequests)].join(', ')} ` +
  `(median ${median(providerRequests)})`);

const reload = await reloadTimings();
console.log(`\nReload to authenticated (token_store "indexeddb"), ${reload.timings.length} reloads, ` +
  'assets cached');
console.log(`median ${median(reload.timings).toFixed(1)} ms, ` +
  `min ${Math.min(...reload.timings).toFixed(1)} ms, max ${Math.max(...reload.timings).toFixed(1)} ms`);
console.log(`provider requests during a reload: ${[...new Set(reload.providerRequests)].join(', ')} ` +
  `(median ${median(reload.providerRequests)})`);
console.log(`floor: a static page doing only the same IndexedDB read, in the same browser right ` +
  `after: median ${median(reload.floor).toFixed(1)} ms, min ${Math.min(...reload.floor).toFixed(1)} ms`);

// Refreshes with several tabs open on 10-second tokens: the provider's log counts refresh grants.
// Tokens are refreshed at half their lifetime, so one refresh is due every 5 s in total, however
// many tabs there are; more would mean tabs racing on the refresh token.
async function refreshesWithTabs(tabCount = 5, windowSecs = 30) {
  const ttl = 10;
  const stack = await startStack({
    providerEnv: { ACCESS_TOKEN_TTL: String(ttl), ID_TOKEN_TTL: String(ttl), CLOCK_TOLERANCE: '0' },
  });
  try {
    const context = await stack.browser.newContext();
    const first = await AppPage.open(context);
    await first.goto('/');
    await first.signIn();
    const tabs = [first];
    while (tabs.length < tabCount) {
      const tab = new AppPage(await context.newPage());
      await tab.goto('/');
      await tab.waitForState('authenticated');
      tabs.push(tab);
    }
    const count = () => stack.provider.lines
      .filter((l) => l.startsWith('TOKEN grant_type=refresh_token')).length;
    const before = count();
    await new Promise((resolve) => setTimeout(resolve, windowSecs * 1000));
    const states = await Promise.all(tabs.map((tab) => tab.authState()));
    return { refreshes: count() - before, due: windowSecs / (ttl / 2), lifetimes: windowSecs / ttl,
      errors: states.filter((s) => s !== 'authenticated').length };
  } finally {
    await stack.stop();
  }
}

const tabs = await refreshesWithTabs();
console.log(`\nRefreshes with 5 tabs over ${tabs.lifetimes} lifetimes of 10-second tokens: ` +
  `${tabs.refreshes} (${tabs.due} due at half-lifetime, i.e. ` +
  `${(tabs.refreshes / tabs.lifetimes).toFixed(1)} per lifetime, ` +
  `${(tabs.refreshes / tabs.due).toFixed(2)} per due refresh); tabs not signed in: ${tabs.errors}`);
