//! The root of trust for storage at rest: a WebCrypto AES-GCM key made with
//! `extractable = false`. Script on this origin can ask the browser to use it but can never read
//! its bytes, and IndexedDB keeps it as a `CryptoKey` object, so its value is never written out
//! by the app. It only wraps (encrypts) the data key that seals records; the records themselves
//! are sealed in Rust (`oauth_core::record`), which keeps their format host-tested.

use js_sys::{Array, Object, Reflect, Uint8Array};
use oauth_core::record::KEY_LEN;
use wasm_bindgen::{JsCast, JsValue};
use wasm_bindgen_futures::JsFuture;
use web_sys::{CryptoKey, SubtleCrypto};

/// Binds a wrapped key to its role, so a wrapped key cannot be passed off as anything else.
const WRAP_LABEL: &[u8] = b"leptos-oauth-spa data key";
const IV_LEN: usize = 12;
const TAG_LEN: usize = 16;

/// Why a key operation failed. Never carries key material.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum KeyError {
    /// No `crypto.subtle`: only secure contexts (HTTPS or loopback) have it.
    #[error("WebCrypto is unavailable (not a secure context?)")]
    Unavailable,
    /// The browser refused the call; the text is the `DOMException` name.
    #[error("WebCrypto failed ({0})")]
    Failed(String),
    /// The wrapped data key does not open under the root key: altered, or from another key.
    #[error("the wrapped data key does not open under the root key")]
    Rejected,
}

fn subtle() -> Result<SubtleCrypto, KeyError> {
    let crypto = web_sys::window()
        .and_then(|w| w.crypto().ok())
        .ok_or(KeyError::Unavailable)?;
    Ok(crypto.subtle())
}

fn failed(err: JsValue) -> KeyError {
    let name = Reflect::get(&err, &JsValue::from_str("name"))
        .ok()
        .and_then(|n| n.as_string())
        .unwrap_or_else(|| "UnknownError".to_owned());
    KeyError::Failed(name)
}

fn aes_gcm(iv: Option<&[u8]>) -> Object {
    let algorithm = Object::new();
    let set = |key: &str, value: &JsValue| {
        let _ = Reflect::set(&algorithm, &JsValue::from_str(key), value);
    };
    set("name", &JsValue::from_str("AES-GCM"));
    match iv {
        Some(iv) => {
            set("iv", &Uint8Array::from(iv));
            set("additionalData", &Uint8Array::from(WRAP_LABEL));
        }
        None => set("length", &JsValue::from_f64(256.0)),
    }
    algorithm
}

/// A fresh non-extractable AES-256-GCM key that can only encrypt and decrypt.
pub async fn generate_root_key() -> Result<CryptoKey, KeyError> {
    let usages = Array::of2(&"encrypt".into(), &"decrypt".into());
    let promise = subtle()?
        .generate_key_with_object(&aes_gcm(None), false, &usages)
        .map_err(failed)?;
    let key = JsFuture::from(promise).await.map_err(failed)?;
    key.dyn_into::<CryptoKey>().map_err(failed)
}

/// Encrypts `data_key` under `root` with a fresh random IV: `iv ‖ ciphertext ‖ tag`.
pub async fn wrap_data_key(
    root: &CryptoKey,
    data_key: &[u8; KEY_LEN],
) -> Result<Vec<u8>, KeyError> {
    let mut iv = [0u8; IV_LEN];
    getrandom::fill(&mut iv).map_err(|_| KeyError::Failed("no secure random source".into()))?;
    // A copy in JS memory: a view into wasm memory could move if the heap grows meanwhile.
    let plaintext = Uint8Array::from(&data_key[..]);
    let promise = subtle()?
        .encrypt_with_object_and_js_u8_array(&aes_gcm(Some(&iv)), root, &plaintext)
        .map_err(failed)?;
    let sealed = JsFuture::from(promise).await.map_err(failed)?;
    let mut wrapped = iv.to_vec();
    wrapped.extend(Uint8Array::new(&sealed).to_vec());
    Ok(wrapped)
}

/// Recovers the data key that [`wrap_data_key`] wrapped under `root`.
pub async fn unwrap_data_key(root: &CryptoKey, wrapped: &[u8]) -> Result<[u8; KEY_LEN], KeyError> {
    if wrapped.len() != IV_LEN + KEY_LEN + TAG_LEN {
        return Err(KeyError::Rejected);
    }
    let (iv, sealed) = wrapped.split_at(IV_LEN);
    let promise = subtle()?
        .decrypt_with_object_and_js_u8_array(&aes_gcm(Some(iv)), root, &Uint8Array::from(sealed))
        .map_err(failed)?;
    let plain = JsFuture::from(promise)
        .await
        .map_err(|err| match failed(err) {
            // OperationError is how WebCrypto reports a tag that does not verify.
            KeyError::Failed(name) if name == "OperationError" => KeyError::Rejected,
            other => other,
        })?;
    Uint8Array::new(&plain)
        .to_vec()
        .try_into()
        .map_err(|_| KeyError::Rejected)
}
