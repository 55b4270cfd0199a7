//! Sealed records in IndexedDB. Store `keys` holds the non-extractable root key (`root`, a
//! `CryptoKey`) and the data key wrapped under it (`data`); store `records` holds one envelope
//! per slot, sealed with the data key by `oauth_core::record`. Nothing readable is stored:
//! copying the profile directory yields a key object the browser will only use for this origin
//! and envelopes that open only with it.
//!
//! Each write of a record is one `put` of a whole envelope, and a load reads both keys and the
//! record in one transaction, so a reader never sees a half-written state. Two tabs creating
//! the keys at once cannot both win: keys are written with `add`, which aborts the loser's
//! transaction, and the loser then seals under the winner's key.

use std::cell::RefCell;

use js_sys::Uint8Array;
use oauth_core::record::{self, RecordAad, RecordError, StoredRecord, KEY_LEN, NONCE_LEN};
use wasm_bindgen::{JsCast, JsValue};
use web_sys::CryptoKey;

use super::clock;
use super::idb::{Database, IdbError, Write};
use super::keys::{self, KeyError};

/// Name of the IndexedDB database.
pub const DB_NAME: &str = "oauth-spa";
/// Object store of the root key and the wrapped data key.
pub const KEYS_STORE: &str = "keys";
/// Object store of the sealed records, keyed by slot (the record's purpose).
pub const RECORDS_STORE: &str = "records";
const DB_VERSION: u32 = 1;
const STORES: &[&str] = &[KEYS_STORE, RECORDS_STORE];
const ROOT_KEY: &str = "root";
const DATA_KEY: &str = "data";

