// Helpers for the storage journeys: a browser profile on disk that survives a restart, the raw
// contents of the app's IndexedDB, and a hand-made corruption of the stored session.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium } from 'playwright-core';

import { PROVIDER } from '../harness.mjs';

// The same flags as the shared harness: Debian's Chromium, no network chatter of its own.
const CHROMIUM_ARGS = [
  '--no-sandbox', '--disable-gpu', '--disable-background-networking',
  '--disable-component-update', '--disable-sync', '--no-first-run', '--disable-quic',
];

/** A user-data directory that outlives one browser: `launch()` starts Chromium on it. */
export function persistentProfile() {
  const dir = mkdtempSync(join(tmpdir(), 'oauth-spa-profile-'));
  return {
    dir,
    launch: () => chromium.launchPersistentContext(dir, {
      executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
      args: CHROMIUM_ARGS,
      headless: true,
    }),
    remove: () => rmSync(dir, { recursive: true, force: true }),
  };
}

/** The access, refresh and ID tokens of every successful /token response the page sees. */
export function captureTokens(page) {
  const tokens = [];
  page.on('response', async (response) => {
    if (!response.url().startsWith(`${PROVIDER}/token`) || response.status() !== 200) return;
    const body = await response.json().catch(() => ({}));
    for (const kind of ['access_token', 'refresh_token', 'id_token']) {
      if (body[kind]) tokens.push({ kind, value: body[kind] });
    }
  });
  return tokens;
}

/**
 * Every IndexedDB database of the page, every store, every key and value, as text: byte values
 * decoded as Latin-1 (so stored plaintext would show up verbatim), objects as JSON, CryptoKeys
 * by their properties. Runs in the page.
 */
const dumpInPage = async () => {
  const show = (value) => {
    if (value instanceof CryptoKey) {
      return JSON.stringify({ cryptoKey: value.type, extractable: value.extractable, usages: value.usages });
    }
    if (ArrayBuffer.isView(value) || value instanceof ArrayBuffer) {
      const bytes = new Uint8Array(value.buffer ?? value);
      return `bytes:${Array.from(bytes, (b) => String.fromCharCode(b)).join('')}`;
    }
    return JSON.stringify(value);
  };
  const request = (req) => new Promise((resolve, reject) => {
    req.onsuccess = () => resolve(req.result);
    req.onerror = () => reject(req.error);
  });
  const out = {};
  for (const { name } of await indexedDB.databases()) {
    const db = await request(indexedDB.open(name));
    for (const store of db.objectStoreNames) {
      const os = db.transaction(store).objectStore(store);
      const [keys, values] = await Promise.all([request(os.getAllKeys()), request(os.getAll())]);
      out[`${name}/${store}`] = keys.map((key, i) => [String(key), show(values[i])]);
    }
    db.close();
  }
  return out;
};

/** `{ "db/store": [[key, text], ...] }` for every store of the page's origin. */
export const dumpIndexedDb = (page) => page.evaluate(dumpInPage);

/** Flips one byte in the middle of the sealed session record, in place. */
export const corruptSessionRecord = (page) => page.evaluate(async () => {
  const request = (req) => new Promise((resolve, reject) => {
    req.onsuccess = () => resolve(req.result);
    req.onerror = () => reject(req.error);
  });
  const db = await request(indexedDB.open('oauth-spa'));
  const store = db.transaction('records', 'readwrite').objectStore('records');
  const record = await request(store.get('session'));
  record[Math.floor(record.length / 2)] ^= 0x5a;
  await request(store.put(record, 'session'));
  db.close();
  return record.length;
});
