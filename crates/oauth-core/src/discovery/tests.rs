use super::*;

use serde_json::{json, Value};

const ISSUER: &str = "https://idp.example/realms/demo";

fn document() -> Value {
    json!({
        "issuer": ISSUER,
        "authorization_endpoint": "https://idp.example/realms/demo/auth",
        "token_endpoint": "https://idp.example/realms/demo/token",
        "userinfo_endpoint": "https://idp.example/realms/demo/userinfo",
        "jwks_uri": "https://idp.example/realms/demo/certs",
        "end_session_endpoint": "https://idp.example/realms/demo/logout",
        "revocation_endpoint": "https://idp.example/realms/demo/revoke",
        "device_authorization_endpoint": "https://idp.example/realms/demo/device",
        "authorization_response_iss_parameter_supported": true,
        "code_challenge_methods_supported": ["plain", "S256"],
        "id_token_signing_alg_values_supported": ["RS256", "ES256"],
        "grant_types_supported": ["authorization_code"],
        "some_vendor_extension": {"nested": [1, 2, 3]},
    })
}

fn with(key: &str, value: Value) -> String {
    let mut doc = document();
    doc[key] = value;
    doc.to_string()
}

#[test]
fn test_discovery_url_table() {
    let cases = [
        (
            "https://idp.example",
            "https://idp.example/.well-known/openid-configuration",
        ),
        (
            "https://idp.example/",
            "https://idp.example/.well-known/openid-configuration",
        ),
        (
            "https://idp.example/realms/demo",
            "https://idp.example/realms/demo/.well-known/openid-configuration",
        ),
        (
            "https://idp.example/realms/demo/",
            "https://idp.example/realms/demo/.well-known/openid-configuration",
        ),
    ];
    for (issuer, expected) in cases {
        assert_eq!(discovery_url(issuer), expected);
    }
}

#[test]
fn test_full_document_is_read_and_unknown_keys_ignored() {
    let metadata = ProviderMetadata::from_json(&document().to_string(), ISSUER).unwrap();
    assert_eq!(metadata.issuer, ISSUER);
    assert_eq!(
        metadata.authorization_endpoint,
        "https://idp.example/realms/demo/auth"
    );
    assert_eq!(
        metadata.token_endpoint,
        "https://idp.example/realms/demo/token"
    );
    assert_eq!(
        metadata.end_session_endpoint.as_deref(),
        Some("https://idp.example/realms/demo/logout")
    );
    assert!(metadata.authorization_response_iss_parameter_supported);
    assert_eq!(
        metadata.id_token_signing_alg_values_supported.unwrap(),
        ["RS256", "ES256"]
    );
}

#[test]
fn test_minimal_document_gets_defaults() {
    let text = json!({
        "issuer": ISSUER,
        "authorization_endpoint": "https://idp.example/auth",
        "token_endpoint": "https://idp.example/token",
    })
    .to_string();
    let metadata = ProviderMetadata::from_json(&text, ISSUER).unwrap();
    assert!(!metadata.authorization_response_iss_parameter_supported);
    assert_eq!(metadata.userinfo_endpoint, None);
    assert_eq!(metadata.code_challenge_methods_supported, None);
}

#[test]
fn test_serialized_metadata_reparses() {
    let metadata = ProviderMetadata::from_json(&document().to_string(), ISSUER).unwrap();
    let cached = CachedMetadata {
        fetched_at_secs: 1_000,
        metadata,
    };
    let text = serde_json::to_string(&cached).unwrap();
    let back: CachedMetadata = serde_json::from_str(&text).unwrap();
    assert_eq!(back, cached);
    let json = serde_json::to_string(&back.metadata).unwrap();
    assert_eq!(
        ProviderMetadata::from_json(&json, ISSUER).unwrap(),
        cached.metadata
    );
}

