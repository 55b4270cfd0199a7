use super::*;

use serde_json::json;

mod errors;

const NOW: u64 = 1_700_000_000;

fn parse(status: u16, body: &str) -> Result<TokenSet, TokenError> {
    parse_token_response(status, body, NOW)
}

#[test]
fn test_code_exchange_body_is_exact() {
    let body = code_exchange_body(
        &AuthorizationCode::new("SplxlOBeZQQYbYS6WxSbIA"),
        "https://app.example/callback?x=1",
        "s6BhdRkqt3",
        &PkceVerifier::new("dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk"),
    );
    assert_eq!(
        body,
        "grant_type=authorization_code&code=SplxlOBeZQQYbYS6WxSbIA\
         &redirect_uri=https%3A%2F%2Fapp.example%2Fcallback%3Fx%3D1&client_id=s6BhdRkqt3\
         &code_verifier=dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk"
    );
}

#[test]
fn test_refresh_body_is_exact() {
    let body = refresh_body(&RefreshToken::new("tGzv3JOkF0XG5Qx2TlKWIA+/="), "my client");
    assert_eq!(
        body,
        "grant_type=refresh_token&refresh_token=tGzv3JOkF0XG5Qx2TlKWIA%2B%2F%3D&client_id=my+client"
    );
}

#[test]
fn test_revocation_body_is_exact() {
    assert_eq!(
        revocation_body("45ghiukldjahdnhzdauz&", "refresh_token", "spa"),
        "token=45ghiukldjahdnhzdauz%26&token_type_hint=refresh_token&client_id=spa"
    );
}

#[test]
fn test_full_success_response() {
    let body = json!({
        "access_token": "2YotnFZFEjr1zCsicMWpAA",
        "token_type": "Bearer",
        "expires_in": 3600,
        "refresh_token": "tGzv3JOkF0XG5Qx2TlKWIA",
        "id_token": "h.p.s",
        "scope": "openid profile",
        "not-before-policy": 0,
    });
    let tokens = parse(200, &body.to_string()).unwrap();
    assert_eq!(tokens.access_token.secret(), "2YotnFZFEjr1zCsicMWpAA");
    assert_eq!(
        tokens.refresh_token.unwrap().secret(),
        "tGzv3JOkF0XG5Qx2TlKWIA"
    );
    assert_eq!(tokens.id_token.unwrap().secret(), "h.p.s");
    assert_eq!(tokens.expires_at_secs, Some(NOW + 3600));
    assert_eq!(tokens.scope.as_deref(), Some("openid profile"));
}

