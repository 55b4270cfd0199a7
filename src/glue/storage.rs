//! Web Storage: login/logout attempts in `sessionStorage` (per tab, gone with the tab) and the
//! public discovery document in `localStorage` (shared, cached with a TTL). No token is stored
//! here; tokens go through the auth layer's token store.

use gloo_storage::{LocalStorage, SessionStorage, Storage};
use oauth_core::attempt::Attempts;
use oauth_core::discovery::CachedMetadata;
use oauth_core::json;
use oauth_core::jwks::CachedJwks;
use sha2::{Digest, Sha256};

const ATTEMPTS_KEY: &str = "oauth.attempts";
const USED_STATES_KEY: &str = "oauth.used_states";
const MAX_USED_STATES: usize = 16;

/// Reads the pending attempts, pruned of stale ones. Unreadable data counts as none: an attempt
/// that cannot be read cannot be completed anyway.
pub fn load_attempts(now_secs: u64) -> Attempts {
    let mut attempts: Attempts = read(&SessionStorage::raw(), ATTEMPTS_KEY).unwrap_or_default();
    attempts.prune(now_secs);
    attempts
}

/// Writes the attempts back, removing the key when none are left.
pub fn save_attempts(attempts: &Attempts) -> Result<(), String> {
    if attempts.is_empty() {
        SessionStorage::delete(ATTEMPTS_KEY);
        return Ok(());
    }
    SessionStorage::set(ATTEMPTS_KEY, attempts).map_err(|e| e.to_string())
}

/// Removes every pending attempt (sign-out).
pub fn clear_attempts() {
    SessionStorage::delete(ATTEMPTS_KEY);
}

/// A short one-way fingerprint of a secret, for recognising it again without storing it.
pub fn fingerprint(secret: &str) -> String {
    let digest = Sha256::digest(secret.as_bytes());
    digest.iter().take(16).map(|b| format!("{b:02x}")).collect()
}

/// Remembers that a state was consumed, as a hash (never the value), so a replayed callback
/// (Back or reload) is recognised and ignored instead of showing an error.
pub fn remember_used_state(state: &str) {
    let mut used: Vec<String> = read(&SessionStorage::raw(), USED_STATES_KEY).unwrap_or_default();
    used.push(fingerprint(state));
    let excess = used.len().saturating_sub(MAX_USED_STATES);
    used.drain(..excess);
    let _ = SessionStorage::set(USED_STATES_KEY, used);
}

/// Whether `state` was already consumed by this tab.
pub fn was_state_used(state: &str) -> bool {
    let used: Vec<String> = read(&SessionStorage::raw(), USED_STATES_KEY).unwrap_or_default();
    let print = fingerprint(state);
    used.contains(&print)
}

/// A public document cached in `localStorage` per issuer: discovery (`"discovery"`) or the JWKS
/// (`"jwks"`). Freshness is the caller's decision.
fn load_public<T: serde::de::DeserializeOwned>(kind: &str, issuer: &str) -> Option<T> {
    read(&LocalStorage::raw(), &format!("oauth.{kind}.{issuer}"))
}

/// Reads a JSON item through [`json::read`] rather than gloo's `get`, which would compile a
/// second reader for every stored type.
fn read<T: serde::de::DeserializeOwned>(storage: &web_sys::Storage, key: &str) -> Option<T> {
    json::read(&storage.get_item(key).ok()??)
}

/// Caches a public document; a full or blocked storage only costs a refetch next time.
fn save_public<T: serde::Serialize>(kind: &str, issuer: &str, value: &T) {
    if let Err(err) = LocalStorage::set(format!("oauth.{kind}.{issuer}"), value) {
        log::warn!("{kind} cache not written: {err}");
    }
}

/// The cached discovery document for `issuer`, if any.
pub fn load_discovery(issuer: &str) -> Option<CachedMetadata> {
    load_public("discovery", issuer)
}

/// Caches the discovery document for `issuer`.
pub fn save_discovery(issuer: &str, cached: &CachedMetadata) {
    save_public("discovery", issuer, cached);
}

/// The cached JWKS for `issuer`, if any. Keys are public, so `localStorage` is fine.
pub fn load_jwks(issuer: &str) -> Option<CachedJwks> {
    load_public("jwks", issuer)
}

/// Caches the JWKS for `issuer`.
pub fn save_jwks(issuer: &str, cached: &CachedJwks) {
    save_public("jwks", issuer, cached);
}

const STORE_HINT_KEY: &str = "oauth.token_store";

/// Records which store this start uses: when it is IndexedDB, `public/early-start.js` opens the
/// database on the next start before the app has loaded. Not a secret, and never trusted: the
/// configuration decides, and a stale hint costs one unused open.
pub fn remember_token_store(indexeddb: bool) {
    let storage = LocalStorage::raw();
    let want = indexeddb.then_some("indexeddb");
    // Every start calls this and the hint rarely changes: a read is local, a write is not.
    if storage.get_item(STORE_HINT_KEY).ok().flatten().as_deref() == want {
        return;
    }
    let _ = match want {
        Some(value) => storage.set_item(STORE_HINT_KEY, value),
        None => storage.remove_item(STORE_HINT_KEY),
    };
}

const ROTATED_KEY: &str = "oauth.rotated_from";

/// Records, under the refresh lock, that the refresh token with this fingerprint was just spent,
/// so that a tab still holding it (its broadcast not yet received) does not replay it.
pub fn mark_rotated(refresh_fingerprint: &str) {
    let _ = LocalStorage::set(ROTATED_KEY, refresh_fingerprint);
}

/// Whether another tab already spent the refresh token with this fingerprint.
pub fn was_rotated(refresh_fingerprint: &str) -> bool {
    read::<String>(&LocalStorage::raw(), ROTATED_KEY)
        .is_some_and(|spent| spent == refresh_fingerprint)
}
