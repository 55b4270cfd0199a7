//! Browser tests of ID-token signature verification (issue 5): for every JWS algorithm the app
//! accepts, a key pair is generated with WebCrypto here, a message is signed, the public key is
//! exported as a JWK and read as `oauth_core::jwks::Jwk`, and the app's glue
//! (`webcrypto::import_verify_key` + `verify` with `jwks::webcrypto_params`) must accept the
//! signature and refuse a tampered signature, tampered data and another key's signature.
//! Run by `wasm-bindgen-test-runner` in headless Chromium; on the host this compiles to nothing.
#![cfg(target_arch = "wasm32")]

use js_sys::{Array, Object, Reflect, Uint8Array};
use leptos_oauth_spa::glue::webcrypto::{import_verify_key, verify};
use oauth_core::jwks::{webcrypto_params, Jwk, JwsAlg, WebCryptoParams};
use wasm_bindgen::{JsCast, JsValue};
use wasm_bindgen_futures::JsFuture;
use wasm_bindgen_test::*;
use web_sys::{CryptoKey, SubtleCrypto};

wasm_bindgen_test_configure!(run_in_browser);

const MESSAGE: &[u8] = b"eyJhbGciOiJSUzI1NiJ9.eyJzdWIiOiJhbGljZSJ9";

fn subtle() -> SubtleCrypto {
    web_sys::window().unwrap().crypto().unwrap().subtle()
}

fn object(pairs: &[(&str, JsValue)]) -> Object {
    let obj = Object::new();
    for (key, value) in pairs {
        Reflect::set(&obj, &JsValue::from_str(key), value).unwrap();
    }
    obj
}

async fn call(promise: Result<js_sys::Promise, JsValue>) -> JsValue {
    JsFuture::from(promise.expect("WebCrypto accepted the call"))
        .await
        .expect("WebCrypto fulfilled the promise")
}

/// `generateKey` parameters for `alg`, derived from the same table the app verifies with.
fn generate_params(params: &WebCryptoParams) -> Object {
    let name = JsValue::from_str(params.import_name);
    match (params.import_name, params.named_curve) {
        ("RSASSA-PKCS1-v1_5" | "RSA-PSS", _) => object(&[
            ("name", name),
            ("modulusLength", JsValue::from_f64(2048.0)),
            ("publicExponent", Uint8Array::from(&[1u8, 0, 1][..]).into()),
            ("hash", JsValue::from_str(params.hash.unwrap())),
        ]),
        (_, Some(curve)) => object(&[("name", name), ("namedCurve", JsValue::from_str(curve))]),
        _ => object(&[("name", name)]),
    }
}

/// `sign` parameters: PSS needs its salt length and ECDSA its hash, as in verification.
fn sign_params(params: &WebCryptoParams) -> Object {
    let mut pairs = vec![("name", JsValue::from_str(params.verify_name))];
    if let Some(salt) = params.salt_length {
        pairs.push(("saltLength", JsValue::from_f64(f64::from(salt))));
    }
    if params.named_curve.is_some() {
        pairs.push(("hash", JsValue::from_str(params.hash.unwrap())));
    }
    object(&pairs)
}

/// A fresh key pair: the private key, and the public key exported as the core's `Jwk`.
async fn key_pair(params: &WebCryptoParams) -> (CryptoKey, Jwk) {
    let usages = Array::of2(&JsValue::from_str("sign"), &JsValue::from_str("verify"));
    let pair =
        call(subtle().generate_key_with_object(&generate_params(params), true, &usages)).await;
    let key = |name: &str| -> CryptoKey {
        Reflect::get(&pair, &JsValue::from_str(name))
            .unwrap()
            .dyn_into()
            .unwrap()
    };
    let exported = call(subtle().export_key("jwk", &key("publicKey"))).await;
    let json: String = js_sys::JSON::stringify(&exported).unwrap().into();
    let jwk: Jwk = serde_json::from_str(&json).expect("the exported JWK reads as a Jwk");
    assert!(!json.contains("\"d\""), "only the public key was exported");
    (key("privateKey"), jwk)
}

async fn sign(params: &WebCryptoParams, key: &CryptoKey, data: &[u8]) -> Vec<u8> {
    let signature =
        call(subtle().sign_with_object_and_u8_array(&sign_params(params), key, data)).await;
    Uint8Array::new(&signature).to_vec()
}

async fn verifies(params: &WebCryptoParams, jwk: &Jwk, signature: &[u8], data: &[u8]) -> bool {
    let key = import_verify_key(jwk, params)
        .await
        .expect("the app imports the JWK");
    verify(&key, params, signature, data)
        .await
        .expect("the app can check the signature")
}

async fn check(name: &str, kty: &str) {
    let alg = JwsAlg::parse(name).unwrap();
    let params = webcrypto_params(alg);
    let (private_key, jwk) = key_pair(&params).await;
    assert_eq!(jwk.kty, kty, "{name}: key type of the exported JWK");
    let signature = sign(&params, &private_key, MESSAGE).await;
    if let Some(len) = params.signature_len {
        assert_eq!(signature.len(), len, "{name}: JWS signature length");
    }
    assert!(
        verifies(&params, &jwk, &signature, MESSAGE).await,
        "{name}: good signature"
    );

    let mut bad_signature = signature.clone();
    let middle = bad_signature.len() / 2;
    bad_signature[middle] ^= 0x01;
    assert!(
        !verifies(&params, &jwk, &bad_signature, MESSAGE).await,
        "{name}: tampered signature"
    );

    let mut bad_data = MESSAGE.to_vec();
    bad_data[10] ^= 0x01;
    assert!(
        !verifies(&params, &jwk, &signature, &bad_data).await,
        "{name}: tampered data"
    );

    let (_, other_jwk) = key_pair(&params).await;
    assert!(
        !verifies(&params, &other_jwk, &signature, MESSAGE).await,
        "{name}: another key"
    );
}

#[wasm_bindgen_test]
async fn test_rs256() {
    check("RS256", "RSA").await;
}

#[wasm_bindgen_test]
async fn test_rs384() {
    check("RS384", "RSA").await;
}

#[wasm_bindgen_test]
async fn test_rs512() {
    check("RS512", "RSA").await;
}

#[wasm_bindgen_test]
async fn test_ps256() {
    check("PS256", "RSA").await;
}

#[wasm_bindgen_test]
async fn test_ps384() {
    check("PS384", "RSA").await;
}

#[wasm_bindgen_test]
async fn test_ps512() {
    check("PS512", "RSA").await;
}

#[wasm_bindgen_test]
async fn test_es256() {
    check("ES256", "EC").await;
}

#[wasm_bindgen_test]
async fn test_es384() {
    check("ES384", "EC").await;
}

#[wasm_bindgen_test]
async fn test_es512() {
    check("ES512", "EC").await;
}

#[wasm_bindgen_test]
async fn test_ed25519() {
    check("EdDSA", "OKP").await;
}
