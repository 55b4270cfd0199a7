//! Browser tests of encrypted storage: the WebCrypto root key, sealed records in real IndexedDB,
//! what happens to a tampered record, and sign-out. Run in headless Chromium by
//! `wasm-bindgen-test-runner` (`cargo test --target wasm32-unknown-unknown --test storage`).
#![cfg(target_arch = "wasm32")]

use std::rc::Rc;

use js_sys::{Array, Object, Promise, Reflect, Uint8Array};
use leptos_oauth_spa::glue::idb::{Database, Write};
use leptos_oauth_spa::glue::keys::{self, KeyError};
use leptos_oauth_spa::glue::vault::{Discard, Loaded, Vault, DB_NAME, KEYS_STORE, RECORDS_STORE};
use oauth_core::record::{self, RecordAad, RecordError, StoredRecord};
use oauth_core::token::parse_token_response;
use wasm_bindgen::{JsCast, JsValue};
use wasm_bindgen_futures::{future_to_promise, JsFuture};
use wasm_bindgen_test::*;
use web_sys::{CryptoKey, SubtleCrypto};

wasm_bindgen_test_configure!(run_in_browser);

const NOW: u64 = 1_700_000_000;
const AAD: RecordAad<'static> = RecordAad {
    purpose: "session",
    issuer: "https://idp.example",
    client_id: "spa",
};

fn subtle() -> SubtleCrypto {
    web_sys::window().unwrap().crypto().unwrap().subtle()
}

fn stored_record(access_token: &str) -> StoredRecord {
    let response = serde_json::json!({
        "access_token": access_token,
        "token_type": "Bearer",
        "refresh_token": "rt-secret-value",
        "id_token": "id-secret-value",
        "expires_in": 300,
    });
    StoredRecord {
        created_at_secs: NOW,
        refresh_expires_at_secs: None,
        tokens: parse_token_response(200, &response.to_string(), NOW).unwrap(),
        claims: Default::default(),
    }
}

/// A second, raw connection for looking behind the vault's back.
async fn raw() -> Database {
    Database::open(DB_NAME, 1, &[KEYS_STORE, RECORDS_STORE])
        .await
        .unwrap()
}

async fn raw_values() -> Vec<JsValue> {
    let keys = [
        (KEYS_STORE, "root"),
        (KEYS_STORE, "data"),
        (RECORDS_STORE, "session"),
    ];
    raw().await.read(&keys).await.unwrap()
}

async fn fresh_vault() -> Vault {
    let vault = Vault::open().await.unwrap();
    vault.clear().await.unwrap();
    vault
}

fn loaded_token(loaded: Loaded) -> String {
    match loaded {
        Loaded::Record(record) => record.tokens.access_token.secret().to_owned(),
        other => panic!("expected a record, got {other:?}"),
    }
}

#[wasm_bindgen_test]
async fn test_root_key_is_not_extractable() {
    let key = keys::generate_root_key().await.unwrap();
    assert!(!key.extractable());
    let export = subtle().export_key("raw", &key).unwrap();
    assert!(JsFuture::from(export).await.is_err(), "exportKey must fail");

    // The key the vault keeps in IndexedDB is the same kind of object, equally locked.
    let vault = fresh_vault().await;
    vault.save(&AAD, &stored_record("at-1")).await.unwrap();
    let stored = raw_values().await[0]
        .clone()
        .dyn_into::<CryptoKey>()
        .unwrap();
    assert!(!stored.extractable());
    let export = subtle().export_key("jwk", &stored).unwrap();
    assert!(JsFuture::from(export).await.is_err(), "exportKey must fail");
}

