//! Reading claims from JSON, and how they are shown.

use super::*;

#[test]
fn test_deserialize_full_payload() {
    let c: IdTokenClaims = serde_json::from_value(json!({
        "iss": ISSUER, "sub": "alice", "aud": "spa", "exp": 1700000300, "iat": 1699999990,
        "nonce": "n0nce", "azp": "spa", "auth_time": 1699999900, "at_hash": "77QmUPtjPfzW",
        "name": "Alice Liddell", "given_name": "Alice", "family_name": "Liddell",
        "preferred_username": "alice", "email": "alice@example.com", "email_verified": true,
        "realm_access": {"roles": ["user"]}, "sid": "abc",
    }))
    .unwrap();
    assert_eq!(c.aud.as_slice(), ["spa"]);
    assert_eq!(c.exp, Some(1_700_000_300));
    assert_eq!(c.auth_time, Some(1_699_999_900));
    assert_eq!(c.at_hash.as_deref(), Some("77QmUPtjPfzW"));
    assert_eq!(c.email_verified, Some(true));
    assert_eq!(c.family_name.as_deref(), Some("Liddell"));
}

#[test]
fn test_audience_forms() {
    let cases = [
        (json!({"aud": "spa"}), vec!["spa"]),
        (json!({"aud": ["spa", "api"]}), vec!["spa", "api"]),
        (json!({"aud": []}), vec![]),
        (json!({"aud": null}), vec![]),
        (json!({}), vec![]),
    ];
    for (payload, expected) in cases {
        let c: IdTokenClaims = serde_json::from_value(payload.clone()).unwrap();
        assert_eq!(c.aud.as_slice(), expected.as_slice(), "{payload}");
        assert_eq!(c.aud.len(), expected.len());
        assert_eq!(c.aud.is_empty(), expected.is_empty());
    }
    assert!(serde_json::from_value::<IdTokenClaims>(json!({"aud": 5})).is_err());
    assert!(serde_json::from_value::<IdTokenClaims>(json!({"aud": ["spa", 5]})).is_err());
}

#[test]
fn test_numeric_dates_may_have_fractions() {
    let c: IdTokenClaims =
        serde_json::from_value(json!({"exp": 1700000300.9, "iat": -1.5, "auth_time": null}))
            .unwrap();
    assert_eq!(c.exp, Some(1_700_000_300));
    assert_eq!(c.iat, Some(-2));
    assert_eq!(c.auth_time, None);
    let huge: IdTokenClaims = serde_json::from_value(json!({"exp": 1e300})).unwrap();
    assert_eq!(huge.exp, Some(i64::MAX));
    assert!(serde_json::from_value::<IdTokenClaims>(json!({"exp": "1700000300"})).is_err());
}

#[test]
fn test_claims_round_trip_through_json() {
    let original = claims(json!({"aud": ["spa", "api"], "name": "Alice"}));
    let back: IdTokenClaims =
        serde_json::from_str(&serde_json::to_string(&original).unwrap()).unwrap();
    assert_eq!(back, original);
    let single = serde_json::to_value(claims(json!({}))).unwrap();
    assert_eq!(single["aud"], json!("spa"));
}

#[test]
fn test_display_name_table() {
    let cases = [
        (
            json!({"name": "Alice", "preferred_username": "al", "email": "a@x"}),
            Some("Alice"),
        ),
        (
            json!({"preferred_username": "al", "email": "a@x"}),
            Some("al"),
        ),
        (json!({"email": "a@x"}), Some("a@x")),
        (json!({"name": "", "preferred_username": "al"}), Some("al")),
        (
            json!({"name": "", "preferred_username": "", "email": ""}),
            None,
        ),
        (json!({"given_name": "Alice"}), None),
    ];
    for (patch, expected) in cases {
        let c: IdTokenClaims = serde_json::from_value(patch.clone()).unwrap();
        assert_eq!(c.display_name(), expected, "{patch}");
    }
}

#[test]
fn test_debug_redacts_the_nonce() {
    let debug = format!("{:?}", claims(json!({"nonce": "Zq9Wx8Nonce"})));
    assert!(!debug.contains("Zq9W"), "{debug}");
    assert!(debug.contains("nonce: Some(\"[redacted]\")"), "{debug}");
    assert!(debug.contains("alice"));
}
