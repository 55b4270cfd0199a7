//! Algorithm names, the allowed set, WebCrypto parameters and `at_hash`.

use super::*;

use crate::secret::AccessToken;

use JwsAlg::*;

/// The access token of the OpenID Connect Core 1.0 Appendix A examples.
const OIDC_TOKEN: &str = "jHkWEdUXMU1BwAsC4vtUsZwnNvTIxEl0z9K3vx5KF0Y";
const OTHER_TOKEN: &str = "ya29.a0-demo-access-token";

fn strings(names: &[&str]) -> Vec<String> {
    names.iter().map(|&n| n.to_owned()).collect()
}

#[test]
fn test_parse_registered_names_round_trip() {
    let cases = [
        ("RS256", Rs256),
        ("RS384", Rs384),
        ("RS512", Rs512),
        ("PS256", Ps256),
        ("PS384", Ps384),
        ("PS512", Ps512),
        ("ES256", Es256),
        ("ES384", Es384),
        ("ES512", Es512),
        ("EdDSA", EdDsa),
    ];
    assert_eq!(cases.len(), JwsAlg::ALL.len());
    for (name, alg) in cases {
        assert_eq!(JwsAlg::parse(name), Ok(alg), "{name}");
        assert_eq!(alg.as_str(), name);
    }
}

#[test]
fn test_parse_refusals_table() {
    use JwksError::*;
    let unsupported = |s: &str| Err(UnsupportedAlg(s.to_owned()));
    let cases = [
        ("none", Err(AlgNone)),
        ("None", Err(AlgNone)),
        ("NONE", Err(AlgNone)),
        ("nOnE", Err(AlgNone)),
        ("HS256", Err(SymmetricAlg)),
        ("HS384", Err(SymmetricAlg)),
        ("HS512", Err(SymmetricAlg)),
        ("hs256", Err(SymmetricAlg)),
        ("Hs512", Err(SymmetricAlg)),
        ("HS", Err(SymmetricAlg)),
        // names are case-sensitive
        ("rs256", unsupported("rs256")),
        ("Es256", unsupported("Es256")),
        ("EDDSA", unsupported("EDDSA")),
        ("eddsa", unsupported("eddsa")),
        // unknown or not implemented
        ("", unsupported("")),
        ("H", unsupported("H")),
        ("RS1", unsupported("RS1")),
        ("ES256K", unsupported("ES256K")),
        ("Ed25519", unsupported("Ed25519")),
        ("RSA-OAEP", unsupported("RSA-OAEP")),
        (" RS256", unsupported(" RS256")),
        ("RS256 ", unsupported("RS256 ")),
        ("none ", unsupported("none ")),
        // a multi-byte first character must not panic on slicing
        ("€S256", unsupported("€S256")),
        ("é", unsupported("é")),
    ];
    for (name, expected) in cases {
        assert_eq!(JwsAlg::parse(name), expected, "{name:?}");
    }
}

#[test]
fn test_allowed_algs_table() {
    let all = [
        "RS256", "RS384", "RS512", "PS256", "PS384", "PS512", "ES256", "ES384", "ES512", "EdDSA",
    ];
    // (advertised, configured, allowed)
    type Row = (Option<Vec<String>>, Option<Vec<String>>, Vec<JwsAlg>);
    let cases: Vec<Row> = vec![
        // absent advertisement means RS256 (Discovery §3)
        (None, None, vec![Rs256]),
        (None, Some(strings(&["RS256", "ES256"])), vec![Rs256]),
        (None, Some(strings(&["ES256"])), vec![]),
        (Some(strings(&[])), None, vec![]),
        (Some(strings(&["RS256", "ES256"])), None, vec![Rs256, Es256]),
        (Some(strings(&["ES256", "RS256"])), None, vec![Es256, Rs256]),
        (Some(strings(&all)), None, JwsAlg::ALL.to_vec()),
        // never none or HMAC, whoever lists them
        (
            Some(strings(&["none", "HS256", "RS256"])),
            None,
            vec![Rs256],
        ),
        (
            Some(strings(&["none", "HS256", "HS512"])),
            Some(strings(&["none", "HS256", "HS512"])),
            vec![],
        ),
        (None, Some(strings(&["none", "HS256"])), vec![]),
        // unsupported names are dropped; names are case-sensitive
        (Some(strings(&["rs256", "RS1", "ES256K"])), None, vec![]),
        (Some(strings(&["RS256"])), Some(strings(&["rs256"])), vec![]),
        // repeats collapse, advertised order wins
        (
            Some(strings(&["ES256", "RS256", "ES256"])),
            None,
            vec![Es256, Rs256],
        ),
        // configured narrows the advertised set
        (
            Some(strings(&["RS256", "PS256", "EdDSA"])),
            Some(strings(&["EdDSA", "PS256"])),
            vec![Ps256, EdDsa],
        ),
        (Some(strings(&all)), Some(strings(&["ES384"])), vec![Es384]),
        (Some(strings(&["RS256"])), Some(strings(&["ES256"])), vec![]),
        (Some(strings(&["RS256"])), Some(strings(&[])), vec![]),
    ];
    for (advertised, configured, expected) in cases {
        assert_eq!(
            allowed_algs(advertised.as_deref(), configured.as_deref()),
            expected,
            "{advertised:?} {configured:?}"
        );
    }
}

