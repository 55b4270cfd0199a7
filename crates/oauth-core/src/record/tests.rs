use super::*;

use crate::token::parse_token_response;

const KEY: [u8; KEY_LEN] = [7; KEY_LEN];
const NONCE: [u8; NONCE_LEN] = [9; NONCE_LEN];
const NOW: u64 = 1_700_000_000;
const DAY: u64 = 86_400;

const AAD: RecordAad<'static> = RecordAad {
    purpose: "session",
    issuer: "https://idp.example",
    client_id: "spa",
};

fn sealed(plaintext: &[u8]) -> Vec<u8> {
    seal(&KEY, &NONCE, &AAD, plaintext)
}

fn record(expires_in: Option<u64>, refresh: bool) -> StoredRecord {
    let response = serde_json::json!({
        "access_token": "at-secret-value",
        "token_type": "Bearer",
        "refresh_token": refresh.then_some("rt-secret-value"),
        "id_token": "id-secret-value",
        "expires_in": expires_in,
        "scope": "openid profile",
    });
    StoredRecord {
        created_at_secs: NOW,
        refresh_expires_at_secs: None,
        tokens: parse_token_response(200, &response.to_string(), NOW).unwrap(),
        claims: IdTokenClaims {
            sub: Some("alice".into()),
            nonce: Some("nonce-secret-value".into()),
            ..IdTokenClaims::default()
        },
    }
}

#[test]
fn test_seal_open_round_trip() {
    let envelope = sealed(b"hello");
    assert_eq!(open(&KEY, &AAD, &envelope).unwrap(), b"hello");
    assert_eq!(open(&KEY, &AAD, &sealed(b"")).unwrap(), b"");
}

#[test]
fn test_envelope_layout_is_version_nonce_ciphertext_tag() {
    let envelope = sealed(b"hello");
    assert_eq!(envelope.len(), 1 + NONCE_LEN + 5 + TAG_LEN);
    assert_eq!(envelope[0], RECORD_VERSION);
    assert_eq!(&envelope[1..1 + NONCE_LEN], &NONCE);
    assert!(
        !envelope.windows(5).any(|w| w == b"hello"),
        "the plaintext does not appear in the envelope"
    );
}

#[test]
fn test_fresh_nonce_gives_different_ciphertext() {
    let other = seal(&KEY, &[10; NONCE_LEN], &AAD, b"hello");
    assert_ne!(sealed(b"hello")[1 + NONCE_LEN..], other[1 + NONCE_LEN..]);
}

#[test]
fn test_additional_data_is_length_prefixed_and_versioned() {
    let aad = RecordAad {
        purpose: "s",
        issuer: "ab",
        client_id: "",
    };
    let mut expected = b"leptos-oauth-spa record\x01".to_vec();
    expected.extend_from_slice(b"\0\0\0\x01s\0\0\0\x02ab\0\0\0\0");
    assert_eq!(aad.additional_data(), expected);

    let split = |issuer, client_id| RecordAad {
        purpose: "session",
        issuer,
        client_id,
    };
    assert_ne!(
        split("ab", "c").additional_data(),
        split("a", "bc").additional_data()
    );
}

#[test]
fn test_every_flipped_byte_fails_to_open() {
    let envelope = sealed(b"a session worth protecting");
    for at in 0..envelope.len() {
        let mut tampered = envelope.clone();
        tampered[at] ^= 0x01;
        let err = open(&KEY, &AAD, &tampered).unwrap_err();
        let expected = match at {
            0 => RecordError::UnknownVersion(RECORD_VERSION ^ 0x01),
            _ => RecordError::Unauthentic,
        };
        assert_eq!(err, expected, "byte {at}");
    }
}

#[test]
fn test_tampered_nonce_ciphertext_and_tag_are_unauthentic() {
    let envelope = sealed(b"payload");
    let nonce_at = 1;
    let ciphertext_at = 1 + NONCE_LEN;
    let tag_at = envelope.len() - 1;
    for at in [nonce_at, ciphertext_at, tag_at] {
        let mut tampered = envelope.clone();
        tampered[at] = tampered[at].wrapping_add(1);
        assert_eq!(open(&KEY, &AAD, &tampered), Err(RecordError::Unauthentic));
    }
}

#[test]
fn test_record_moved_to_another_slot_client_or_issuer_fails() {
    let envelope = sealed(b"payload");
    let moved = [
        RecordAad {
            purpose: "other",
            ..AAD
        },
        RecordAad {
            client_id: "other-spa",
            ..AAD
        },
        RecordAad {
            issuer: "https://evil.example",
            ..AAD
        },
    ];
    for aad in moved {
        assert_eq!(
            open(&KEY, &aad, &envelope),
            Err(RecordError::Unauthentic),
            "{aad:?}"
        );
    }
}