#[test]
fn test_minimal_success_response() {
    let tokens = parse(201, r#"{"access_token":"at","token_type":"bearer"}"#).unwrap();
    assert_eq!(tokens.access_token.secret(), "at");
    assert!(tokens.refresh_token.is_none());
    assert!(tokens.id_token.is_none());
    assert_eq!(tokens.expires_at_secs, None);
    assert_eq!(tokens.scope, None);
}

#[test]
fn test_null_and_empty_optional_fields_are_absent() {
    let body = json!({
        "access_token": "at",
        "token_type": "Bearer",
        "expires_in": null,
        "refresh_token": "",
        "id_token": null,
        "scope": null,
    });
    let tokens = parse(200, &body.to_string()).unwrap();
    assert!(tokens.refresh_token.is_none() && tokens.id_token.is_none());
    assert_eq!(tokens.expires_at_secs, None);
}

#[test]
fn test_expires_in_table() {
    let cases: &[(&str, Option<u64>)] = &[
        ("0", Some(NOW)),
        ("300", Some(NOW + 300)),
        ("299.9", Some(NOW + 299)),
        ("0.5", Some(NOW)),
        ("3.6e3", Some(NOW + 3600)),
        ("1e30", Some(u64::MAX)),
        ("18446744073709551615", Some(u64::MAX)),
    ];
    for &(expires_in, expected) in cases {
        let body =
            format!(r#"{{"access_token":"at","token_type":"Bearer","expires_in":{expires_in}}}"#);
        assert_eq!(
            parse(200, &body).unwrap().expires_at_secs,
            expected,
            "{expires_in}"
        );
    }
}

#[test]
fn test_token_type_is_bearer_in_any_case() {
    for token_type in ["Bearer", "bearer", "BEARER", "bEaReR"] {
        let body = json!({"access_token": "at", "token_type": token_type}).to_string();
        assert!(parse(200, &body).is_ok(), "{token_type}");
    }
}

#[test]
fn test_other_token_types_are_refused() {
    for token_type in ["DPoP", "mac", "Bearer ", "Bearerx"] {
        let body = json!({"access_token": "at", "token_type": token_type}).to_string();
        let err = parse(200, &body).unwrap_err();
        assert_eq!(err, TokenError::UnsupportedTokenType(token_type.into()));
        assert_eq!(err.code(), "unsupported_token_type");
    }
}

#[test]
fn test_malformed_success_responses_table() {
    let cases: &[(&str, &str)] = &[
        ("", "the body is not JSON (line 1, column 0)"),
        ("<html>", "the body is not JSON (line 1, column 1)"),
        ("[]", "the body is not a JSON object"),
        ("\"at\"", "the body is not a JSON object"),
        ("{}", "`access_token` is missing"),
        (r#"{"token_type":"Bearer"}"#, "`access_token` is missing"),
        (
            r#"{"access_token":"","token_type":"Bearer"}"#,
            "`access_token` is missing",
        ),
        (r#"{"access_token":"at"}"#, "`token_type` is missing"),
        (
            r#"{"access_token":"at","token_type":null}"#,
            "`token_type` is missing",
        ),
        (
            r#"{"access_token":42,"token_type":"Bearer"}"#,
            "`access_token` must be a string",
        ),
        (
            r#"{"access_token":"at","token_type":1}"#,
            "`token_type` must be a string",
        ),
        (
            r#"{"access_token":"at","token_type":"Bearer","expires_in":"300"}"#,
            "`expires_in` must be a number",
        ),
        (
            r#"{"access_token":"at","token_type":"Bearer","expires_in":-1}"#,
            "`expires_in` must not be negative",
        ),
        (
            r#"{"access_token":"at","token_type":"Bearer","expires_in":-0.5}"#,
            "`expires_in` must not be negative",
        ),
        (
            r#"{"access_token":"at","token_type":"Bearer","refresh_token":{}}"#,
            "`refresh_token` must be a string",
        ),
        (
            r#"{"access_token":"at","token_type":"Bearer","id_token":[]}"#,
            "`id_token` must be a string",
        ),
        (
            r#"{"access_token":"at","token_type":"Bearer","scope":true}"#,
            "`scope` must be a string",
        ),
    ];
    for &(body, message) in cases {
        let err = parse(200, body).unwrap_err();
        assert_eq!(err, TokenError::Malformed(message.into()), "{body:?}");
        assert_eq!(err.code(), "token_response_invalid");
    }
}

#[test]
fn test_token_set_debug_is_redacted() {
    let body = json!({
        "access_token": "Sx9AccQ7", "token_type": "Bearer", "refresh_token": "Sx9RefQ7",
        "id_token": "Sx9IdtQ7",
    });
    let debug = format!("{:?}", parse(200, &body.to_string()).unwrap());
    assert!(!debug.contains("Sx9"), "{debug}");
    assert!(debug.contains("AccessToken([redacted])"));
}

#[test]
fn test_token_set_round_trips_through_json() {
    let body = json!({
        "access_token": "at", "token_type": "Bearer", "refresh_token": "rt", "expires_in": 60,
    });
    let tokens = parse(200, &body.to_string()).unwrap();
    let stored = serde_json::to_string(&tokens).unwrap();
    let back: TokenSet = serde_json::from_str(&stored).unwrap();
    assert_eq!(back.access_token.secret(), "at");
    assert_eq!(back.refresh_token.unwrap().secret(), "rt");
    assert_eq!(back.expires_at_secs, Some(NOW + 60));
    let minimal: TokenSet = serde_json::from_str(r#"{"access_token":"at"}"#).unwrap();
    assert!(minimal.id_token.is_none());
}

#[test]
fn test_refreshed_keeps_what_the_refresh_response_omits() {
    let first = parse_token_response(
        200,
        r#"{"access_token":"a1","token_type":"Bearer","expires_in":60,"refresh_token":"r1",
            "id_token":"i1","scope":"openid"}"#,
        1_000,
    )
    .unwrap();
    let bare = r#"{"access_token":"a2","token_type":"Bearer","expires_in":60}"#;
    let merged = first.refreshed(parse_token_response(200, bare, 2_000).unwrap());
    assert_eq!(merged.access_token.secret(), "a2");
    assert_eq!(merged.refresh_token.as_ref().unwrap().secret(), "r1");
    assert_eq!(merged.id_token.as_ref().unwrap().secret(), "i1");
    assert_eq!(merged.expires_at_secs, Some(2_060));
    assert_eq!(merged.issued_at_secs, 2_000);

    let rotated =
        r#"{"access_token":"a3","token_type":"Bearer","refresh_token":"r3","id_token":"i3"}"#;
    let merged = first.refreshed(parse_token_response(200, rotated, 3_000).unwrap());
    assert_eq!(merged.refresh_token.unwrap().secret(), "r3");
    assert_eq!(merged.id_token.unwrap().secret(), "i3");
    assert_eq!(merged.expires_at_secs, None);
}
