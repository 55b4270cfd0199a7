use super::*;

use serde_json::{json, Value};

mod decoding;
mod refresh;

const ISSUER: &str = "https://idp.example/realms/demo";
const NOW: u64 = 1_700_000_000;
const NOW_I: i64 = NOW as i64;

fn base() -> Value {
    json!({
        "iss": ISSUER,
        "sub": "alice",
        "aud": "spa",
        "exp": NOW_I + 300,
        "iat": NOW_I - 10,
        "nonce": "n0nce",
        "auth_time": NOW_I - 100,
    })
}

/// The base claims with the keys of `patch` replaced (`null` removes a claim).
fn claims(patch: Value) -> IdTokenClaims {
    let mut claims = base();
    for (key, value) in patch.as_object().unwrap() {
        claims[key] = value.clone();
    }
    serde_json::from_value(claims).unwrap()
}

fn checks(nonce: &Nonce) -> ClaimChecks<'_> {
    ClaimChecks {
        issuer: ISSUER,
        client_id: "spa",
        nonce: Some(nonce),
        now_secs: NOW,
        leeway_secs: 60,
        max_age: None,
    }
}

#[test]
fn test_valid_claims_pass() {
    let nonce = Nonce::new("n0nce");
    assert_eq!(check_claims(&claims(json!({})), &checks(&nonce)), Ok(()));
}

#[test]
fn test_claim_failures_table() {
    use ClaimsError::*;
    let cases: Vec<(Value, Result<(), ClaimsError>)> = vec![
        (json!({"iss": null}), Err(MissingIssuer)),
        (json!({"iss": "https://evil.example"}), Err(IssuerMismatch)),
        (json!({"iss": format!("{ISSUER}/")}), Err(IssuerMismatch)),
        (json!({"sub": null}), Err(MissingSubject)),
        (json!({"sub": ""}), Err(MissingSubject)),
        (json!({"aud": null}), Err(AudienceMismatch)),
        (json!({"aud": []}), Err(AudienceMismatch)),
        (json!({"aud": "other"}), Err(AudienceMismatch)),
        (json!({"aud": "SPA"}), Err(AudienceMismatch)),
        // azp: required with several audiences, and must be us whenever present
        (json!({"aud": ["spa", "api"]}), Err(AzpMismatch)),
        (
            json!({"aud": ["spa", "api"], "azp": "api"}),
            Err(AzpMismatch),
        ),
        (json!({"aud": ["api", "spa"], "azp": "spa"}), Ok(())),
        (json!({"azp": "api"}), Err(AzpMismatch)),
        (json!({"azp": "spa"}), Ok(())),
        // exp: expired once exp + 60 s leeway <= now
        (json!({"exp": null}), Err(MissingExpiry)),
        (json!({"exp": NOW_I - 60}), Err(Expired)),
        (json!({"exp": NOW_I - 86_400}), Err(Expired)),
        (json!({"exp": i64::MIN}), Err(Expired)),
        (json!({"exp": NOW_I - 59}), Ok(())),
        (json!({"exp": i64::MAX}), Ok(())),
        // iat: in the future once iat > now + 60 s leeway
        (json!({"iat": null}), Err(MissingIssuedAt)),
        (json!({"iat": NOW_I + 61}), Err(IssuedInFuture)),
        (json!({"iat": i64::MAX}), Err(IssuedInFuture)),
        (json!({"iat": NOW_I + 60}), Ok(())),
        (json!({"iat": 0}), Ok(())),
        (json!({"nonce": null}), Err(NonceMismatch)),
        (json!({"nonce": "n0nc3"}), Err(NonceMismatch)),
        (json!({"nonce": "n0nc"}), Err(NonceMismatch)),
        (json!({"nonce": "n0nce0"}), Err(NonceMismatch)),
        (json!({"nonce": ""}), Err(NonceMismatch)),
        // several failures: the first in OIDC Core §3.1.3.7 order is reported
        (
            json!({"iss": null, "sub": null, "exp": null}),
            Err(MissingIssuer),
        ),
        (json!({"exp": 0, "nonce": null}), Err(Expired)),
        (json!({"aud": "x", "azp": "y"}), Err(AudienceMismatch)),
    ];
    let nonce = Nonce::new("n0nce");
    for (patch, expected) in cases {
        assert_eq!(
            check_claims(&claims(patch.clone()), &checks(&nonce)),
            expected,
            "{patch}"
        );
    }
}