#[test]
fn test_issuer_must_match_exactly() {
    for other in [
        "https://idp.example/realms/demo/",
        "https://IDP.example/realms/demo",
        "https://idp.example/realms/other",
        "https://evil.example/realms/demo",
    ] {
        let err = ProviderMetadata::from_json(&with("issuer", json!(other)), ISSUER).unwrap_err();
        assert_eq!(err, DiscoveryError::IssuerMismatch, "{other}");
        assert_eq!(err.code(), "discovery_issuer_mismatch");
    }
}

#[test]
fn test_every_endpoint_must_be_secure() {
    let fields = [
        "authorization_endpoint",
        "token_endpoint",
        "userinfo_endpoint",
        "jwks_uri",
        "end_session_endpoint",
        "revocation_endpoint",
        "device_authorization_endpoint",
    ];
    for field in fields {
        for url in [
            "http://idp.example/x",
            "https://user@idp.example/x",
            "",
            "/relative",
        ] {
            let err = ProviderMetadata::from_json(&with(field, json!(url)), ISSUER).unwrap_err();
            assert_eq!(
                err,
                DiscoveryError::InsecureEndpoint(field),
                "{field} = {url:?}"
            );
            assert_eq!(err.code(), "discovery_invalid");
        }
    }
}

#[test]
fn test_loopback_endpoints_are_allowed() {
    let issuer = "http://localhost:8080/realms/demo";
    let text = json!({
        "issuer": issuer,
        "authorization_endpoint": "http://localhost:8080/auth",
        "token_endpoint": "http://127.0.0.1:8080/token",
    })
    .to_string();
    assert!(ProviderMetadata::from_json(&text, issuer).is_ok());
}

#[test]
fn test_s256_is_required_when_methods_are_listed() {
    let cases = [
        (json!(["S256"]), Ok(())),
        (json!(["plain", "S256"]), Ok(())),
        (Value::Null, Ok(())),
        (json!(["plain"]), Err(DiscoveryError::NoS256)),
        (json!([]), Err(DiscoveryError::NoS256)),
        (json!(["s256"]), Err(DiscoveryError::NoS256)),
    ];
    for (methods, expected) in cases {
        let text = with("code_challenge_methods_supported", methods.clone());
        let result = ProviderMetadata::from_json(&text, ISSUER).map(|_| ());
        assert_eq!(result, expected, "{methods}");
    }
    assert_eq!(DiscoveryError::NoS256.code(), "discovery_no_s256");
}

#[test]
fn test_malformed_documents_are_invalid() {
    let mut missing_token_endpoint = document();
    missing_token_endpoint
        .as_object_mut()
        .unwrap()
        .remove("token_endpoint");
    let cases = [
        "".to_owned(),
        "<html>".to_owned(),
        "[]".to_owned(),
        missing_token_endpoint.to_string(),
        with("authorization_endpoint", json!(42)),
        with(
            "authorization_response_iss_parameter_supported",
            json!("yes"),
        ),
    ];
    for text in cases {
        let err = ProviderMetadata::from_json(&text, ISSUER).unwrap_err();
        assert!(matches!(err, DiscoveryError::Json(_)), "{text}: {err:?}");
        assert_eq!(err.code(), "discovery_invalid");
    }
}

#[test]
fn test_is_fresh_table() {
    let metadata = ProviderMetadata::from_json(&document().to_string(), ISSUER).unwrap();
    let cached = CachedMetadata {
        fetched_at_secs: 10_000,
        metadata,
    };
    let cases = [
        (10_000, 3600, true),
        (13_599, 3600, true),
        (13_600, 3600, false),
        (99_999, 3600, false),
        (10_000, 0, false),
        // fetched slightly "in the future": small skew is tolerated
        (9_940, 3600, true),
        // a clock set back by more than a minute must not pin the document
        (9_939, 3600, false),
        (0, u64::MAX, false),
    ];
    for (now, ttl, expected) in cases {
        assert_eq!(cached.is_fresh(now, ttl), expected, "now {now}, ttl {ttl}");
    }
}