#[wasm_bindgen_test]
async fn test_data_key_wraps_and_unwraps_only_under_its_root_key() {
    let root = keys::generate_root_key().await.unwrap();
    let data_key = [42u8; 32];
    let wrapped = keys::wrap_data_key(&root, &data_key).await.unwrap();
    assert!(!wrapped.windows(32).any(|w| w == data_key));
    assert_eq!(
        keys::unwrap_data_key(&root, &wrapped).await.unwrap(),
        data_key
    );

    let other = keys::generate_root_key().await.unwrap();
    let err = keys::unwrap_data_key(&other, &wrapped).await.unwrap_err();
    assert_eq!(err, KeyError::Rejected);
}

/// The core's envelope is plain AES-256-GCM: WebCrypto opens it with the same key, nonce and
/// additional data.
#[wasm_bindgen_test]
async fn test_sealed_record_is_standard_aes_gcm() {
    let key_bytes = [5u8; 32];
    let nonce = [6u8; 12];
    let envelope = record::seal(&key_bytes, &nonce, &AAD, b"interoperable");

    let usages = Array::of1(&"decrypt".into());
    let import = subtle()
        .import_key_with_str(
            "raw",
            &Uint8Array::from(&key_bytes[..]),
            "AES-GCM",
            false,
            &usages,
        )
        .unwrap();
    let key = JsFuture::from(import)
        .await
        .unwrap()
        .dyn_into::<CryptoKey>()
        .unwrap();
    let algorithm = Object::new();
    Reflect::set(&algorithm, &"name".into(), &"AES-GCM".into()).unwrap();
    Reflect::set(&algorithm, &"iv".into(), &Uint8Array::from(&nonce[..])).unwrap();
    let aad = Uint8Array::from(&AAD.additional_data()[..]);
    Reflect::set(&algorithm, &"additionalData".into(), &aad).unwrap();
    let ciphertext = Uint8Array::from(&envelope[13..]);
    let decrypt = subtle()
        .decrypt_with_object_and_js_u8_array(&algorithm, &key, &ciphertext)
        .unwrap();
    let plain = Uint8Array::new(&JsFuture::from(decrypt).await.unwrap()).to_vec();
    assert_eq!(plain, b"interoperable");
}

#[wasm_bindgen_test]
async fn test_records_round_trip_through_indexeddb() {
    let vault = fresh_vault().await;
    assert!(matches!(vault.load(&AAD).await.unwrap(), Loaded::Nothing));

    vault.save(&AAD, &stored_record("at-1")).await.unwrap();
    assert_eq!(loaded_token(vault.load(&AAD).await.unwrap()), "at-1");
    // A second save replaces the record under the same keys.
    vault.save(&AAD, &stored_record("at-2")).await.unwrap();
    assert_eq!(loaded_token(vault.load(&AAD).await.unwrap()), "at-2");

    // Another connection (another tab) reads the same record.
    let other = Vault::open().await.unwrap();
    assert_eq!(loaded_token(other.load(&AAD).await.unwrap()), "at-2");
}

#[wasm_bindgen_test]
async fn test_nothing_readable_is_stored() {
    let vault = fresh_vault().await;
    vault
        .save(&AAD, &stored_record("at-secret-value"))
        .await
        .unwrap();
    let values = raw_values().await;
    for value in &values[1..] {
        let bytes = value.dyn_ref::<Uint8Array>().unwrap().to_vec();
        for secret in [&b"secret-value"[..], b"Bearer", b"access_token"] {
            assert!(!bytes.windows(secret.len()).any(|w| w == secret));
        }
    }
}