#[test]
fn test_webcrypto_params_for_every_alg() {
    let rsa = |hash| WebCryptoParams {
        import_name: "RSASSA-PKCS1-v1_5",
        verify_name: "RSASSA-PKCS1-v1_5",
        hash: Some(hash),
        named_curve: None,
        salt_length: None,
        signature_len: None,
    };
    let pss = |hash, salt| WebCryptoParams {
        import_name: "RSA-PSS",
        verify_name: "RSA-PSS",
        hash: Some(hash),
        named_curve: None,
        salt_length: Some(salt),
        signature_len: None,
    };
    let ecdsa = |hash, curve, len| WebCryptoParams {
        import_name: "ECDSA",
        verify_name: "ECDSA",
        hash: Some(hash),
        named_curve: Some(curve),
        salt_length: None,
        signature_len: Some(len),
    };
    let cases = [
        (Rs256, rsa("SHA-256")),
        (Rs384, rsa("SHA-384")),
        (Rs512, rsa("SHA-512")),
        (Ps256, pss("SHA-256", 32)),
        (Ps384, pss("SHA-384", 48)),
        (Ps512, pss("SHA-512", 64)),
        (Es256, ecdsa("SHA-256", "P-256", 64)),
        (Es384, ecdsa("SHA-384", "P-384", 96)),
        (Es512, ecdsa("SHA-512", "P-521", 132)),
        (
            EdDsa,
            WebCryptoParams {
                import_name: "Ed25519",
                verify_name: "Ed25519",
                hash: None,
                named_curve: None,
                salt_length: None,
                signature_len: Some(64),
            },
        ),
    ];
    assert_eq!(cases.len(), JwsAlg::ALL.len());
    for (alg, expected) in cases {
        assert_eq!(webcrypto_params(alg), expected, "{alg:?}");
    }
}

#[test]
fn test_at_hash_vectors() {
    // Expected values: the OIDC Core Appendix A.3 example (RS256), the others computed with
    // Python's hashlib: base64url(sha2(token)[..len/2]) without padding.
    let sha256_oidc = "77QmUPtjPfzWtF2AnpK9RQ";
    let sha384_oidc = "jtAeDp945y1dDqU3nkIVGNZP1HjH_MFs";
    let sha512_oidc = "q7nS86GgvvFaZkzALLWqJYaJIKw2wCDAVfCAsm5CrBM";
    let cases = [
        (Rs256, OIDC_TOKEN, sha256_oidc),
        (Ps256, OIDC_TOKEN, sha256_oidc),
        (Es256, OIDC_TOKEN, sha256_oidc),
        (Rs384, OIDC_TOKEN, sha384_oidc),
        (Ps384, OIDC_TOKEN, sha384_oidc),
        (Es384, OIDC_TOKEN, sha384_oidc),
        (Rs512, OIDC_TOKEN, sha512_oidc),
        (Ps512, OIDC_TOKEN, sha512_oidc),
        (Es512, OIDC_TOKEN, sha512_oidc),
        // Ed25519 uses SHA-512
        (EdDsa, OIDC_TOKEN, sha512_oidc),
        (Rs256, OTHER_TOKEN, "zaj_rRPSH0WOPC-od-y-4w"),
        (Es384, OTHER_TOKEN, "KuLZJpvbvi52v1cQ4PHA339Is2PrT6W_"),
        (
            EdDsa,
            OTHER_TOKEN,
            "hxRqFssSMX45JXya4fqm_QAPGjiNImDDDG-uNRjGsV4",
        ),
        (Rs256, "", "47DEQpj8HBSa-_TImW-5JA"),
    ];
    for (alg, token, at_hash) in cases {
        assert_eq!(
            check_at_hash(alg, &AccessToken::new(token), at_hash),
            Ok(()),
            "{alg:?} {token}"
        );
    }
}

#[test]
fn test_at_hash_mismatches() {
    let cases = [
        // the right hash of another token
        (Rs256, OTHER_TOKEN, "77QmUPtjPfzWtF2AnpK9RQ"),
        // the hash of the wrong size for the alg
        (Rs256, OIDC_TOKEN, "jtAeDp945y1dDqU3nkIVGNZP1HjH_MFs"),
        (Rs512, OIDC_TOKEN, "77QmUPtjPfzWtF2AnpK9RQ"),
        (EdDsa, OIDC_TOKEN, "77QmUPtjPfzWtF2AnpK9RQ"),
        // the whole hash, not its left half
        (
            Rs256,
            OIDC_TOKEN,
            "77QmUPtjPfzWtF2AnpK9RWpXrWlrecdbLUyJDIb7S6Q",
        ),
        // encoding variants: padding, standard alphabet, case, truncation, whitespace
        (Rs256, OIDC_TOKEN, "77QmUPtjPfzWtF2AnpK9RQ=="),
        (Rs256, "", "47DEQpj8HBSa+/TImW+5JA"),
        (Rs256, OIDC_TOKEN, "77qmuptjpfzwtf2anpk9rq"),
        (Rs256, OIDC_TOKEN, "77QmUPtjPfzWtF2AnpK9R"),
        (Rs256, OIDC_TOKEN, "77QmUPtjPfzWtF2AnpK9RQ "),
        (Rs256, OIDC_TOKEN, ""),
    ];
    for (alg, token, at_hash) in cases {
        let err = check_at_hash(alg, &AccessToken::new(token), at_hash).unwrap_err();
        assert_eq!(err, JwksError::AtHashMismatch, "{alg:?} {token} {at_hash}");
        assert_eq!(err.code(), "invalid_id_token_at_hash");
    }
}

#[test]
fn test_at_hash_error_does_not_contain_values() {
    let err = check_at_hash(Rs256, &AccessToken::new(OIDC_TOKEN), "Zq9Wx8AtHash").unwrap_err();
    let text = format!("{err} {err:?}");
    for value in [&OIDC_TOKEN[..8], "Zq9W", "77Qm"] {
        assert!(!text.contains(value), "{text}");
    }
}
