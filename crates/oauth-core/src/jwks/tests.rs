use super::*;

use serde_json::{json, Value};

mod alg;
mod select;

/// A JWK from JSON, as the provider would publish it.
fn jwk(value: Value) -> Jwk {
    serde_json::from_value(value).unwrap()
}

fn rsa(kid: &str) -> Value {
    json!({"kty": "RSA", "kid": kid, "n": "sXch6v0nL3ZtVQ", "e": "AQAB"})
}

fn ec(kid: &str, crv: &str) -> Value {
    json!({"kty": "EC", "kid": kid, "crv": crv, "x": "f83OJ3D2xF1B", "y": "x_FEzRu9m36H"})
}

fn okp(kid: &str, crv: &str) -> Value {
    json!({"kty": "OKP", "kid": kid, "crv": crv, "x": "11qYAYKxCrfV"})
}

/// `base` with the members of `patch` replaced (`null` removes a member).
fn patched(base: Value, patch: Value) -> Value {
    let mut value = base;
    for (key, member) in patch.as_object().unwrap() {
        if member.is_null() {
            value.as_object_mut().unwrap().remove(key);
        } else {
            value[key] = member.clone();
        }
    }
    value
}

#[test]
fn test_from_json_reads_a_provider_document() {
    // The shape Keycloak publishes: a signing key, an encryption key, extra members.
    let text = json!({"keys": [
        {
            "kid": "sig-1", "kty": "RSA", "alg": "RS256", "use": "sig",
            "n": "sXch6v0nL3ZtVQ", "e": "AQAB",
            "x5c": ["MIIC..."], "x5t": "abc", "x5t#S256": "def",
        },
        {"kid": "enc-1", "kty": "RSA", "alg": "RSA-OAEP", "use": "enc", "n": "u1", "e": "AQAB"},
        {"kid": "ec-1", "kty": "EC", "crv": "P-256", "x": "f83O", "y": "x_FE",
         "key_ops": ["verify"]},
    ]})
    .to_string();
    let set = JwkSet::from_json(&text).unwrap();
    assert_eq!(set.keys.len(), 3);
    assert_eq!(
        set.keys[0],
        Jwk {
            kty: "RSA".into(),
            kid: Some("sig-1".into()),
            use_: Some("sig".into()),
            alg: Some("RS256".into()),
            crv: None,
            n: Some("sXch6v0nL3ZtVQ".into()),
            e: Some("AQAB".into()),
            x: None,
            y: None,
            key_ops: None,
        }
    );
    assert_eq!(set.keys[1].use_.as_deref(), Some("enc"));
    assert_eq!(set.keys[2].key_ops, Some(vec!["verify".to_owned()]));
}

#[test]
fn test_from_json_skips_keys_it_cannot_read() {
    let text = json!({"keys": [
        "not-a-key", 5, null, [], {},
        {"kid": "no-kty", "n": "u1", "e": "AQAB"},
        {"kty": 5, "kid": "numeric-kty"},
        {"kty": null, "kid": "null-kty"},
        {"kty": "RSA", "kid": "numeric-n", "n": 5, "e": "AQAB"},
        {"kty": "RSA", "kid": "ops-not-list", "key_ops": "verify"},
        rsa("good"),
        {"kty": "oct", "kid": "hmac", "k": "c2VjcmV0"},
    ]})
    .to_string();
    let set = JwkSet::from_json(&text).unwrap();
    let kids: Vec<_> = set.keys.iter().map(|k| k.kid.as_deref()).collect();
    // The `oct` key parses (it has a kty) but can never fit an asymmetric alg.
    assert_eq!(kids, [Some("good"), Some("hmac")]);
}