/// IndexedDB or WebCrypto failed: the caller falls back to memory.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum VaultError {
    /// IndexedDB is missing or threw.
    #[error(transparent)]
    Idb(#[from] IdbError),
    /// WebCrypto is missing or threw.
    #[error(transparent)]
    Key(#[from] KeyError),
}

/// Why a stored record was deleted instead of returned.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum Discard {
    /// The root key or the wrapped data key is gone (or not a key); the rest was wiped.
    #[error("its keys are missing")]
    KeyMissing,
    /// The wrapped data key does not open under the root key; all keys and records were wiped.
    #[error("its data key cannot be unwrapped")]
    KeyUnusable,
    /// The record itself is truncated, altered, moved or of an unknown version.
    #[error(transparent)]
    Record(#[from] RecordError),
}

/// The outcome of [`Vault::load`].
#[derive(Debug)]
pub enum Loaded {
    /// The slot is empty.
    Nothing,
    /// The record opened.
    Record(Box<StoredRecord>),
    /// The record could not be used and has been deleted.
    Discarded(Discard),
}

/// The encrypted store. Holds no key in memory: every call reads what it needs, so tabs that
/// share the database always agree on the current keys.
pub struct Vault {
    db: Database,
    /// What `public/early-start.js` read before the app loaded, used at most once, by the first
    /// [`Vault::load`] of that slot; any write by this page drops it.
    early_read: RefCell<Option<EarlyRead>>,
}

struct EarlyRead {
    slot: String,
    /// The root key, the wrapped data key and the slot's record.
    values: [JsValue; 3],
    taken_at_ms: f64,
}

/// How old the early read may be when the first load uses it: a reload's load comes within tens
/// of milliseconds of it; anything later reads the database again.
const EARLY_READ_MAX_AGE_MS: f64 = 1_000.0;

fn bytes(value: &JsValue) -> Option<Vec<u8>> {
    value.dyn_ref::<Uint8Array>().map(Uint8Array::to_vec)
}

fn random_nonce() -> Result<[u8; NONCE_LEN], VaultError> {
    let mut nonce = [0u8; NONCE_LEN];
    getrandom::fill(&mut nonce).map_err(|_| KeyError::Failed("no secure random source".into()))?;
    Ok(nonce)
}

impl Vault {
    /// Opens the database, creating it on first use.
    pub async fn open() -> Result<Vault, VaultError> {
        let db = Database::open(DB_NAME, DB_VERSION, STORES).await?;
        Ok(Vault {
            db,
            early_read: RefCell::new(None),
        })
    }

    /// The database as `public/early-start.js` opened it while the app loaded, if it did and the
    /// database exists with this schema, with what it read of one slot. Never creates it.
    pub async fn take_early() -> Option<Vault> {
        let early = Database::take_early(DB_NAME, DB_VERSION, STORES).await?;
        let read = early.read.and_then(|(slot, values)| {
            Some(EarlyRead {
                slot,
                values: <[JsValue; 3]>::try_from(values).ok()?,
                taken_at_ms: clock::now_ms(),
            })
        });
        Some(Vault {
            db: early.db,
            early_read: RefCell::new(read),
        })
    }

    /// The keys and the record of `slot`: from the early read the first time it is asked for,
    /// if this page has written nothing since and the read is fresh, else from the database.
    async fn read_slot(&self, slot: &str) -> Result<[JsValue; 3], VaultError> {
        let early = self.early_read.borrow_mut().take();
        if let Some(early) = early {
            // Another tab may write at any time: a snapshot only stands in for a read made now
            // while it is as young as the start it was made for.
            if early.slot == slot && clock::now_ms() - early.taken_at_ms <= EARLY_READ_MAX_AGE_MS {
                return Ok(early.values);
            }
        }
        let keys = [
            (KEYS_STORE, ROOT_KEY),
            (KEYS_STORE, DATA_KEY),
            (RECORDS_STORE, slot),
        ];
        let values = self.db.read(&keys).await?;
        Ok(<[JsValue; 3]>::try_from(values).expect("one value per key read"))
    }

    /// Reads and opens the record in `aad.purpose`. A record that cannot be opened is deleted
    /// and reported as [`Loaded::Discarded`]; only a failing browser API is an error.
    pub async fn load(&self, aad: &RecordAad<'_>) -> Result<Loaded, VaultError> {
        let [root, wrapped, envelope] = self.read_slot(aad.purpose).await?;
        if envelope.is_undefined() {
            return Ok(Loaded::Nothing);
        }
        let data_key = match self.data_key(&root, &wrapped).await? {
            Ok(data_key) => data_key,
            Err(discard) => return Ok(Loaded::Discarded(discard)),
        };
        let opened = bytes(&envelope)
            .ok_or(RecordError::Truncated)
            .and_then(|envelope| record::open(&data_key, aad, &envelope))
            .and_then(|plaintext| StoredRecord::from_plaintext(&plaintext));
        match opened {
            Ok(record) => Ok(Loaded::Record(Box::new(record))),
            Err(err) => {
                self.delete(aad).await?;
                Ok(Loaded::Discarded(Discard::Record(err)))
            }
        }
    }

    /// The data key, or why there is none usable. Unusable keys are wiped with every record, since
    /// nothing sealed under them can be opened any more.
    async fn data_key(
        &self,
        root: &JsValue,
        wrapped: &JsValue,
    ) -> Result<Result<[u8; KEY_LEN], Discard>, VaultError> {
        let (Some(root), Some(wrapped)) = (root.dyn_ref::<CryptoKey>(), bytes(wrapped)) else {
            self.clear().await?;
            return Ok(Err(Discard::KeyMissing));
        };
        match keys::unwrap_data_key(root, &wrapped).await {
            Ok(data_key) => Ok(Ok(data_key)),
            Err(KeyError::Rejected) => {
                self.clear().await?;
                Ok(Err(Discard::KeyUnusable))
            }
            Err(err) => Err(err.into()),
        }
    }

    /// Seals `record` with a fresh nonce and writes it to `aad.purpose` in a single `put`,
    /// creating the keys first when there are none.
    pub async fn save(&self, aad: &RecordAad<'_>, record: &StoredRecord) -> Result<(), VaultError> {
        let plaintext = record.to_plaintext();
        let keys = [(KEYS_STORE, ROOT_KEY), (KEYS_STORE, DATA_KEY)];
        // Twice at most: the second pass only follows losing a race to create the keys.
        for _ in 0..2 {
            let [root, wrapped] = <[JsValue; 2]>::try_from(self.db.read(&keys).await?)
                .expect("one value per key read");
            let absent = root.is_undefined() && wrapped.is_undefined();
            if !absent {
                if let Ok(data_key) = self.data_key(&root, &wrapped).await? {
                    let envelope = record::seal(&data_key, &random_nonce()?, aad, &plaintext);
                    let value = Uint8Array::from(&envelope[..]).into();
                    self.write(&[Write::Put(RECORDS_STORE, aad.purpose, value)])
                        .await?;
                    return Ok(());
                }
                // Broken keys were wiped by `data_key`: make new ones.
            }
            match self.create_keys_and_save(aad, &plaintext).await {
                Err(VaultError::Idb(err)) if err.is_constraint() => continue,
                outcome => return outcome,
            }
        }
        Err(IdbError::Failed {
            op: "write",
            name: "ConstraintError".into(),
        }
        .into())
    }

    async fn create_keys_and_save(
        &self,
        aad: &RecordAad<'_>,
        plaintext: &[u8],
    ) -> Result<(), VaultError> {
        let root = keys::generate_root_key().await?;
        let mut data_key = [0u8; KEY_LEN];
        getrandom::fill(&mut data_key)
            .map_err(|_| KeyError::Failed("no secure random source".into()))?;
        let wrapped = keys::wrap_data_key(&root, &data_key).await?;
        let envelope = record::seal(&data_key, &random_nonce()?, aad, plaintext);
        self.write(&[
            Write::Add(KEYS_STORE, ROOT_KEY, root.into()),
            Write::Add(KEYS_STORE, DATA_KEY, Uint8Array::from(&wrapped[..]).into()),
            Write::Put(
                RECORDS_STORE,
                aad.purpose,
                Uint8Array::from(&envelope[..]).into(),
            ),
        ])
        .await?;
        log::info!("storage keys created");
        Ok(())
    }

    /// Every write goes through here: once this page has written, the early read is out of date.
    async fn write(&self, writes: &[Write<'_>]) -> Result<(), IdbError> {
        self.early_read.borrow_mut().take();
        self.db.write(writes).await
    }

    /// Deletes the record in `aad.purpose`.
    pub async fn delete(&self, aad: &RecordAad<'_>) -> Result<(), VaultError> {
        self.write(&[Write::Delete(RECORDS_STORE, aad.purpose)])
            .await?;
        Ok(())
    }

    /// Deletes every record and both keys (sign-out); the next save makes new keys.
    pub async fn clear(&self) -> Result<(), VaultError> {
        self.write(&[Write::Clear(RECORDS_STORE), Write::Clear(KEYS_STORE)])
            .await?;
        Ok(())
    }
}
