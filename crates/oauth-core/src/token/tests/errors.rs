//! Error responses, error codes, and what error messages may contain.

use super::*;

fn provider(status: u16, error: &str, description: Option<&str>, uri: Option<&str>) -> TokenError {
    TokenError::Provider {
        status,
        error: error.into(),
        description: description.map(Into::into),
        uri: uri.map(Into::into),
    }
}

#[test]
fn test_provider_error_keeps_every_field() {
    let body = json!({
        "error": "invalid_grant",
        "error_description": "Code expired",
        "error_uri": "https://idp.example/errors/invalid_grant",
    });
    let err = parse(400, &body.to_string()).unwrap_err();
    let uri = Some("https://idp.example/errors/invalid_grant");
    assert_eq!(
        err,
        provider(400, "invalid_grant", Some("Code expired"), uri)
    );
    assert_eq!(err.code(), "invalid_grant");
    assert_eq!(
        err.to_string(),
        "token endpoint returned `invalid_grant` (HTTP 400)"
    );
}

#[test]
fn test_provider_error_table() {
    let cases = [
        (
            401,
            r#"{"error":"invalid_client"}"#,
            provider(401, "invalid_client", None, None),
        ),
        (
            400,
            r#"{"error":"invalid_request","error_description":null,"error_uri":7}"#,
            provider(400, "invalid_request", None, None),
        ),
        // a 200 carrying an error body instead of tokens, as some providers send
        (
            200,
            r#"{"error":"bad_verification_code","error_description":"expired"}"#,
            provider(200, "bad_verification_code", Some("expired"), None),
        ),
    ];
    for (status, body, expected) in cases {
        let err = parse(status, body).unwrap_err();
        assert_eq!(err.code(), expected.code(), "{body}");
        assert_eq!(err, expected, "{body}");
    }
}

#[test]
fn test_non_error_bodies_become_http_errors() {
    let cases = [
        (500, "<html>Internal Server Error</html>"),
        (502, ""),
        (400, "{}"),
        (400, r#"{"error":""}"#),
        (400, r#"{"error":5}"#),
        (400, r#"{"error":null}"#),
        (400, r#"["invalid_grant"]"#),
        (503, r#"{"message":"down"}"#),
        (302, ""),
        (199, ""),
        (300, ""),
    ];
    for (status, body) in cases {
        let err = parse(status, body).unwrap_err();
        assert_eq!(err, TokenError::Http { status }, "{status} {body:?}");
        assert!(err.code().starts_with("http_"), "{status}");
        assert_eq!(
            err.to_string(),
            format!("token endpoint answered HTTP {status}")
        );
    }
}

#[test]
fn test_http_code_table() {
    let cases = [
        (100, "http_unexpected"),
        (302, "http_unexpected"),
        (400, "http_400"),
        (404, "http_404"),
        (429, "http_429"),
        (418, "http_4xx"),
        (503, "http_503"),
        (599, "http_5xx"),
        (999, "http_error"),
        (0, "http_error"),
        (99, "http_error"),
        (1000, "http_error"),
        (u16::MAX, "http_error"),
    ];
    for (status, code) in cases {
        assert_eq!(TokenError::Http { status }.code(), code);
    }
}

#[test]
fn test_other_error_codes() {
    assert_eq!(
        TokenError::Malformed("x".into()).code(),
        "token_response_invalid"
    );
    assert_eq!(
        TokenError::UnsupportedTokenType("DPoP".into()).code(),
        "unsupported_token_type"
    );
}

/// Malformed responses that still carry a token somewhere: neither the message nor `Debug`
/// may repeat any part of it (serde's own messages would, e.g. `invalid type: string "…"`).
#[test]
fn test_errors_never_echo_token_values() {
    const SECRET: &str = "Sx9TokQ7Vw3";
    let bodies = [
        r#"{"access_token":"Sx9TokQ7Vw3","token_type":7}"#,
        r#"{"access_token":"at","token_type":"Bearer","expires_in":"Sx9TokQ7Vw3"}"#,
        r#"{"access_token":"at","token_type":"Bearer","refresh_token":["Sx9TokQ7Vw3"]}"#,
        r#"{"access_token":"at","token_type":"Bearer","id_token":{"Sx9TokQ7Vw3":1}}"#,
        r#"{"access_token":"at","token_type":"Bearer","scope":["Sx9TokQ7Vw3"]}"#,
        r#"{"access_token":["Sx9TokQ7Vw3"],"token_type":"Bearer"}"#,
        r#"{"access_token":"Sx9TokQ7Vw3""#,
        r#"{"access_token":"Sx9TokQ7Vw3","token_type":"Bearer",}"#,
        r#"{"access_token":"Sx9TokQ7Vw3\x","token_type":"Bearer"}"#,
        "{\"access_token\":\"Sx9TokQ7Vw3\u{1}\",\"token_type\":\"Bearer\"}",
        r#"{"access_token": Sx9TokQ7Vw3, "token_type":"Bearer"}"#,
        r#"{"refresh_token":"Sx9TokQ7Vw3"}"#,
        "Sx9TokQ7Vw3",
    ];
    let windows: Vec<&str> = (0..=SECRET.len() - 4).map(|i| &SECRET[i..i + 4]).collect();
    for status in [200, 400, 500] {
        for body in bodies {
            let err = parse(status, body).unwrap_err();
            let text = format!("{err} {err:?} {}", err.code());
            for window in &windows {
                assert!(
                    !text.contains(window),
                    "{status} {body:?} leaked in {text:?}"
                );
            }
        }
    }
}
