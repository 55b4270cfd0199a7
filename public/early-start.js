// Starts the two waits of every start while the app's wasm downloads and compiles, instead of
// after it: reading config.json, and (on a reload that restores a session) opening IndexedDB
// and reading the stored session. Both were the longest waits of a reload. The app takes the
// results over and checks them as if it had fetched and read them itself; without this script
// it does both itself, later. Trunk inlines it into index.html (the CSP allows it by hash): an
// external script ran only in a task after the first parse, 10-15 ms later on a reload.
//
// config.json: fetched from the URL index.html preloads, so the preloaded response is reused.
//
// IndexedDB: only when the last start on this origin kept its session there (the app records
// that in localStorage), and never creating the database: a missing one aborts the upgrade. The
// names here must match DB_NAME, DB_VERSION, the stores and the session slot of
// src/glue/vault.rs, which checks the database's name, version and stores before using it.
// The session read goes out first: of the two it is the one a reload waits for longest.
(() => {
  let hinted = false;
  try {
    hinted = localStorage.getItem('oauth.token_store') === 'indexeddb' && !!window.indexedDB;
  } catch {
    return; // storage blocked: the app falls back on its own
  }
  if (!hinted) return;
  window.__oauthEarlyDb = new Promise((resolve) => {
    let request;
    try {
      request = indexedDB.open('oauth-spa', 1);
    } catch {
      resolve(null);
      return;
    }
    let given = false; // once resolved with null, a late connection is closed, not kept
    const giveUp = () => {
      given = true;
      resolve(null);
    };
    request.onupgradeneeded = () => request.transaction.abort();
    request.onerror = giveUp;
    request.onblocked = giveUp; // the app's own open then reports it
    request.onsuccess = () => {
      const db = request.result;
      // Like the app's connections: never stand in the way of a newer build's upgrade.
      db.onversionchange = () => db.close();
      if (given) {
        db.close();
        return;
      }
      // The same snapshot the app's Vault::load reads: both keys and the record, one transaction.
      const read = [['keys', 'root'], ['keys', 'data'], ['records', 'session']];
      try {
        const tx = db.transaction(['keys', 'records'], 'readonly');
        const gets = read.map(([store, key]) => tx.objectStore(store).get(key));
        // Requests of a transaction succeed in order, so the last one's success means all three
        // results are in: answering then saves waiting for `complete`, one more round trip to
        // the browser's IndexedDB backend (2-3 ms of a reload here).
        gets[gets.length - 1].onsuccess = () =>
          resolve({ db, slot: 'session', values: gets.map((g) => g.result) });
        tx.onabort = () => resolve({ db, slot: null, values: null });
      } catch {
        resolve({ db, slot: null, values: null });
      }
    };
  });
})();

(() => {
  const preload = document.querySelector('link[rel="preload"][as="fetch"]');
  if (preload && window.fetch) {
    const href = preload.getAttribute('href');
    // The app's own bound on this request. Where AbortSignal.timeout is missing the request is
    // unbounded here, and the app stops waiting for it after the same time.
    const signal = AbortSignal.timeout ? AbortSignal.timeout(10000) : undefined;
    window.__oauthEarlyConfig = fetch(href, { signal })
      .then(async (response) => ({ href, status: response.status, body: await response.text() }))
      .catch(() => null);
  }
})();
