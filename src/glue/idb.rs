//! IndexedDB through `web_sys` directly (a wrapper crate would bring a dozen proc-macro and
//! runtime dependencies for the five calls used here). Every call is one transaction, so a
//! reader sees all of another call's writes or none of them.
//!
//! Requests are awaited by handing a promise's `resolve` and `reject` to the request's
//! `onsuccess` and `onerror`: no Rust closure is needed, so none can leak or be called after
//! being dropped. The one exception is the schema upgrade, which must run synchronously.

use js_sys::{Array, Function, Promise, Reflect};
use wasm_bindgen::closure::Closure;
use wasm_bindgen::{JsCast, JsValue};
use wasm_bindgen_futures::JsFuture;
use web_sys::{IdbDatabase, IdbRequest, IdbTransaction, IdbTransactionMode};

use super::early;

/// Why IndexedDB could not be used. `name` is the browser's `DOMException` name, such as
/// `QuotaExceededError` or `ConstraintError`; no stored value is ever quoted.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum IdbError {
    /// No `indexedDB` here: some private modes, storage blocked by the user or by policy.
    #[error("IndexedDB is unavailable")]
    Unavailable,
    /// A call was refused or its transaction aborted.
    #[error("IndexedDB {op} failed ({name})")]
    Failed {
        /// What was attempted: `open`, `read` or `write`.
        op: &'static str,
        /// The `DOMException` name.
        name: String,
    },
}

impl IdbError {
    /// Whether an [`Write::Add`] found its key already taken.
    pub fn is_constraint(&self) -> bool {
        matches!(self, IdbError::Failed { name, .. } if name == "ConstraintError")
    }
}

/// One change in a [`Database::write`] transaction: `(store, key, value)`.
pub enum Write<'a> {
    /// Stores `value` under `key`, replacing what was there.
    Put(&'a str, &'a str, JsValue),
    /// Stores `value` under `key`; aborts the whole transaction if the key is taken.
    Add(&'a str, &'a str, JsValue),
    /// Removes `key`.
    Delete(&'a str, &'a str),
    /// Empties the store.
    Clear(&'a str),
}

impl Write<'_> {
    fn store(&self) -> &str {
        match self {
            Write::Put(store, ..) | Write::Add(store, ..) => store,
            Write::Delete(store, _) | Write::Clear(store) => store,
        }
    }
}

/// The connection `public/early-start.js` opened, and what it read right after: the slot's name
/// and the values of the root key, the wrapped data key and that slot's record, in that order.
pub struct Early {
    /// The connection.
    pub db: Database,
    /// `(slot, [root, wrapped, envelope])`, or `None` if the read failed.
    pub read: Option<(String, Vec<JsValue>)>,
}

/// An open connection; closed when dropped.
pub struct Database {
    db: IdbDatabase,
}

fn exception_name(err: &JsValue) -> String {
    Reflect::get(err, &JsValue::from_str("name"))
        .ok()
        .and_then(|name| name.as_string())
        .unwrap_or_else(|| "UnknownError".to_owned())
}

fn failed(op: &'static str, err: &JsValue) -> IdbError {
    IdbError::Failed {
        op,
        name: exception_name(err),
    }
}

fn request_error(op: &'static str, request: &IdbRequest) -> IdbError {
    let name = match request.error() {
        Ok(Some(exception)) => exception.name(),
        // Still pending: blocked by another tab's connection, or past OPEN_TIMEOUT_MS.
        _ => "BlockedOrTimedOut".to_owned(),
    };
    IdbError::Failed { op, name }
}

/// How long opening may take before the app gives up and keeps the session in memory: a
/// browser that never answers must not leave the app loading forever.
const OPEN_TIMEOUT_MS: i32 = 5_000;

/// Settles with the request. `JsFuture::from` attaches its handlers at once, so dropping the
/// future early never leaves a rejected promise unhandled.
fn settled(request: &IdbRequest, open: Option<&web_sys::IdbOpenDbRequest>) -> JsFuture {
    JsFuture::from(Promise::new(&mut |resolve, reject| {
        request.set_onsuccess(Some(&resolve));
        request.set_onerror(Some(&reject));
        if let Some(open) = open {
            open.set_onblocked(Some(&reject));
            if let Some(window) = web_sys::window() {
                // Rejecting a settled promise does nothing, so the timer needs no cancelling.
                let _ = window.set_timeout_with_callback_and_timeout_and_arguments_0(
                    &reject,
                    OPEN_TIMEOUT_MS,
                );
            }
        }
    }))
}

