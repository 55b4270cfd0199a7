//! Comparing a refreshed ID token with the original one (OIDC Core §12.2).

use super::*;

#[test]
fn test_refreshed_claims_table() {
    use ClaimsError::RefreshMismatch;
    // Patches to the refreshed claims; the original is `claims(json!({}))`.
    let cases: Vec<(Value, Result<(), ClaimsError>)> = vec![
        (json!({}), Ok(())),
        // a refresh normally changes the times and may drop the nonce
        (json!({"iat": NOW_I + 600, "exp": NOW_I + 900}), Ok(())),
        (json!({"nonce": null}), Ok(())),
        (
            json!({"name": "Alice", "email": "alice@example.com"}),
            Ok(()),
        ),
        // iss
        (
            json!({"iss": "https://evil.example"}),
            Err(RefreshMismatch("iss")),
        ),
        (
            json!({"iss": format!("{ISSUER}/")}),
            Err(RefreshMismatch("iss")),
        ),
        (json!({"iss": null}), Err(RefreshMismatch("iss"))),
        // sub
        (json!({"sub": "mallory"}), Err(RefreshMismatch("sub"))),
        (json!({"sub": "Alice"}), Err(RefreshMismatch("sub"))),
        (json!({"sub": null}), Err(RefreshMismatch("sub"))),
        // aud: the same set of audiences, in whatever form
        (json!({"aud": ["spa"]}), Ok(())),
        (json!({"aud": "api"}), Err(RefreshMismatch("aud"))),
        (json!({"aud": ["spa", "api"]}), Err(RefreshMismatch("aud"))),
        (json!({"aud": []}), Err(RefreshMismatch("aud"))),
        (json!({"aud": null}), Err(RefreshMismatch("aud"))),
        // auth_time: the original authentication's
        (json!({"auth_time": NOW_I - 100}), Ok(())),
        (
            json!({"auth_time": NOW_I}),
            Err(RefreshMismatch("auth_time")),
        ),
        (
            json!({"auth_time": NOW_I - 101}),
            Err(RefreshMismatch("auth_time")),
        ),
        (
            json!({"auth_time": null}),
            Err(RefreshMismatch("auth_time")),
        ),
        // nonce: absent or the original's
        (json!({"nonce": "n0nc3"}), Err(RefreshMismatch("nonce"))),
        (json!({"nonce": "n0nce0"}), Err(RefreshMismatch("nonce"))),
        (json!({"nonce": ""}), Err(RefreshMismatch("nonce"))),
        // several differences: the first of iss, sub, aud, auth_time, nonce is named
        (
            json!({"sub": "mallory", "iss": "https://evil.example"}),
            Err(RefreshMismatch("iss")),
        ),
        (
            json!({"nonce": "x", "auth_time": 1, "aud": "api"}),
            Err(RefreshMismatch("aud")),
        ),
        (
            json!({"nonce": "x", "auth_time": 1}),
            Err(RefreshMismatch("auth_time")),
        ),
    ];
    let original = claims(json!({}));
    for (patch, expected) in cases {
        let refreshed = claims(patch.clone());
        assert_eq!(
            check_refreshed_claims(&original, &refreshed),
            expected,
            "{patch}"
        );
    }
}

#[test]
fn test_refreshed_claims_against_originals_without_optional_claims() {
    use ClaimsError::RefreshMismatch;
    // (original patch, refreshed patch, result)
    let cases = [
        // no auth_time originally: the refreshed one may carry any or none
        (
            json!({"auth_time": null}),
            json!({"auth_time": null}),
            Ok(()),
        ),
        (
            json!({"auth_time": null}),
            json!({"auth_time": NOW_I}),
            Ok(()),
        ),
        // no nonce originally: none may appear
        (json!({"nonce": null}), json!({"nonce": null}), Ok(())),
        (
            json!({"nonce": null}),
            json!({"nonce": "n0nce"}),
            Err(RefreshMismatch("nonce")),
        ),
        (
            json!({"nonce": null}),
            json!({"nonce": ""}),
            Err(RefreshMismatch("nonce")),
        ),
        // audiences compared as a set
        (
            json!({"aud": ["spa", "api"]}),
            json!({"aud": ["api", "spa"]}),
            Ok(()),
        ),
        (
            json!({"aud": ["spa", "api"]}),
            json!({"aud": ["spa", "api", "spa"]}),
            Ok(()),
        ),
        (
            json!({"aud": ["spa", "api"]}),
            json!({"aud": ["spa"]}),
            Err(RefreshMismatch("aud")),
        ),
        (
            json!({"aud": ["spa", "api"]}),
            json!({"aud": ["spa", "API"]}),
            Err(RefreshMismatch("aud")),
        ),
    ];
    for (original, refreshed, expected) in cases {
        assert_eq!(
            check_refreshed_claims(&claims(original.clone()), &claims(refreshed.clone())),
            expected,
            "{original} -> {refreshed}"
        );
    }
}

#[test]
fn test_refresh_mismatch_message_names_only_the_claim() {
    let original = claims(json!({"nonce": "Zq9Wx8Nonce"}));
    let refreshed = claims(json!({"nonce": "Yp8Vw7Other"}));
    let err = check_refreshed_claims(&original, &refreshed).unwrap_err();
    assert_eq!(err, ClaimsError::RefreshMismatch("nonce"));
    assert_eq!(err.code(), "invalid_id_token_refresh");
    let text = format!("{err} {err:?}");
    assert!(text.contains("nonce"), "{text}");
    for value in ["Zq9W", "Yp8V", "n0nce"] {
        assert!(!text.contains(value), "{text}");
    }
}
