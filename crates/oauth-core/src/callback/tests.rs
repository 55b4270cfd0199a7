use super::*;

const ISSUER: &str = "https://idp.example/realms/demo";

fn params(query: &str) -> CallbackParams {
    CallbackParams::parse(query)
}

#[test]
fn test_parse_success_response() {
    let p = params("?code=c0de&state=st4te&iss=https%3A%2F%2Fidp.example%2Frealms%2Fdemo");
    assert_eq!(
        p,
        CallbackParams {
            code: Some("c0de".into()),
            state: Some("st4te".into()),
            iss: Some(ISSUER.into()),
            ..CallbackParams::default()
        }
    );
    assert!(p.is_auth_response());
}

#[test]
fn test_parse_error_response_decodes_values() {
    let p = params(
        "error=access_denied&error_description=User+said+no%21&error_uri=https%3A%2F%2Fx&state=s",
    );
    assert_eq!(p.error.as_deref(), Some("access_denied"));
    assert_eq!(p.error_description.as_deref(), Some("User said no!"));
    assert_eq!(p.error_uri.as_deref(), Some("https://x"));
    assert_eq!(p.code, None);
    assert!(p.is_auth_response());
}

#[test]
fn test_parse_table() {
    let cases: &[(&str, Option<&str>, Option<&str>, bool)] = &[
        // (query, code, state, is_auth_response)
        ("", None, None, false),
        ("?", None, None, false),
        ("code=a", Some("a"), None, true),
        ("?code=&state=", None, None, false),
        ("state=s", None, Some("s"), false),
        ("code=first&code=second", Some("first"), None, true),
        ("code=&code=second", Some("second"), None, true),
        ("unknown=1&session_state=x&code=a", Some("a"), None, true),
        ("code=a%2Bb+c&state=%3D", Some("a+b c"), Some("="), true),
        ("code", None, None, false),
    ];
    for &(query, code, state, is_auth) in cases {
        let p = params(query);
        assert_eq!(p.code.as_deref(), code, "{query:?}");
        assert_eq!(p.state.as_deref(), state, "{query:?}");
        assert_eq!(p.is_auth_response(), is_auth, "{query:?}");
    }
}

#[test]
fn test_error_alone_is_an_auth_response() {
    assert!(params("error=login_required").is_auth_response());
}

#[test]
fn test_validate_returns_the_code() {
    let state = State::new("st4te");
    let code = validate_callback(&params("code=c0de&state=st4te"), &state, ISSUER, false).unwrap();
    assert_eq!(code.secret(), "c0de");
    let with_iss = params(&format!("code=c0de&state=st4te&iss={ISSUER}"));
    assert_eq!(
        validate_callback(&with_iss, &state, ISSUER, true)
            .unwrap()
            .secret(),
        "c0de"
    );
}

#[test]
fn test_validate_errors_table() {
    let provider =
        |error: &str, description: Option<&str>, uri: Option<&str>| CallbackError::Provider {
            error: error.into(),
            description: description.map(Into::into),
            uri: uri.map(Into::into),
        };
    let iss = format!("iss={ISSUER}");
    let cases: Vec<(String, bool, CallbackError, &str)> = vec![
        (
            "code=c".into(),
            false,
            CallbackError::MissingState,
            "missing_state",
        ),
        (
            "code=c&state=".into(),
            false,
            CallbackError::MissingState,
            "missing_state",
        ),
        (
            "code=c&state=other".into(),
            false,
            CallbackError::StateMismatch,
            "state_mismatch",
        ),
        (
            "code=c&state=st4t".into(),
            false,
            CallbackError::StateMismatch,
            "state_mismatch",
        ),
        // a forged error must not be reported as the provider's before the state is checked
        (
            "error=access_denied".into(),
            false,
            CallbackError::MissingState,
            "missing_state",
        ),
        (
            "error=access_denied&state=x".into(),
            false,
            CallbackError::StateMismatch,
            "state_mismatch",
        ),
        (
            "code=c&state=st4te&iss=https://evil.example".into(),
            false,
            CallbackError::IssuerMismatch,
            "iss_mismatch",
        ),
        (
            format!("code=c&state=st4te&iss={ISSUER}/"),
            false,
            CallbackError::IssuerMismatch,
            "iss_mismatch",
        ),
        // a wrong iss is refused even when the provider does not promise one
        (
            "error=x&state=st4te&iss=https://evil.example".into(),
            false,
            CallbackError::IssuerMismatch,
            "iss_mismatch",
        ),
        (
            "code=c&state=st4te".into(),
            true,
            CallbackError::MissingIssuer,
            "missing_iss",
        ),
        (
            "error=x&state=st4te".into(),
            true,
            CallbackError::MissingIssuer,
            "missing_iss",
        ),
        (
            format!("error=access_denied&state=st4te&{iss}"),
            true,
            provider("access_denied", None, None),
            "access_denied",
        ),
        (
            "error=login_required&error_description=Sign+in&error_uri=https://d&state=st4te".into(),
            false,
            provider("login_required", Some("Sign in"), Some("https://d")),
            "login_required",
        ),
        // error wins over a code sent alongside it
        (
            "code=c&error=server_error&state=st4te".into(),
            false,
            provider("server_error", None, None),
            "server_error",
        ),
        (
            "state=st4te".into(),
            false,
            CallbackError::MissingCode,
            "missing_code",
        ),
        (
            format!("state=st4te&{iss}&code="),
            true,
            CallbackError::MissingCode,
            "missing_code",
        ),
    ];
    let state = State::new("st4te");
    for (query, iss_required, expected, code) in cases {
        let err = validate_callback(&params(&query), &state, ISSUER, iss_required).unwrap_err();
        assert_eq!(err, expected, "{query:?}");
        assert_eq!(err.code(), code, "{query:?}");
    }
}

#[test]
fn test_no_attempt_code_is_state_mismatch() {
    assert_eq!(CallbackError::NoAttempt.code(), "state_mismatch");
}

#[test]
fn test_messages_and_debug_do_not_contain_code_or_state() {
    let state = State::new("St4teSecret");
    let queries = [
        "code=C0deSecret&state=St4teSecreX",
        "code=C0deSecret&state=St4teSecret&iss=https://evil.example",
        "code=C0deSecret&state=St4teSecret&error=denied",
    ];
    for query in queries {
        let p = params(query);
        let debug = format!("{p:?}");
        assert!(
            !debug.contains("C0de") && !debug.contains("St4te"),
            "{debug}"
        );
        let err = validate_callback(&p, &state, ISSUER, true).unwrap_err();
        let text = format!("{err} {err:?}");
        assert!(!text.contains("C0de") && !text.contains("St4te"), "{text}");
    }
}
