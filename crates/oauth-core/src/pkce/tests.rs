use super::*;

/// The octets of RFC 7636 Appendix B.
const APPENDIX_B_OCTETS: [u8; 32] = [
    116, 24, 223, 180, 151, 153, 224, 37, 79, 250, 96, 125, 216, 173, 187, 186, 22, 212, 37, 77,
    105, 214, 191, 240, 91, 88, 5, 88, 83, 132, 141, 121,
];
const APPENDIX_B_VERIFIER: &str = "dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk";
const APPENDIX_B_CHALLENGE: &str = "E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM";

#[test]
fn test_appendix_b_challenge() {
    let verifier = PkceVerifier::parse(APPENDIX_B_VERIFIER).unwrap();
    assert_eq!(code_challenge_s256(&verifier), APPENDIX_B_CHALLENGE);
}

#[test]
fn test_appendix_b_verifier_from_octets() {
    let verifier = PkceVerifier::from_random(&APPENDIX_B_OCTETS);
    assert_eq!(verifier.secret(), APPENDIX_B_VERIFIER);
}

#[test]
fn test_from_random_is_43_valid_chars() {
    for fill in [0u8, 0x3e, 0xff] {
        let verifier = PkceVerifier::from_random(&[fill; 32]);
        assert_eq!(verifier.secret().len(), 43);
        assert!(PkceVerifier::parse(verifier.secret()).is_ok());
    }
}

#[test]
fn test_challenge_is_43_chars_without_padding() {
    let challenge = code_challenge_s256(&PkceVerifier::from_random(&[9; 32]));
    assert_eq!(challenge.len(), 43);
    assert!(!challenge.contains(['=', '+', '/']));
}

#[test]
fn test_parse_table() {
    let cases: Vec<(String, Result<(), PkceError>)> = vec![
        ("a".repeat(43), Ok(())),
        ("a".repeat(128), Ok(())),
        (format!("{}-._~", "Z9".repeat(20)), Ok(())),
        ("a".repeat(42), Err(PkceError::InvalidLength)),
        ("a".repeat(129), Err(PkceError::InvalidLength)),
        (String::new(), Err(PkceError::InvalidLength)),
        (
            format!("{}+", "a".repeat(42)),
            Err(PkceError::InvalidCharacter),
        ),
        (
            format!("{}/", "a".repeat(42)),
            Err(PkceError::InvalidCharacter),
        ),
        (
            format!("{}=", "a".repeat(42)),
            Err(PkceError::InvalidCharacter),
        ),
        (
            format!("{} ", "a".repeat(42)),
            Err(PkceError::InvalidCharacter),
        ),
        (
            format!("{}é", "a".repeat(41)),
            Err(PkceError::InvalidCharacter),
        ),
    ];
    for (input, expected) in cases {
        let result = PkceVerifier::parse(&input).map(|v| assert_eq!(v.secret(), input));
        assert_eq!(result, expected, "{input:?}");
    }
}

#[test]
fn test_error_does_not_echo_the_verifier() {
    let input = format!("{}+", "Secret".repeat(7));
    let err = PkceVerifier::parse(&input).unwrap_err();
    assert!(!err.to_string().contains("Secret"));
    assert!(!format!("{err:?}").contains("Secret"));
    assert_eq!(err.code(), "invalid_pkce_verifier");
}
