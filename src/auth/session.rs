//! A signed-in session and where it is kept: `TokenStore` is the one storage interface, and the
//! rest of the app never knows whether it holds memory or encrypted IndexedDB.

use std::cell::{Cell, RefCell};
use std::sync::Arc;

use leptos::prelude::*;
use oauth_core::claims::IdTokenClaims;
use oauth_core::config::{Config, TokenStoreKind};
use oauth_core::record::{RecordAad, RecordStatus, StoredRecord};
use oauth_core::token::TokenSet;

use crate::glue::vault::{Loaded, Vault, VaultError};
use crate::glue::{clock, storage};

/// Tokens plus the verified ID-token claims they were issued with.
#[derive(Debug, Clone)]
pub struct Session {
    /// The token response (secrets inside are redacted in `Debug`).
    pub tokens: TokenSet,
    /// Claims of the verified ID token.
    pub claims: IdTokenClaims,
}

impl Session {
    /// The user's subject identifier.
    pub fn sub(&self) -> &str {
        self.claims.sub.as_deref().unwrap_or_default()
    }

    /// A name to greet the user with.
    pub fn display_name(&self) -> String {
        self.claims
            .display_name()
            .unwrap_or_else(|| self.sub())
            .to_owned()
    }
}

/// The slot the session record lives in; part of the record's authenticated data.
const SESSION_SLOT: &str = "session";
/// Shown when the session cannot be kept at rest.
const MEMORY_NOTICE: &str =
    "Your session could not be saved in this browser, so it ends when you reload.";

/// Where sessions live between page loads.
pub enum TokenStore {
    /// In this page's memory only: gone on reload, invisible to other tabs and to disk.
    Memory(RefCell<Option<Arc<Session>>>),
    /// Sealed in IndexedDB under a non-extractable key: survives reloads and restarts.
    IndexedDb(Box<Encrypted>),
}

/// The state of the IndexedDB store.
pub struct Encrypted {
    vault: Vault,
    issuer: String,
    client_id: String,
    max_age_secs: u64,
    notice: RwSignal<Option<String>>,
    /// Set once IndexedDB or WebCrypto has thrown: from then on this page keeps the session in
    /// `memory`, as if `token_store` were `memory`.
    degraded: Cell<bool>,
    memory: RefCell<Option<Arc<Session>>>,
}

impl TokenStore {
    /// The store `config.token_store` asks for, using `early` (the database as opened while the
    /// app loaded, see [`Vault::take_early`]) when there is one. When IndexedDB is unavailable,
    /// now or later, the session is kept in memory instead and `notice` tells the user it will
    /// not survive a reload.
    pub async fn open(
        config: &Config,
        notice: RwSignal<Option<String>>,
        early: Option<Vault>,
    ) -> Self {
        let memory = TokenStore::Memory(RefCell::new(None));
        let indexeddb = config.token_store == TokenStoreKind::IndexedDb;
        storage::remember_token_store(indexeddb);
        if !indexeddb {
            // The hint says this origin kept sessions at rest before the deployment switched to
            // memory: what it kept must not outlive the switch.
            if let Some(vault) = early {
                match vault.clear().await {
                    Ok(()) => log::info!("token_store is memory: stored sessions wiped"),
                    Err(err) => log::warn!("stored sessions not wiped: {err}"),
                }
            }
            return memory;
        }
        let vault = match early {
            Some(vault) => Ok(vault),
            None => Vault::open().await,
        };
        match vault {
            Ok(vault) => TokenStore::IndexedDb(Box::new(Encrypted {
                vault,
                issuer: config.issuer.clone(),
                client_id: config.client_id.clone(),
                max_age_secs: config.session_max_age_secs,
                notice,
                degraded: Cell::new(false),
                memory: RefCell::new(None),
            })),
            Err(err) => {
                log::warn!("encrypted storage unavailable ({err}); keeping tokens in memory");
                notice.set(Some(MEMORY_NOTICE.to_owned()));
                memory
            }
        }
    }

