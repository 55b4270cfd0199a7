// What a page keeps: Web Storage and every IndexedDB store, as JSON text to search for tokens.

/** Every IndexedDB store of the page: its keys and whatever values JSON can show. */
const dumpIndexedDb = async () => {
  const read = (db, name) => new Promise((resolve, reject) => {
    const store = db.transaction(name).objectStore(name);
    const [keys, values] = [store.getAllKeys(), store.getAll()];
    values.onsuccess = () => resolve({ keys: keys.result.map(String), values: values.result });
    values.onerror = () => reject(values.error);
  });
  const out = {};
  for (const { name } of await indexedDB.databases()) {
    const db = await new Promise((resolve, reject) => {
      const open = indexedDB.open(name);
      open.onsuccess = () => resolve(open.result);
      open.onerror = () => reject(open.error);
    });
    for (const store of db.objectStoreNames) out[`${name}/${store}`] = await read(db, store);
    db.close();
  }
  return JSON.stringify(out);
};

/** `{ webStorage, indexedDb }` of `page`, each as JSON text. */
export async function snapshotStorage(page) {
  const webStorage = await page.evaluate(() => JSON.stringify({ local: { ...localStorage }, session: { ...sessionStorage } }));
  return { webStorage, indexedDb: await page.evaluate(dumpIndexedDb) };
}