#[test]
fn test_wrong_key_fails() {
    let envelope = sealed(b"payload");
    assert_eq!(
        open(&[8; KEY_LEN], &AAD, &envelope),
        Err(RecordError::Unauthentic)
    );
}

#[test]
fn test_unknown_version_is_refused_before_decrypting() {
    let mut envelope = sealed(b"payload");
    for version in [0, 2, 255] {
        envelope[0] = version;
        assert_eq!(
            open(&KEY, &AAD, &envelope),
            Err(RecordError::UnknownVersion(version))
        );
    }
}

#[test]
fn test_truncated_envelopes_are_refused() {
    let envelope = sealed(b"payload");
    assert_eq!(open(&KEY, &AAD, &[]), Err(RecordError::Truncated));
    assert_eq!(
        open(&KEY, &AAD, &envelope[..1 + NONCE_LEN + TAG_LEN - 1]),
        Err(RecordError::Truncated)
    );
    // Cut inside the ciphertext: long enough to parse, but the tag no longer matches.
    assert_eq!(
        open(&KEY, &AAD, &envelope[..envelope.len() - 1]),
        Err(RecordError::Unauthentic)
    );
}

#[test]
fn test_stored_record_round_trips_through_an_envelope() {
    let original = record(Some(300), true);
    let envelope = seal(&KEY, &NONCE, &AAD, &original.to_plaintext());
    let opened = StoredRecord::from_plaintext(&open(&KEY, &AAD, &envelope).unwrap()).unwrap();
    assert_eq!(opened.created_at_secs, NOW);
    assert_eq!(opened.tokens.access_token.secret(), "at-secret-value");
    assert_eq!(
        opened.tokens.refresh_token.as_ref().map(|t| t.secret()),
        Some("rt-secret-value")
    );
    assert_eq!(opened.tokens.expires_at_secs, Some(NOW + 300));
    assert_eq!(opened.claims, original.claims);
}

#[test]
fn test_malformed_plaintext_is_reported_without_content() {
    let err = StoredRecord::from_plaintext(br#"{"tokens": "at-secret-value"}"#).unwrap_err();
    assert_eq!(err, RecordError::Malformed);
    assert!(!err.to_string().contains("secret"));
}

#[test]
fn test_debug_of_a_record_redacts_every_secret() {
    let debug = format!("{:?}", record(Some(300), true));
    assert!(!debug.contains("secret-value"), "{debug}");
    assert!(debug.contains("[redacted]"));
}

#[test]
fn test_status_of_a_fresh_record_is_usable() {
    let max_age = 30 * DAY;
    assert_eq!(
        record(Some(300), false).status(NOW, max_age),
        RecordStatus::Usable
    );
    assert_eq!(
        record(Some(300), true).status(NOW + 299, max_age),
        RecordStatus::Usable
    );
    assert_eq!(
        record(None, false).status(NOW + 29 * DAY, max_age),
        RecordStatus::Usable,
        "an access token of unknown lifetime lasts until the maximum age"
    );
}

#[test]
fn test_expired_access_token_needs_refresh_only_with_a_refresh_token() {
    let max_age = 30 * DAY;
    assert_eq!(
        record(Some(300), true).status(NOW + 300, max_age),
        RecordStatus::NeedsRefresh
    );
    assert_eq!(
        record(Some(300), false).status(NOW + 300, max_age),
        RecordStatus::Expired(Expiry::AccessToken)
    );
}

#[test]
fn test_records_past_the_maximum_age_expire() {
    let max_age = DAY;
    let old = record(None, true);
    assert_eq!(old.status(NOW + DAY - 1, max_age), RecordStatus::Usable);
    assert_eq!(
        old.status(NOW + DAY, max_age),
        RecordStatus::Expired(Expiry::MaxAge)
    );
    assert_eq!(
        record(Some(300), true).status(NOW + DAY + 1, max_age),
        RecordStatus::Expired(Expiry::MaxAge),
        "the maximum age wins over a refresh token"
    );
}

#[test]
fn test_records_past_the_refresh_token_lifetime_expire() {
    let mut rec = record(Some(300), true);
    rec.refresh_expires_at_secs = Some(NOW + 3_600);
    assert_eq!(
        rec.status(NOW + 3_599, 30 * DAY),
        RecordStatus::NeedsRefresh
    );
    assert_eq!(
        rec.status(NOW + 3_600, 30 * DAY),
        RecordStatus::Expired(Expiry::RefreshToken)
    );
}

#[test]
fn test_clock_set_back_does_not_expire_a_record() {
    assert_eq!(
        record(Some(300), true).status(NOW - 10 * DAY, DAY),
        RecordStatus::Usable
    );
}