#[test]
fn test_nonce_is_not_checked_when_none_was_sent() {
    let nonce = Nonce::new("n0nce");
    let k = ClaimChecks {
        nonce: None,
        ..checks(&nonce)
    };
    for patch in [json!({"nonce": null}), json!({"nonce": "anything"})] {
        assert_eq!(check_claims(&claims(patch.clone()), &k), Ok(()), "{patch}");
    }
}

#[test]
fn test_zero_leeway_table() {
    use ClaimsError::*;
    let cases = [
        (json!({"exp": NOW_I}), Err(Expired)),
        (json!({"exp": NOW_I + 1}), Ok(())),
        (json!({"iat": NOW_I + 1}), Err(IssuedInFuture)),
        (json!({"iat": NOW_I}), Ok(())),
    ];
    let nonce = Nonce::new("n0nce");
    let k = ClaimChecks {
        leeway_secs: 0,
        ..checks(&nonce)
    };
    for (patch, expected) in cases {
        assert_eq!(
            check_claims(&claims(patch.clone()), &k),
            expected,
            "{patch}"
        );
    }
}

#[test]
fn test_huge_leeway_does_not_overflow() {
    let nonce = Nonce::new("n0nce");
    let k = ClaimChecks {
        leeway_secs: u64::MAX,
        ..checks(&nonce)
    };
    let patch = json!({"exp": i64::MIN, "iat": i64::MAX});
    assert_eq!(check_claims(&claims(patch), &k), Ok(()));
}

#[test]
fn test_max_age_table() {
    use ClaimsError::*;
    // (auth_time, max_age, result), with 60 s leeway: too old once auth_time + max_age + 60 < now
    let cases = [
        (None, None, Ok(())),
        (None, Some(300), Err(MissingAuthTime)),
        (Some(NOW_I - 361), Some(300), Err(AuthTooOld)),
        (Some(NOW_I - 360), Some(300), Ok(())),
        (Some(NOW_I - 60), Some(0), Ok(())),
        (Some(NOW_I - 61), Some(0), Err(AuthTooOld)),
        (Some(i64::MIN), Some(u64::MAX), Ok(())),
        (Some(i64::MIN), Some(300), Err(AuthTooOld)),
    ];
    let nonce = Nonce::new("n0nce");
    for (auth_time, max_age, expected) in cases {
        let k = ClaimChecks {
            max_age,
            ..checks(&nonce)
        };
        let c = claims(json!({ "auth_time": auth_time }));
        assert_eq!(check_claims(&c, &k), expected, "{auth_time:?} {max_age:?}");
    }
}

#[test]
fn test_error_codes() {
    use ClaimsError::*;
    let cases = [
        (MissingIssuer, "invalid_id_token_iss"),
        (IssuerMismatch, "invalid_id_token_iss"),
        (MissingSubject, "invalid_id_token_sub"),
        (AudienceMismatch, "invalid_id_token_aud"),
        (AzpMismatch, "invalid_id_token_azp"),
        (MissingExpiry, "invalid_id_token_exp"),
        (Expired, "invalid_id_token_exp"),
        (MissingIssuedAt, "invalid_id_token_iat"),
        (IssuedInFuture, "invalid_id_token_iat"),
        (NonceMismatch, "invalid_id_token_nonce"),
        (MissingAuthTime, "invalid_id_token_auth_time"),
        (AuthTooOld, "invalid_id_token_auth_time"),
        (RefreshMismatch("sub"), "invalid_id_token_refresh"),
    ];
    for (err, code) in cases {
        assert_eq!(err.code(), code, "{err:?}");
    }
}

#[test]
fn test_messages_do_not_contain_values() {
    let nonce = Nonce::new("n0nce");
    let err = check_claims(&claims(json!({"nonce": "Zq9Wx8Nonce"})), &checks(&nonce)).unwrap_err();
    assert_eq!(err, ClaimsError::NonceMismatch);
    let text = format!("{err} {err:?}");
    assert!(!text.contains("n0nce") && !text.contains("Zq9W"), "{text}");
}
