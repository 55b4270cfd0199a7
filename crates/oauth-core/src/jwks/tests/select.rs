//! Which key fits which algorithm, and which key is chosen for a token.

use super::*;

use JwsAlg::*;

#[test]
fn test_key_fits_table() {
    let cases: Vec<(Value, JwsAlg, bool)> = vec![
        // RSA serves every RS* and PS* alg, nothing else
        (rsa("k"), Rs256, true),
        (rsa("k"), Rs384, true),
        (rsa("k"), Rs512, true),
        (rsa("k"), Ps256, true),
        (rsa("k"), Ps384, true),
        (rsa("k"), Ps512, true),
        (rsa("k"), Es256, false),
        (rsa("k"), EdDsa, false),
        (patched(rsa("k"), json!({"n": null})), Rs256, false),
        (patched(rsa("k"), json!({"e": null})), Rs256, false),
        (patched(rsa("k"), json!({"n": ""})), Rs256, false),
        (patched(rsa("k"), json!({"kty": "rsa"})), Rs256, false),
        (patched(rsa("k"), json!({"kty": "EC"})), Rs256, false),
        (patched(rsa("k"), json!({"kty": "oct"})), Rs256, false),
        // EC: the curve must be the alg's
        (ec("k", "P-256"), Es256, true),
        (ec("k", "P-384"), Es384, true),
        (ec("k", "P-521"), Es512, true),
        (ec("k", "P-256"), Es384, false),
        (ec("k", "P-384"), Es256, false),
        (ec("k", "P-521"), Es256, false),
        (ec("k", "p-256"), Es256, false),
        (ec("k", "secp256k1"), Es256, false),
        (ec("k", "P-256"), Rs256, false),
        (ec("k", "P-256"), EdDsa, false),
        (
            patched(ec("k", "P-256"), json!({"crv": null})),
            Es256,
            false,
        ),
        (patched(ec("k", "P-256"), json!({"x": null})), Es256, false),
        (patched(ec("k", "P-256"), json!({"y": null})), Es256, false),
        (
            patched(ec("k", "P-256"), json!({"kty": "RSA"})),
            Es256,
            false,
        ),
        // OKP: Ed25519 only
        (okp("k", "Ed25519"), EdDsa, true),
        (okp("k", "Ed448"), EdDsa, false),
        (okp("k", "X25519"), EdDsa, false),
        (okp("k", "Ed25519"), Es256, false),
        (
            patched(okp("k", "Ed25519"), json!({"x": null})),
            EdDsa,
            false,
        ),
        (
            patched(okp("k", "Ed25519"), json!({"kty": "EC"})),
            EdDsa,
            false,
        ),
        // `use`, when present, must be `sig`
        (patched(rsa("k"), json!({"use": "sig"})), Rs256, true),
        (patched(rsa("k"), json!({"use": "enc"})), Rs256, false),
        (patched(rsa("k"), json!({"use": "SIG"})), Rs256, false),
        (patched(rsa("k"), json!({"use": ""})), Rs256, false),
        // `alg`, when present, must be the token's
        (patched(rsa("k"), json!({"alg": "RS256"})), Rs256, true),
        (patched(rsa("k"), json!({"alg": "RS256"})), Ps256, false),
        (patched(rsa("k"), json!({"alg": "RS512"})), Rs256, false),
        (patched(rsa("k"), json!({"alg": "rs256"})), Rs256, false),
        (patched(rsa("k"), json!({"alg": "RSA-OAEP"})), Rs256, false),
        (
            patched(ec("k", "P-256"), json!({"alg": "ES256"})),
            Es256,
            true,
        ),
        (
            patched(okp("k", "Ed25519"), json!({"alg": "EdDSA"})),
            EdDsa,
            true,
        ),
        (
            patched(okp("k", "Ed25519"), json!({"alg": "Ed25519"})),
            EdDsa,
            false,
        ),
        // `key_ops`, when present, must allow `verify`
        (
            patched(rsa("k"), json!({"key_ops": ["verify"]})),
            Rs256,
            true,
        ),
        (
            patched(rsa("k"), json!({"key_ops": ["sign", "verify"]})),
            Rs256,
            true,
        ),
        (
            patched(rsa("k"), json!({"key_ops": ["sign"]})),
            Rs256,
            false,
        ),
        (
            patched(rsa("k"), json!({"key_ops": ["encrypt"]})),
            Rs256,
            false,
        ),
        (
            patched(rsa("k"), json!({"key_ops": ["Verify"]})),
            Rs256,
            false,
        ),
        (patched(rsa("k"), json!({"key_ops": []})), Rs256, false),
        // the key's own `kid` plays no part in fitting
        (patched(rsa("k"), json!({"kid": null})), Rs256, true),
    ];
    for (key, alg, expected) in cases {
        assert_eq!(key_fits(&jwk(key.clone()), alg), expected, "{key} {alg:?}");
    }
}

