//! JWS signature verification with WebCrypto (`SubtleCrypto.importKey` + `verify`). The choice
//! of algorithm parameters is the core's (`jwks::webcrypto_params`); this only calls the browser.

use js_sys::{Array, Object, Reflect, Uint8Array};
use oauth_core::jwks::{Jwk, WebCryptoParams};
use wasm_bindgen::{JsCast, JsValue};
use wasm_bindgen_futures::JsFuture;
use web_sys::{CryptoKey, SubtleCrypto};

/// Why a signature could not be checked (as opposed to checked and found bad).
#[derive(Debug, Clone, thiserror::Error)]
pub enum CryptoError {
    /// No `crypto.subtle`: only secure contexts (HTTPS or loopback) have it.
    #[error("WebCrypto is unavailable (not a secure context?)")]
    Unavailable,
    /// The browser refused the key or the algorithm (e.g. Ed25519 in an older browser).
    #[error("the browser cannot use this key: {0}")]
    Unsupported(String),
}

fn subtle() -> Result<SubtleCrypto, CryptoError> {
    let crypto = web_sys::window()
        .and_then(|w| w.crypto().ok())
        .ok_or(CryptoError::Unavailable)?;
    Ok(crypto.subtle())
}

fn object(pairs: &[(&str, Option<JsValue>)]) -> Object {
    let obj = Object::new();
    for (key, value) in pairs {
        if let Some(value) = value {
            let _ = Reflect::set(&obj, &JsValue::from_str(key), value);
        }
    }
    obj
}

fn text(value: Option<&str>) -> Option<JsValue> {
    value.map(JsValue::from_str)
}

/// Only the public key material: `alg`, `use` and `key_ops` were already checked by the core,
/// and leaving them out avoids spurious import failures on providers that spell them oddly.
fn public_jwk(jwk: &Jwk) -> Object {
    object(&[
        ("kty", text(Some(&jwk.kty))),
        ("crv", text(jwk.crv.as_deref())),
        ("n", text(jwk.n.as_deref())),
        ("e", text(jwk.e.as_deref())),
        ("x", text(jwk.x.as_deref())),
        ("y", text(jwk.y.as_deref())),
    ])
}

fn js_error(err: JsValue) -> CryptoError {
    let message = Reflect::get(&err, &JsValue::from_str("message"))
        .ok()
        .and_then(|m| m.as_string())
        .unwrap_or_else(|| "unknown error".to_owned());
    CryptoError::Unsupported(message)
}

/// Imports `jwk` as a non-extractable verification key.
pub async fn import_verify_key(
    jwk: &Jwk,
    params: &WebCryptoParams,
) -> Result<CryptoKey, CryptoError> {
    let algorithm = object(&[
        ("name", text(Some(params.import_name))),
        ("hash", text(params.hash)),
        ("namedCurve", text(params.named_curve)),
    ]);
    let usages = Array::of1(&JsValue::from_str("verify"));
    let promise = subtle()?
        .import_key_with_object("jwk", &public_jwk(jwk), &algorithm, false, &usages)
        .map_err(js_error)?;
    let key = JsFuture::from(promise).await.map_err(js_error)?;
    key.dyn_into::<CryptoKey>().map_err(js_error)
}

/// Verifies `signature` over `data`. `Ok(false)` means the signature is wrong.
pub async fn verify(
    key: &CryptoKey,
    params: &WebCryptoParams,
    signature: &[u8],
    data: &[u8],
) -> Result<bool, CryptoError> {
    let algorithm = object(&[
        ("name", text(Some(params.verify_name))),
        // ECDSA takes the hash at verify time; RSA keys carry it from the import.
        (
            "hash",
            if params.named_curve.is_some() {
                text(params.hash)
            } else {
                None
            },
        ),
        (
            "saltLength",
            params.salt_length.map(|n| JsValue::from_f64(f64::from(n))),
        ),
    ]);
    // Copies keep the views valid across the await: wasm memory may grow meanwhile.
    let signature = Uint8Array::from(signature);
    let data = Uint8Array::from(data);
    let promise = subtle()?
        .verify_with_object_and_buffer_source_and_buffer_source(&algorithm, key, &signature, &data)
        .map_err(js_error)?;
    let valid = JsFuture::from(promise).await.map_err(js_error)?;
    Ok(valid.as_bool().unwrap_or(false))
}