#[wasm_bindgen_test]
async fn test_tampered_record_is_deleted_and_reported() {
    let vault = fresh_vault().await;
    vault.save(&AAD, &stored_record("at-1")).await.unwrap();
    let mut envelope = raw_values().await[2]
        .dyn_ref::<Uint8Array>()
        .unwrap()
        .to_vec();
    let last = envelope.len() - 1;
    envelope[last] ^= 0x80;
    let tampered = Uint8Array::from(&envelope[..]).into();
    let raw = raw().await;
    raw.write(&[Write::Put(RECORDS_STORE, "session", tampered)])
        .await
        .unwrap();

    match vault.load(&AAD).await.unwrap() {
        Loaded::Discarded(Discard::Record(RecordError::Unauthentic)) => {}
        other => panic!("expected a discarded record, got {other:?}"),
    }
    assert!(
        raw_values().await[2].is_undefined(),
        "the record is deleted"
    );
    assert!(matches!(vault.load(&AAD).await.unwrap(), Loaded::Nothing));

    // Not bytes at all: discarded the same way.
    raw.write(&[Write::Put(RECORDS_STORE, "session", "garbage".into())])
        .await
        .unwrap();
    match vault.load(&AAD).await.unwrap() {
        Loaded::Discarded(Discard::Record(RecordError::Truncated)) => {}
        other => panic!("expected a discarded record, got {other:?}"),
    }
}

#[wasm_bindgen_test]
async fn test_record_for_another_client_is_discarded() {
    let vault = fresh_vault().await;
    vault.save(&AAD, &stored_record("at-1")).await.unwrap();
    let elsewhere = RecordAad {
        client_id: "other-spa",
        ..AAD
    };
    match vault.load(&elsewhere).await.unwrap() {
        Loaded::Discarded(Discard::Record(RecordError::Unauthentic)) => {}
        other => panic!("expected a discarded record, got {other:?}"),
    }
}

#[wasm_bindgen_test]
async fn test_record_without_its_keys_is_discarded() {
    let vault = fresh_vault().await;
    vault.save(&AAD, &stored_record("at-1")).await.unwrap();
    raw()
        .await
        .write(&[Write::Delete(KEYS_STORE, "root")])
        .await
        .unwrap();
    match vault.load(&AAD).await.unwrap() {
        Loaded::Discarded(Discard::KeyMissing) => {}
        other => panic!("expected a discarded record, got {other:?}"),
    }
    assert!(raw_values().await.iter().all(JsValue::is_undefined));

    // The next save starts over with new keys.
    vault.save(&AAD, &stored_record("at-2")).await.unwrap();
    assert_eq!(loaded_token(vault.load(&AAD).await.unwrap()), "at-2");
}

#[wasm_bindgen_test]
async fn test_clear_wipes_records_and_keys() {
    let vault = fresh_vault().await;
    vault.save(&AAD, &stored_record("at-1")).await.unwrap();
    let wrapped_before = raw_values().await[1]
        .dyn_ref::<Uint8Array>()
        .unwrap()
        .to_vec();
    assert!(raw_values().await.iter().all(|v| !v.is_undefined()));

    vault.clear().await.unwrap();
    assert!(raw_values().await.iter().all(JsValue::is_undefined));

    vault.save(&AAD, &stored_record("at-2")).await.unwrap();
    let wrapped_after = raw_values().await[1]
        .dyn_ref::<Uint8Array>()
        .unwrap()
        .to_vec();
    assert_ne!(
        wrapped_before, wrapped_after,
        "sign-in after sign-out makes new keys"
    );
}

/// Two tabs saving at once into an empty database: both succeed and the result opens.
#[wasm_bindgen_test]
async fn test_concurrent_first_saves_agree_on_one_key() {
    fresh_vault().await;
    let first = Rc::new(Vault::open().await.unwrap());
    let second = Rc::new(Vault::open().await.unwrap());
    let save = |vault: Rc<Vault>, token: &'static str| {
        future_to_promise(async move {
            vault.save(&AAD, &stored_record(token)).await.unwrap();
            Ok(JsValue::UNDEFINED)
        })
    };
    let both = Promise::all(&Array::of2(
        &save(first.clone(), "a"),
        &save(second.clone(), "b"),
    ));
    JsFuture::from(both).await.unwrap();
    let token = loaded_token(first.load(&AAD).await.unwrap());
    assert!(token == "a" || token == "b");
    assert_eq!(loaded_token(second.load(&AAD).await.unwrap()), token);
}
