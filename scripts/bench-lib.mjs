// What scripts/bench.mjs measures with: the "authenticated" signal of every timed span, and the
// floor a reload is compared with, a static page that does nothing but the browser work a
// restore cannot skip (open IndexedDB, read a CryptoKey and two values in one transaction, set
// the attribute). The floor is measured in the same run, right after the app, because this
// machine's speed moves by half between runs: a figure is only meaningful next to it.
import { createServer } from 'node:http';

export const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
};

// Records, in every document, when <body data-auth-state> first becomes "authenticated", and
// says so on the console. The timed spans wait for that message rather than for Playwright's
// waitForFunction, which evaluates Playwright's own script in each new document: about 10 ms of
// the page's main thread (seen in traces), which used to land inside the very span measured.
export const AUTHENTICATED = 'bench: authenticated';
export function recordAuthenticated(message) {
  new MutationObserver((_, observer) => {
    if (document.body?.dataset.authState === 'authenticated') {
      window.__authenticatedAt = performance.now();
      observer.disconnect();
      console.debug(message);
    }
  }).observe(document, { attributes: true, subtree: true, attributeFilter: ['data-auth-state'] });
}

/** Resolves when a document of `page` next reports "authenticated" (see recordAuthenticated). */
export function nextAuthenticated(page, timeout = 15_000) {
  return page.waitForEvent('console', {
    predicate: (msg) => msg.text() === AUTHENTICATED,
    timeout,
  });
}

/** Milliseconds from the current document's response to its first "authenticated". */
export function authenticatedAfterResponse(page) {
  return page.evaluate(() => {
    const nav = performance.getEntriesByType('navigation')[0];
    return window.__authenticatedAt - nav.responseStart;
  });
}

/** `runs` reloads of `page` (already showing a document that ends authenticated), timed. */
export async function timedReloads(page, runs) {
  const timings = [];
  for (let i = 0; i < runs; i += 1) {
    const authenticated = nextAuthenticated(page);
    await page.reload({ waitUntil: 'commit' });
    await authenticated;
    timings.push(await authenticatedAfterResponse(page));
  }
  return timings;
}

// The floor page. Its first load seeds the database as the app's first sign-in would: a
// non-extractable AES-GCM key, a 64-byte wrapped key, a 3 KB sealed record.
const FLOOR_SCRIPT = `(() => {
  const done = () => { document.body.dataset.authState = 'authenticated'; };
  const request = indexedDB.open('bench-floor', 1);
  request.onupgradeneeded = () => {
    request.result.createObjectStore('keys');
    request.result.createObjectStore('records');
  };
  request.onsuccess = () => {
    const db = request.result;
    const tx = db.transaction(['keys', 'records'], 'readonly');
    const root = tx.objectStore('keys').get('root');
    tx.objectStore('keys').get('data');
    const last = tx.objectStore('records').get('session');
    last.onsuccess = async () => {
      if (root.result === undefined) {
        const usages = ['encrypt', 'decrypt'];
        const key = await crypto.subtle.generateKey({ name: 'AES-GCM', length: 256 }, false, usages);
        const seed = db.transaction(['keys', 'records'], 'readwrite');
        seed.objectStore('keys').put(key, 'root');
        seed.objectStore('keys').put(new Uint8Array(64), 'data');
        seed.objectStore('records').put(new Uint8Array(3072), 'session');
        seed.oncomplete = done;
      } else {
        done();
      }
    };
  };
})();`;
const FLOOR_PAGE = `<!DOCTYPE html><html lang="en"><head><meta charset="utf-8">
<title>IndexedDB floor</title><script>${FLOOR_SCRIPT}</script></head>
<body data-auth-state="loading"></body></html>`;

/** Reload timings of the floor page, in a context of `browser` of its own, served on a port of
 * its own (so another origin and another database than the app's). */
export async function floorTimings(browser, runs) {
  const server = createServer((_, res) => {
    res.writeHead(200, { 'content-type': 'text/html; charset=utf-8', 'cache-control': 'no-cache' });
    res.end(FLOOR_PAGE);
  });
  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
  const context = await browser.newContext();
  try {
    await context.addInitScript(recordAuthenticated, AUTHENTICATED);
    const page = await context.newPage();
    const first = nextAuthenticated(page);
    await page.goto(`http://127.0.0.1:${server.address().port}/`, { waitUntil: 'commit' });
    await first;
    await timedReloads(page, 2); // warms the cache and the database, like the app's warm-up
    return await timedReloads(page, runs);
  } finally {
    await context.close();
    server.close();
  }
}
