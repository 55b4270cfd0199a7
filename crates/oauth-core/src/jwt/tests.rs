use super::*;

use serde_json::{json, Value};

fn b64(value: &Value) -> String {
    URL_SAFE_NO_PAD.encode(value.to_string())
}

fn token(header: &Value, payload: &Value, signature: &[u8]) -> IdToken {
    IdToken::new(format!(
        "{}.{}.{}",
        b64(header),
        b64(payload),
        URL_SAFE_NO_PAD.encode(signature)
    ))
}

fn payload() -> Value {
    json!({"iss": "https://idp.example", "sub": "alice", "aud": "spa", "exp": 2000, "iat": 1000})
}

#[test]
fn test_decode_valid_token() {
    let header = json!({"alg": "RS256", "kid": "key-1", "typ": "JWT"});
    let id_token = token(&header, &payload(), &[1, 2, 3, 255]);
    let decoded = decode(&id_token).unwrap();
    assert_eq!(
        decoded.header,
        JwtHeader {
            alg: "RS256".into(),
            kid: Some("key-1".into()),
            typ: Some("JWT".into())
        }
    );
    assert_eq!(decoded.claims.sub.as_deref(), Some("alice"));
    assert_eq!(decoded.claims.aud.as_slice(), ["spa"]);
    assert_eq!(decoded.claims.exp, Some(2000));
    assert_eq!(decoded.signature, [1, 2, 3, 255]);
    let (input, _) = id_token.secret().rsplit_once('.').unwrap();
    assert_eq!(decoded.signing_input, input);
}

#[test]
fn test_decode_keeps_the_signing_input_byte_for_byte() {
    // Whitespace and key order in the header must survive: the signature covers these bytes.
    let header = URL_SAFE_NO_PAD.encode(r#"{ "typ":"JWT",  "alg":"ES256" }"#);
    let body = URL_SAFE_NO_PAD.encode(r#"{"sub":"a"}"#);
    let decoded = decode(&IdToken::new(format!("{header}.{body}.AQ"))).unwrap();
    assert_eq!(decoded.signing_input, format!("{header}.{body}"));
    assert_eq!(decoded.header.alg, "ES256");
    assert_eq!(decoded.header.kid, None);
}

#[test]
fn test_alg_none_is_refused_in_any_case() {
    for alg in ["none", "None", "NONE", "nOnE"] {
        for signature in [&[][..], &[1, 2][..]] {
            let err = decode(&token(&json!({"alg": alg}), &payload(), signature)).unwrap_err();
            assert_eq!(err, JwtError::AlgNone, "{alg}");
            assert_eq!(err.code(), "id_token_alg_none");
        }
    }
}

#[test]
fn test_hmac_algs_are_refused() {
    for alg in ["HS256", "HS384", "HS512", "hs256", "Hs256"] {
        let err = decode(&token(&json!({"alg": alg}), &payload(), &[1])).unwrap_err();
        assert_eq!(err, JwtError::SymmetricAlg, "{alg}");
        assert_eq!(err.code(), "id_token_alg_hmac");
    }
}

#[test]
fn test_empty_signature_is_refused() {
    let err = decode(&token(&json!({"alg": "RS256"}), &payload(), &[])).unwrap_err();
    assert_eq!(err, JwtError::MissingSignature);
    assert_eq!(err.code(), "id_token_malformed");
}

#[test]
fn test_malformed_tokens_table() {
    let header = b64(&json!({"alg": "RS256"}));
    let body = b64(&payload());
    let b64_raw = |s: &str| URL_SAFE_NO_PAD.encode(s);
    let cases: Vec<(String, &str)> = vec![
        (String::new(), "expected three dot-separated parts"),
        (
            format!("{header}.{body}"),
            "expected three dot-separated parts",
        ),
        (
            format!("{header}.{body}.AQ.AQ"),
            "expected three dot-separated parts",
        ),
        (
            format!("{header}.AQ.{body}.AQ.AQ"),
            "expected three dot-separated parts",
        ),
        ("..".into(), "header is not a JSON object"),
        (format!("!!.{body}.AQ"), "header is not base64url"),
        (format!("{header}=.{body}.AQ"), "header is not base64url"),
        (
            format!("{}.{body}.AQ", b64_raw("not json")),
            "header is not a JSON object",
        ),
        (
            format!("{}.{body}.AQ", b64_raw("[\"RS256\"]")),
            "header is not a JSON object",
        ),
        (
            format!("{}.{body}.AQ", b64(&json!({"kid": "k"}))),
            "header has no string alg",
        ),
        (
            format!("{}.{body}.AQ", b64(&json!({"alg": 256}))),
            "header has no string alg",
        ),
        (
            format!(
                "{}.{body}.AQ",
                b64(&json!({"alg": "RS256", "crit": ["b64"]}))
            ),
            "header has critical extensions",
        ),
        (format!("{header}.{body}.A*"), "signature is not base64url"),
        (
            format!("{header}.{body}.AQ=="),
            "signature is not base64url",
        ),
        (format!("{header}.%%.AQ"), "payload is not base64url"),
        (
            format!("{header}.{}.AQ", b64_raw("{\"sub\":")),
            "payload is not a JSON object",
        ),
        (
            format!("{header}.{}.AQ", b64_raw("\"alice\"")),
            "payload is not a JSON object",
        ),
        (format!("{header}..AQ"), "payload is not a JSON object"),
        (
            format!("{header}.{}.AQ", b64(&json!({"exp": "tomorrow"}))),
            "payload has a claim of the wrong type",
        ),
        (
            format!("{header}.{}.AQ", b64(&json!({"aud": 7}))),
            "payload has a claim of the wrong type",
        ),
        (
            format!("{header}.{}.AQ", b64(&json!({"email_verified": "true"}))),
            "payload has a claim of the wrong type",
        ),
    ];
    for (input, reason) in cases {
        let err = decode(&IdToken::new(input.clone())).unwrap_err();
        assert_eq!(err, JwtError::Malformed(reason), "{input:?}");
        assert_eq!(err.code(), "id_token_malformed");
    }
}

#[test]
fn test_errors_and_debug_do_not_reveal_claims() {
    let bad = json!({"nonce": "Zq9NonceX", "exp": "Zq9NonceX"});
    let err = decode(&token(&json!({"alg": "RS256"}), &bad, &[1])).unwrap_err();
    assert!(!format!("{err} {err:?}").contains("Zq9"));

    let good = json!({"sub": "alice", "nonce": "Zq9NonceX"});
    let decoded = decode(&token(&json!({"alg": "RS256"}), &good, &[0x5a; 8])).unwrap();
    let debug = format!("{decoded:?}");
    assert!(
        !debug.contains("Zq9") && !debug.contains(&decoded.signing_input),
        "{debug}"
    );
    assert!(debug.contains("signature_len: 8"));
}
