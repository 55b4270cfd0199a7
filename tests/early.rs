//! Browser tests of `public/early-start.js` with the glue that takes its work over: the real
//! script runs in headless Chromium, then `Vault::take_early` and `early::config_response` use
//! (or refuse) what it left. `cargo test --target wasm32-unknown-unknown --test early`.
#![cfg(target_arch = "wasm32")]

use js_sys::{Array, Function, Promise, Reflect};
use leptos_oauth_spa::glue::early;
use leptos_oauth_spa::glue::vault::{Loaded, Vault, DB_NAME};
use oauth_core::record::{RecordAad, StoredRecord};
use oauth_core::token::parse_token_response;
use wasm_bindgen::{JsCast, JsValue};
use wasm_bindgen_futures::JsFuture;
use wasm_bindgen_test::*;

wasm_bindgen_test_configure!(run_in_browser);

const SCRIPT: &str = include_str!("../public/early-start.js");
const HINT: &str = "oauth.token_store";
const AAD: RecordAad<'static> = RecordAad {
    purpose: "session",
    issuer: "https://idp.example",
    client_id: "spa",
};

fn run_script() {
    Function::new_no_args(SCRIPT).call0(&JsValue::NULL).unwrap();
}

fn local_storage() -> web_sys::Storage {
    web_sys::window().unwrap().local_storage().unwrap().unwrap()
}

/// Evaluates `body` (which returns a promise) and awaits it.
async fn js(body: &str) -> JsValue {
    let promise = Function::new_no_args(body).call0(&JsValue::NULL).unwrap();
    JsFuture::from(promise.dyn_into::<Promise>().unwrap())
        .await
        .unwrap()
}

fn record(access_token: &str) -> StoredRecord {
    let body = format!(
        r#"{{"access_token":"{access_token}","token_type":"Bearer","refresh_token":"rt","expires_in":300}}"#
    );
    StoredRecord {
        created_at_secs: 1_700_000_000,
        refresh_expires_at_secs: None,
        tokens: parse_token_response(200, &body, 1_700_000_000).unwrap(),
        claims: Default::default(),
    }
}

fn token(loaded: Loaded) -> String {
    match loaded {
        Loaded::Record(record) => record.tokens.access_token.secret().to_owned(),
        other => panic!("expected a record, got {other:?}"),
    }
}

async fn vault_holding(access_token: &str) -> Vault {
    let vault = Vault::open().await.unwrap();
    vault.clear().await.unwrap();
    vault.save(&AAD, &record(access_token)).await.unwrap();
    vault
}

#[wasm_bindgen_test]
async fn test_the_first_load_uses_what_the_script_read_then_the_database() {
    let other = vault_holding("at-1").await;
    local_storage().set_item(HINT, "indexeddb").unwrap();
    run_script();
    let early = Vault::take_early()
        .await
        .expect("the script opened the database");
    // Written after the script read: the first load still sees the script's snapshot, which
    // shows it came from the script and not from a read of its own.
    other.save(&AAD, &record("at-2")).await.unwrap();
    assert_eq!(token(early.load(&AAD).await.unwrap()), "at-1");
    assert_eq!(token(early.load(&AAD).await.unwrap()), "at-2", "used once");
    assert!(Vault::take_early().await.is_none(), "taken once");
}

#[wasm_bindgen_test]
async fn test_a_write_by_the_page_drops_the_early_read() {
    drop(vault_holding("at-1").await);
    local_storage().set_item(HINT, "indexeddb").unwrap();
    run_script();
    let early = Vault::take_early().await.unwrap();
    early.save(&AAD, &record("at-3")).await.unwrap();
    assert_eq!(token(early.load(&AAD).await.unwrap()), "at-3");
}

#[wasm_bindgen_test]
async fn test_the_script_never_creates_the_database() {
    js(&format!(
        "return new Promise((done, fail) => {{ const r = indexedDB.deleteDatabase('{DB_NAME}'); \
         r.onsuccess = done; r.onerror = fail; }})"
    ))
    .await;
    local_storage().set_item(HINT, "indexeddb").unwrap();
    run_script();
    assert!(Vault::take_early().await.is_none());
    let names = js("return indexedDB.databases().then((all) => all.map((d) => d.name))").await;
    let names: Vec<JsValue> = names.dyn_into::<Array>().unwrap().to_vec();
    assert!(!names.contains(&JsValue::from_str(DB_NAME)), "{names:?}");
}

#[wasm_bindgen_test]
async fn test_without_the_hint_the_script_leaves_indexeddb_alone() {
    drop(vault_holding("at-1").await);
    local_storage().remove_item(HINT).unwrap();
    run_script();
    let window = web_sys::window().unwrap();
    let left = Reflect::get(&window, &JsValue::from_str("__oauthEarlyDb")).unwrap();
    assert!(left.is_undefined());
    assert!(Vault::take_early().await.is_none());
}

#[wasm_bindgen_test]
async fn test_the_early_config_response_counts_only_for_the_url_the_app_wants() {
    run_script(); // no preload in this page: nothing fetched
    assert!(early::config_response("/config.json").await.is_none());

    let document = web_sys::window().unwrap().document().unwrap();
    let link = document.create_element("link").unwrap();
    for (name, value) in [
        ("rel", "preload"),
        ("as", "fetch"),
        ("href", "/no-such.json?v=ab"),
    ] {
        link.set_attribute(name, value).unwrap();
    }
    document.head().unwrap().append_child(&link).unwrap();
    run_script();
    assert!(
        early::config_response("/config.json?v=ab").await.is_none(),
        "another URL"
    );
    run_script();
    let response = early::config_response("/no-such.json?v=ab").await.unwrap();
    assert_eq!(response.status, 404, "the status is passed on, not assumed");
    link.remove();
}