#[test]
fn test_select_key_table() {
    use JwksError::*;
    let enc = |kid| patched(rsa(kid), json!({"use": "enc"}));
    // (keys, alg, token kid, index of the chosen key or the error)
    type Row = (
        Vec<Value>,
        JwsAlg,
        Option<&'static str>,
        Result<usize, JwksError>,
    );
    let cases: Vec<Row> = vec![
        // one key
        (vec![rsa("k1")], Rs256, Some("k1"), Ok(0)),
        (vec![rsa("k1")], Rs256, None, Ok(0)),
        (
            vec![patched(rsa("k1"), json!({"kid": null}))],
            Rs256,
            None,
            Ok(0),
        ),
        (vec![rsa("k1")], Rs256, Some("k2"), Err(UnknownKid)),
        (vec![rsa("k1")], Rs256, Some("K1"), Err(UnknownKid)),
        (vec![rsa("k1")], Rs256, Some(""), Err(UnknownKid)),
        (
            vec![patched(rsa("k1"), json!({"kid": null}))],
            Rs256,
            Some("k1"),
            Err(UnknownKid),
        ),
        (vec![rsa("k1")], Es256, None, Err(NoSuitableKey)),
        // no keys at all
        (vec![], Rs256, Some("k1"), Err(UnknownKid)),
        (vec![], Rs256, None, Err(NoSuitableKey)),
        // several keys, kid present: the one with that kid
        (
            vec![rsa("k1"), rsa("k2"), rsa("k3")],
            Rs256,
            Some("k2"),
            Ok(1),
        ),
        (
            vec![rsa("k1"), rsa("k2"), rsa("k3")],
            Rs256,
            Some("k4"),
            Err(UnknownKid),
        ),
        (
            vec![rsa("r"), ec("e", "P-256"), okp("o", "Ed25519")],
            EdDsa,
            Some("o"),
            Ok(2),
        ),
        // several keys, kid absent: exactly one may fit
        (vec![rsa("k1"), rsa("k2")], Rs256, None, Err(AmbiguousKey)),
        (vec![rsa("r"), ec("e", "P-256")], Es256, None, Ok(1)),
        (vec![rsa("r"), ec("e", "P-256")], Rs256, None, Ok(0)),
        (
            vec![rsa("r"), ec("e", "P-256")],
            EdDsa,
            None,
            Err(NoSuitableKey),
        ),
        (vec![enc("r1"), rsa("r2")], Rs256, None, Ok(1)),
        (
            vec![enc("r1"), ec("e", "P-384")],
            Rs256,
            None,
            Err(NoSuitableKey),
        ),
        (vec![ec("a", "P-256"), ec("b", "P-384")], Es384, None, Ok(1)),
        // the key with the kid exists but does not fit: kty, crv, use, alg, key_ops
        (vec![ec("k1", "P-256")], Rs256, Some("k1"), Err(KeyMismatch)),
        (vec![ec("k1", "P-384")], Es256, Some("k1"), Err(KeyMismatch)),
        (
            vec![okp("k1", "Ed448")],
            EdDsa,
            Some("k1"),
            Err(KeyMismatch),
        ),
        (vec![enc("k1")], Rs256, Some("k1"), Err(KeyMismatch)),
        (
            vec![patched(rsa("k1"), json!({"alg": "RS512"}))],
            Rs256,
            Some("k1"),
            Err(KeyMismatch),
        ),
        (
            vec![patched(rsa("k1"), json!({"key_ops": ["sign"]}))],
            Rs256,
            Some("k1"),
            Err(KeyMismatch),
        ),
        // a fitting key under another kid is not used in its place
        (
            vec![enc("k1"), rsa("k2")],
            Rs256,
            Some("k1"),
            Err(KeyMismatch),
        ),
        // one kid on several keys: the one that fits
        (vec![enc("k1"), rsa("k1")], Rs256, Some("k1"), Ok(1)),
        (vec![rsa("k1"), ec("k1", "P-256")], Es256, Some("k1"), Ok(1)),
        (
            vec![rsa("k1"), patched(rsa("k1"), json!({"n": "other"}))],
            Rs256,
            Some("k1"),
            Err(AmbiguousKey),
        ),
        // the same key published twice is still one key
        (vec![rsa("k1"), rsa("k1")], Rs256, Some("k1"), Ok(0)),
        (vec![rsa("k1"), rsa("k1")], Rs256, None, Ok(0)),
    ];
    for (keys, alg, kid, expected) in cases {
        let set = JwkSet {
            keys: keys.iter().cloned().map(jwk).collect(),
        };
        let chosen = select_key(&set, alg, kid);
        assert_eq!(
            chosen,
            expected.clone().map(|i| &set.keys[i]),
            "{keys:?} {alg:?} {kid:?}"
        );
        if let Ok(i) = expected {
            // the very key in the set, not an equal copy
            assert!(std::ptr::eq(chosen.unwrap(), &set.keys[i]));
        }
    }
}

#[test]
fn test_keys_from_a_document_are_selected() {
    let text = json!({"keys": [
        patched(rsa("sig-1"), json!({"use": "sig", "alg": "RS256"})),
        patched(rsa("enc-1"), json!({"use": "enc", "alg": "RSA-OAEP"})),
        "garbage",
    ]})
    .to_string();
    let set = JwkSet::from_json(&text).unwrap();
    assert_eq!(
        select_key(&set, Rs256, None).unwrap().kid.as_deref(),
        Some("sig-1")
    );
    assert_eq!(
        select_key(&set, Rs256, Some("enc-1")),
        Err(JwksError::KeyMismatch)
    );
    assert_eq!(select_key(&set, Ps256, None), Err(JwksError::NoSuitableKey));
}
