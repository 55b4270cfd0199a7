//! A signed-in session and where it is kept. The token store is the seam that the storage issue
//! extends with encrypted IndexedDB; the rest of the app only sees `TokenStore`.

use std::cell::RefCell;
use std::sync::Arc;

use oauth_core::claims::IdTokenClaims;
use oauth_core::config::{Config, TokenStoreKind};
use oauth_core::token::TokenSet;

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

/// Where sessions live between page loads.
pub enum TokenStore {
    /// In this page's memory only: gone on reload, invisible to other tabs and to disk.
    Memory(RefCell<Option<Arc<Session>>>),
}

impl TokenStore {
    /// The store `config.token_store` asks for, and a notice for the user when it had to fall
    /// back. Encrypted IndexedDB is not built yet, so `indexeddb` falls back to memory: sessions
    /// do not survive a reload until the storage work lands.
    pub fn for_config(config: &Config) -> (Self, Option<String>) {
        let memory = TokenStore::Memory(RefCell::new(None));
        match config.token_store {
            TokenStoreKind::Memory => (memory, None),
            TokenStoreKind::IndexedDb => {
                log::warn!(
                    "token_store \"indexeddb\" is not available yet; keeping tokens in memory"
                );
                let notice = "Your session is kept in memory only and ends when you reload.";
                (memory, Some(notice.to_owned()))
            }
        }
    }

    /// The stored session, if any.
    pub async fn load(&self) -> Option<Arc<Session>> {
        match self {
            TokenStore::Memory(slot) => slot.borrow().clone(),
        }
    }

    /// Keeps `session`, replacing any previous one.
    pub async fn save(&self, session: &Arc<Session>) {
        match self {
            TokenStore::Memory(slot) => *slot.borrow_mut() = Some(session.clone()),
        }
    }

    /// Forgets every token.
    pub async fn clear(&self) {
        match self {
            TokenStore::Memory(slot) => *slot.borrow_mut() = None,
        }
    }
}
