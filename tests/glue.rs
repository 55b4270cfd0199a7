//! Browser tests of the glue layer, run in headless Chromium by `wasm-bindgen-test-runner`
//! (`cargo test --target wasm32-unknown-unknown`). On the host this file compiles to nothing.
#![cfg(target_arch = "wasm32")]

use leptos_oauth_spa::glue::{dom, http, random, storage};
use oauth_core::attempt::{Attempts, LoginAttempt};
use oauth_core::discovery::{CachedMetadata, ProviderMetadata};
use oauth_core::pkce::{code_challenge_s256, PkceVerifier};
use oauth_core::secret::{Nonce, State};
use wasm_bindgen_test::*;

wasm_bindgen_test_configure!(run_in_browser);

#[wasm_bindgen_test]
fn test_random_bytes_are_fresh() {
    let a = random::random_32().unwrap();
    let b = random::random_32().unwrap();
    assert_ne!(a, b);
    assert_ne!(a, [0u8; 32]);
}

#[wasm_bindgen_test]
fn test_verifier_from_browser_random_is_valid_pkce() {
    let verifier = PkceVerifier::from_random(&random::random_32().unwrap());
    assert_eq!(verifier.secret().len(), 43);
    assert!(PkceVerifier::parse(verifier.secret()).is_ok());
    assert_eq!(code_challenge_s256(&verifier).len(), 43);
}

fn attempt(now: u64) -> LoginAttempt {
    LoginAttempt {
        state: State::from_random(&random::random_32().unwrap()),
        nonce: Nonce::from_random(&random::random_32().unwrap()),
        verifier: PkceVerifier::from_random(&random::random_32().unwrap()),
        return_to: "/profile".into(),
        redirect_uri: format!("{}/callback", dom::origin()),
        created_at_secs: now,
    }
}

#[wasm_bindgen_test]
fn test_attempts_round_trip_through_session_storage() {
    storage::clear_attempts();
    let now = 1_700_000_000;
    let first = attempt(now);
    let state = first.state.secret().to_owned();
    let mut attempts = Attempts::default();
    attempts.add_login(first);
    storage::save_attempts(&attempts).unwrap();

    let mut loaded = storage::load_attempts(now + 5);
    let taken = loaded
        .take_login(&state)
        .expect("the stored attempt is found by its state");
    assert_eq!(taken.return_to, "/profile");
    storage::save_attempts(&loaded).unwrap();
    assert!(storage::load_attempts(now + 5).is_empty());
    let raw = web_sys::window()
        .unwrap()
        .session_storage()
        .unwrap()
        .unwrap();
    assert_eq!(
        raw.get_item("oauth.attempts").unwrap(),
        None,
        "an empty set removes the key"
    );
}

#[wasm_bindgen_test]
fn test_stale_attempts_are_pruned_on_load() {
    storage::clear_attempts();
    let mut attempts = Attempts::default();
    attempts.add_login(attempt(1_000));
    storage::save_attempts(&attempts).unwrap();
    assert!(storage::load_attempts(1_000 + 3_600).is_empty());
}

#[wasm_bindgen_test]
fn test_used_states_are_remembered_as_hashes() {
    let state = State::from_random(&random::random_32().unwrap());
    assert!(!storage::was_state_used(state.secret()));
    storage::remember_used_state(state.secret());
    assert!(storage::was_state_used(state.secret()));
    let raw = web_sys::window()
        .unwrap()
        .session_storage()
        .unwrap()
        .unwrap();
    let stored = raw.get_item("oauth.used_states").unwrap().unwrap();
    assert!(
        !stored.contains(state.secret()),
        "the state value itself is never stored"
    );
}

#[wasm_bindgen_test]
fn test_discovery_cache_round_trip() {
    let json = r#"{"issuer":"https://op.example","authorization_endpoint":"https://op.example/a",
        "token_endpoint":"https://op.example/t"}"#;
    let metadata = ProviderMetadata::from_json(json, "https://op.example").unwrap();
    storage::save_discovery(
        "https://op.example",
        &CachedMetadata {
            fetched_at_secs: 7,
            metadata,
        },
    );
    let cached = storage::load_discovery("https://op.example").unwrap();
    assert_eq!(cached.fetched_at_secs, 7);
    assert_eq!(cached.metadata.token_endpoint, "https://op.example/t");
    assert!(storage::load_discovery("https://other.example").is_none());
}

#[wasm_bindgen_test]
async fn test_get_reads_status_and_body() {
    let response = http::get("data:application/json,%7B%22a%22%3A1%7D", 5_000)
        .await
        .unwrap();
    assert_eq!(response.status, 200);
    assert_eq!(response.body, r#"{"a":1}"#);
}

#[wasm_bindgen_test]
async fn test_refused_connection_is_a_network_error() {
    let err = http::get("http://127.0.0.1:9/", 5_000).await.err().unwrap();
    assert_eq!(err.code(), "provider_unreachable");
}

#[wasm_bindgen_test]
async fn test_deadline_aborts_as_timeout() {
    // A zero deadline fires before any response can arrive.
    let err = http::post_form("http://127.0.0.1:9/", "a=b".into(), 0)
        .await
        .err()
        .unwrap();
    assert_eq!(err.code(), "provider_timeout");
}

#[wasm_bindgen_test]
fn test_body_auth_state_hook() {
    dom::set_body_auth_state("anonymous");
    let body = web_sys::window()
        .unwrap()
        .document()
        .unwrap()
        .body()
        .unwrap();
    assert_eq!(
        body.get_attribute("data-auth-state").as_deref(),
        Some("anonymous")
    );
}

#[wasm_bindgen_test]
fn test_replace_url_keeps_history_length() {
    let history = web_sys::window().unwrap().history().unwrap();
    let before = history.length().unwrap();
    let path = dom::pathname();
    dom::replace_url(&format!("{path}?code=secret"));
    dom::replace_url(&path);
    assert_eq!(history.length().unwrap(), before);
    assert_eq!(dom::query(), "");
}

#[wasm_bindgen_test]
async fn test_sleep_waits_at_least_the_delay() {
    use leptos_oauth_spa::glue::{clock, timer};
    let start = clock::now_ms();
    timer::sleep_ms(30).await;
    assert!(clock::now_ms() - start >= 29.0);
}