    /// The stored session, if any.
    ///
    /// From IndexedDB this returns a session whose access token has expired as long as it has
    /// a refresh token and the record is within its maximum age: renewing it is the refresh
    /// machinery's job, not the store's.
    pub async fn load(&self) -> Option<Arc<Session>> {
        match self {
            TokenStore::Memory(slot) => slot.borrow().clone(),
            TokenStore::IndexedDb(store) => store.load().await,
        }
    }

    /// Keeps `session`, replacing any previous one.
    pub async fn save(&self, session: &Arc<Session>) {
        match self {
            TokenStore::Memory(slot) => *slot.borrow_mut() = Some(session.clone()),
            TokenStore::IndexedDb(store) => store.save(session).await,
        }
    }

    /// Forgets every token; for IndexedDB also the keys, so the next sign-in makes new ones.
    pub async fn clear(&self) {
        match self {
            TokenStore::Memory(slot) => *slot.borrow_mut() = None,
            TokenStore::IndexedDb(store) => store.clear().await,
        }
    }
}

impl Encrypted {
    fn aad(&self) -> RecordAad<'_> {
        RecordAad {
            purpose: SESSION_SLOT,
            issuer: &self.issuer,
            client_id: &self.client_id,
        }
    }

    fn degrade(&self, err: &VaultError) {
        log::warn!("encrypted storage failed ({err}); keeping the session in memory");
        self.degraded.set(true);
        self.notice.set(Some(MEMORY_NOTICE.to_owned()));
    }

    // Reads IndexedDB every time rather than caching: another tab may have refreshed (and so
    // rotated) the tokens since this one last looked.
    async fn load(&self) -> Option<Arc<Session>> {
        if self.degraded.get() {
            return self.memory.borrow().clone();
        }
        let record = match self.vault.load(&self.aad()).await {
            Ok(Loaded::Record(record)) => record,
            Ok(Loaded::Nothing) => return None,
            Ok(Loaded::Discarded(why)) => {
                log::warn!("stored session discarded: {why}");
                return None;
            }
            Err(err) => {
                self.degrade(&err);
                return None;
            }
        };
        match record.status(clock::now_secs(), self.max_age_secs) {
            RecordStatus::Usable | RecordStatus::NeedsRefresh => {
                let session = Arc::new(Session {
                    tokens: record.tokens,
                    claims: record.claims,
                });
                // Kept for the case that IndexedDB fails later in this page's life.
                *self.memory.borrow_mut() = Some(session.clone());
                Some(session)
            }
            RecordStatus::Expired(why) => {
                log::info!("stored session expired ({why}); discarding it");
                if let Err(err) = self.vault.delete(&self.aad()).await {
                    self.degrade(&err);
                }
                None
            }
        }
    }

    async fn save(&self, session: &Arc<Session>) {
        *self.memory.borrow_mut() = Some(session.clone());
        if self.degraded.get() {
            return;
        }
        let now = clock::now_secs();
        // The age counts from when the user last authenticated at the provider (`auth_time`,
        // which refreshes keep, OIDC Core §12.2), so refreshing cannot extend a session past
        // `session_max_age_secs`; without `auth_time`, from this write.
        let authenticated_at = session.claims.auth_time.and_then(|t| u64::try_from(t).ok());
        let record = StoredRecord {
            created_at_secs: authenticated_at.filter(|t| *t <= now).unwrap_or(now),
            // Standard token responses do not say how long the refresh token lives; the
            // configured maximum age is then the only bound.
            refresh_expires_at_secs: None,
            tokens: session.tokens.clone(),
            claims: session.claims.clone(),
        };
        match self.vault.save(&self.aad(), &record).await {
            Ok(()) => log::debug!("session sealed into IndexedDB"),
            Err(err) => self.degrade(&err),
        }
    }

    async fn clear(&self) {
        *self.memory.borrow_mut() = None;
        // Even after a failure: the keys and records may still be there to delete.
        match self.vault.clear().await {
            Ok(()) => log::info!("stored session and keys deleted"),
            Err(err) => log::warn!("could not delete the stored session: {err}"),
        }
    }
}