impl Database {
    /// Opens (creating or upgrading) database `name` at `version` with `stores`, each keyed by
    /// strings given on every write.
    pub async fn open(
        name: &str,
        version: u32,
        stores: &'static [&'static str],
    ) -> Result<Database, IdbError> {
        let factory = web_sys::window()
            .and_then(|w| w.indexed_db().ok().flatten())
            .ok_or(IdbError::Unavailable)?;
        let request = factory
            .open_with_u32(name, version)
            .map_err(|e| failed("open", &e))?;
        let upgrading = request.clone();
        let on_upgrade = Closure::<dyn FnMut()>::new(move || {
            let Ok(db) = upgrading
                .result()
                .and_then(JsValue::dyn_into::<IdbDatabase>)
            else {
                return;
            };
            for store in stores {
                // Throws only when the store exists already, which is what we want anyway.
                let _ = db.create_object_store(store);
            }
        });
        request.set_onupgradeneeded(Some(on_upgrade.as_ref().unchecked_ref()));
        let outcome = settled(&request, Some(&request)).await;
        request.set_onupgradeneeded(None);
        drop(on_upgrade);
        if outcome.is_err() {
            return Err(request_error("open", &request));
        }
        let db = request
            .result()
            .and_then(JsValue::dyn_into::<IdbDatabase>)
            .map_err(|e| failed("open", &e))?;
        Ok(Database::adopt(db))
    }

    /// What `public/early-start.js` opened and read before the app loaded, when its connection is
    /// to database `name` at `version` with every one of `stores`; else `None` (no early open,
    /// or one that found no database), and any connection it did open is closed. Taken at most
    /// once.
    pub async fn take_early(name: &str, version: u32, stores: &[&str]) -> Option<Early> {
        let early = early::take(early::DB_KEY).await?;
        let field = |name: &str| early::field(&early, name);
        let db = field("db")?.dyn_into::<IdbDatabase>().ok()?;
        let names = db.object_store_names();
        let matches = db.name() == name
            && db.version() == f64::from(version)
            && stores.iter().all(|store| names.contains(store));
        if !matches {
            db.close();
            return None;
        }
        let read = match (
            field("slot")?.as_string(),
            field("values")?.dyn_into::<Array>(),
        ) {
            (Some(slot), Ok(values)) => Some((slot, values.to_vec())),
            _ => None,
        };
        Some(Early {
            db: Database::adopt(db),
            read,
        })
    }

    fn adopt(db: IdbDatabase) -> Database {
        // A newer build in another tab may need to upgrade the schema: close rather than block it
        // for as long as this page stays open. The bound `close` needs no Rust closure.
        if let Ok(close) = Reflect::get(&db, &JsValue::from_str("close")) {
            if let Ok(close) = close.dyn_into::<Function>() {
                db.set_onversionchange(Some(&close.bind0(&db)));
            }
        }
        Database { db }
    }

    fn transaction<'a>(
        &self,
        stores: impl Iterator<Item = &'a str>,
        mode: IdbTransactionMode,
        op: &'static str,
    ) -> Result<IdbTransaction, IdbError> {
        let names = Array::new();
        for store in stores {
            if !names.includes(&JsValue::from_str(store), 0) {
                names.push(&JsValue::from_str(store));
            }
        }
        self.db
            .transaction_with_str_sequence_and_mode(&names, mode)
            .map_err(|e| failed(op, &e))
    }

    /// Reads each `(store, key)` in one read-only transaction, so the values are a consistent
    /// snapshot. A missing key reads as `undefined`.
    pub async fn read(&self, keys: &[(&str, &str)]) -> Result<Vec<JsValue>, IdbError> {
        let tx = self.transaction(
            keys.iter().map(|(store, _)| *store),
            IdbTransactionMode::Readonly,
            "read",
        )?;
        let mut pending = Vec::with_capacity(keys.len());
        for (store, key) in keys {
            let request = tx
                .object_store(store)
                .and_then(|s| s.get(&JsValue::from_str(key)))
                .map_err(|e| failed("read", &e))?;
            // Every handler is attached before the first await, so no event can be missed.
            let done = settled(&request, None);
            pending.push((request, done));
        }
        let mut values = Vec::with_capacity(pending.len());
        for (request, done) in pending {
            done.await.map_err(|_| request_error("read", &request))?;
            values.push(request.result().map_err(|e| failed("read", &e))?);
        }
        Ok(values)
    }

    /// Applies `writes` in one read-write transaction and waits until it has committed. If any
    /// of them fails, none is applied.
    pub async fn write(&self, writes: &[Write<'_>]) -> Result<(), IdbError> {
        let tx = self.transaction(
            writes.iter().map(Write::store),
            IdbTransactionMode::Readwrite,
            "write",
        )?;
        let committed = JsFuture::from(Promise::new(&mut |resolve, reject| {
            tx.set_oncomplete(Some(&resolve));
            tx.set_onabort(Some(&reject));
        }));
        for write in writes {
            let issued = tx
                .object_store(write.store())
                .and_then(|store| match write {
                    Write::Put(_, key, value) => store.put_with_key(value, &JsValue::from_str(key)),
                    Write::Add(_, key, value) => store.add_with_key(value, &JsValue::from_str(key)),
                    Write::Delete(_, key) => store.delete(&JsValue::from_str(key)),
                    Write::Clear(_) => store.clear(),
                });
            if let Err(err) = issued {
                let _ = tx.abort();
                return Err(failed("write", &err));
            }
        }
        committed.await.map_err(|_| IdbError::Failed {
            op: "write",
            name: tx
                .error()
                .map_or_else(|| "AbortError".to_owned(), |e| e.name()),
        })?;
        Ok(())
    }
}

impl Drop for Database {
    fn drop(&mut self) {
        self.db.close();
    }
}