#[test]
fn test_from_json_refuses_documents_without_keys_array() {
    let cases = [
        "",
        "<html>",
        "[]",
        "{}",
        "null",
        r#"{"keys": {}}"#,
        r#"{"keys": null}"#,
        r#"{"keys": "x"}"#,
        r#"{"Keys": []}"#,
        r#"{"keys": [] "#,
    ];
    for text in cases {
        let err = JwkSet::from_json(text).unwrap_err();
        assert!(matches!(err, JwksError::Invalid(_)), "{text}: {err:?}");
        assert_eq!(err.code(), "jwks_invalid");
    }
    assert_eq!(JwkSet::from_json(r#"{"keys": []}"#), Ok(JwkSet::default()));
}

#[test]
fn test_private_members_are_never_kept() {
    let text = json!({"keys": [patched(
        rsa("k1"),
        json!({"d": "PRIVATEdPRIVATE", "p": "PRIVATEpPRIVATE", "q": "PRIVATEqPRIVATE"}),
    )]})
    .to_string();
    let set = JwkSet::from_json(&text).unwrap();
    let cached = serde_json::to_string(&set).unwrap();
    let debug = format!("{set:?}");
    for shown in [&cached, &debug] {
        assert!(!shown.contains("PRIVATE"), "{shown}");
    }
}

#[test]
fn test_serialized_jwk_is_a_valid_jwk() {
    // The glue hands the serialized key to `importKey("jwk", …)`, where a `null` member would
    // be read as the string "null", so absent members must stay absent; `use` keeps its name.
    let key = jwk(patched(rsa("k1"), json!({"use": "sig"})));
    assert_eq!(
        serde_json::to_value(&key).unwrap(),
        json!({"kty": "RSA", "kid": "k1", "use": "sig", "n": "sXch6v0nL3ZtVQ", "e": "AQAB"})
    );
}

#[test]
fn test_cached_jwks_round_trips() {
    let cached = CachedJwks {
        fetched_at_secs: 1_700_000_000,
        keys: JwkSet {
            keys: vec![
                jwk(rsa("r")),
                jwk(ec("e", "P-384")),
                jwk(patched(okp("o", "Ed25519"), json!({"key_ops": ["verify"]}))),
            ],
        },
    };
    let text = serde_json::to_string(&cached).unwrap();
    assert_eq!(serde_json::from_str::<CachedJwks>(&text).unwrap(), cached);
    let keys_only = serde_json::to_string(&cached.keys).unwrap();
    assert_eq!(JwkSet::from_json(&keys_only).unwrap(), cached.keys);
}

#[test]
fn test_is_fresh_table() {
    let cached = CachedJwks {
        fetched_at_secs: 10_000,
        keys: JwkSet::default(),
    };
    let cases = [
        (10_000, 3600, true),
        (13_599, 3600, true),
        (13_600, 3600, false),
        (99_999, 3600, false),
        (10_000, 0, false),
        // fetched slightly "in the future": small skew is tolerated
        (9_940, 3600, true),
        // a clock set back by more than a minute must not pin the set
        (9_939, 3600, false),
        (0, u64::MAX, false),
        (u64::MAX, u64::MAX, true),
    ];
    for (now, ttl, expected) in cases {
        assert_eq!(cached.is_fresh(now, ttl), expected, "now {now}, ttl {ttl}");
    }
}

#[test]
fn test_is_fresh_follows_the_discovery_cache_rule() {
    use crate::discovery::{CachedMetadata, ProviderMetadata};
    let metadata: ProviderMetadata = serde_json::from_value(json!({
        "issuer": "https://idp.example",
        "authorization_endpoint": "https://idp.example/auth",
        "token_endpoint": "https://idp.example/token",
    }))
    .unwrap();
    for fetched_at_secs in [0, 59, 60, 61, 10_000, u64::MAX - 30, u64::MAX] {
        let jwks = CachedJwks {
            fetched_at_secs,
            keys: JwkSet::default(),
        };
        let document = CachedMetadata {
            fetched_at_secs,
            metadata: metadata.clone(),
        };
        for now in [0, 1, 9_939, 9_940, 10_000, 13_600, u64::MAX - 61, u64::MAX] {
            for ttl in [0, 1, 60, 3600, u64::MAX] {
                assert_eq!(
                    jwks.is_fresh(now, ttl),
                    document.is_fresh(now, ttl),
                    "fetched {fetched_at_secs}, now {now}, ttl {ttl}"
                );
            }
        }
    }
}

#[test]
fn test_error_codes() {
    use JwksError::*;
    let cases = [
        (AlgNone, "id_token_alg_none"),
        (SymmetricAlg, "id_token_alg_hmac"),
        (UnsupportedAlg("RS1".into()), "id_token_alg_unsupported"),
        (AlgNotAllowed, "id_token_alg_not_allowed"),
        (UnknownKid, "jwks_unknown_kid"),
        (KeyMismatch, "jwks_key_mismatch"),
        (NoSuitableKey, "jwks_no_key"),
        (AmbiguousKey, "jwks_ambiguous_key"),
        (Invalid("x".into()), "jwks_invalid"),
        (AtHashMismatch, "invalid_id_token_at_hash"),
    ];
    for (err, code) in cases {
        assert_eq!(err.code(), code, "{err:?}");
        assert!(!err.to_string().is_empty());
    }
}
