use super::*;

/// A value made of characters that appear in no type name and not in `([redacted])`, so any
/// 4-character slice of it showing up in the output can only be a leak.
const VALUE: &str = "Q7zW9-x8_YvU6KqJ5mP4";

fn assert_redacted(debug: &str, type_name: &str) {
    assert_eq!(debug, format!("{type_name}([redacted])"));
    let chars: Vec<char> = VALUE.chars().collect();
    for window in chars.windows(4) {
        let slice: String = window.iter().collect();
        assert!(!debug.contains(&slice), "{debug:?} leaks {slice:?}");
    }
}

#[test]
fn test_access_token_debug_is_redacted() {
    assert_redacted(&format!("{:?}", AccessToken::new(VALUE)), "AccessToken");
}

#[test]
fn test_refresh_token_debug_is_redacted() {
    assert_redacted(&format!("{:?}", RefreshToken::new(VALUE)), "RefreshToken");
}

#[test]
fn test_id_token_debug_is_redacted() {
    assert_redacted(&format!("{:?}", IdToken::new(VALUE)), "IdToken");
}

#[test]
fn test_authorization_code_debug_is_redacted() {
    assert_redacted(
        &format!("{:?}", AuthorizationCode::new(VALUE)),
        "AuthorizationCode",
    );
}

#[test]
fn test_pkce_verifier_debug_is_redacted() {
    assert_redacted(&format!("{:?}", PkceVerifier::new(VALUE)), "PkceVerifier");
}

#[test]
fn test_state_debug_is_redacted() {
    assert_redacted(&format!("{:?}", State::new(VALUE)), "State");
}

#[test]
fn test_nonce_debug_is_redacted() {
    assert_redacted(&format!("{:?}", Nonce::new(VALUE)), "Nonce");
}

#[test]
fn test_pretty_debug_is_redacted_too() {
    assert_redacted(&format!("{:#?}", AccessToken::new(VALUE)), "AccessToken");
}

#[test]
fn test_secret_returns_the_value() {
    assert_eq!(AccessToken::new(VALUE).secret(), VALUE);
    assert_eq!(PkceVerifier::new(VALUE.to_owned()).secret(), VALUE);
}

#[test]
fn test_serde_is_transparent() {
    let json = serde_json::to_string(&RefreshToken::new(VALUE)).unwrap();
    assert_eq!(json, format!("\"{VALUE}\""));
    let back: State = serde_json::from_str(&json).unwrap();
    assert!(back.matches(VALUE));
}

#[test]
fn test_random_value_is_43_chars_base64url() {
    let value = random_value(&[0xff; 32]);
    assert_eq!(value.len(), 43);
    assert!(value
        .bytes()
        .all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_'));
    assert_eq!(random_value(&[0; 32]), "A".repeat(43));
}

#[test]
fn test_from_random_uses_random_value() {
    let bytes = [7u8; 32];
    assert_eq!(State::from_random(&bytes).secret(), random_value(&bytes));
    assert_eq!(Nonce::from_random(&bytes).secret(), random_value(&bytes));
}

#[test]
fn test_state_and_nonce_match_only_the_exact_value() {
    let state = State::new("abc123");
    let nonce = Nonce::new("abc123");
    for (other, expected) in [
        ("abc123", true),
        ("abc124", false),
        ("abc12", false),
        ("abc1234", false),
        ("ABC123", false),
        ("", false),
    ] {
        assert_eq!(state.matches(other), expected, "state vs {other:?}");
        assert_eq!(nonce.matches(other), expected, "nonce vs {other:?}");
    }
}

#[test]
fn test_empty_values_match_only_empty() {
    assert!(State::new("").matches(""));
    assert!(!State::new("").matches("x"));
}
