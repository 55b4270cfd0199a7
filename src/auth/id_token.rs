//! ID-token validation (OIDC Core §3.1.3.7): the JWS signature against the provider's JWKS
//! (fetched, cached with a TTL, refetched once when an unknown `kid` signals a key rotation),
//! then the claims, then `at_hash` when present.

use oauth_core::claims::{check_claims, check_refreshed_claims, ClaimChecks, IdTokenClaims};
use oauth_core::jwks::{
    allowed_algs, check_at_hash, select_key, webcrypto_params, CachedJwks, JwkSet, JwksError,
    JwsAlg,
};
use oauth_core::jwt::{self, DecodedJwt};
use oauth_core::secret::Nonce;
use oauth_core::token::TokenSet;

use super::context::Runtime;
use super::failure::AuthFailure;
use super::session::Session;
use crate::glue::{clock, http, storage, webcrypto};

const MESSAGE: &str = "The identity provider's ID token failed validation.";

fn invalid(code: &str, err: &dyn std::fmt::Display) -> AuthFailure {
    AuthFailure::core(code, MESSAGE, err)
}

/// Verifies the ID token in `tokens` and builds the session. `nonce` is the one sent with the
/// authorization request (`None` for grants that send none, such as the device flow).
pub(super) async fn verify(
    runtime: &Runtime,
    tokens: TokenSet,
    nonce: Option<&Nonce>,
) -> Result<Session, AuthFailure> {
    let Some(id_token) = tokens.id_token.as_ref() else {
        let message = "The identity provider sent no ID token.";
        return Err(AuthFailure::new("missing_id_token", message));
    };
    let decoded = jwt::decode(id_token).map_err(|e| invalid(e.code(), &e))?;
    let alg = verify_signature(runtime, &decoded).await?;

    let config = &runtime.config;
    let checks = ClaimChecks {
        issuer: &config.issuer,
        client_id: &config.client_id,
        nonce,
        now_secs: clock::now_secs(),
        leeway_secs: config.clock_leeway_secs,
        max_age: config.max_age,
    };
    check_claims(&decoded.claims, &checks).map_err(|e| invalid(e.code(), &e))?;
    if let Some(at_hash) = decoded.claims.at_hash.as_deref() {
        check_at_hash(alg, &tokens.access_token, at_hash).map_err(|e| invalid(e.code(), &e))?;
    }
    Ok(Session {
        claims: decoded.claims,
        tokens,
    })
}

/// Verifies an ID token re-issued on refresh: everything `verify` checks, and that it names the
/// same user, client and sign-in as the original (OIDC Core §12.2).
pub(super) async fn verify_refreshed(
    runtime: &Runtime,
    tokens: TokenSet,
    original: &IdTokenClaims,
) -> Result<Session, AuthFailure> {
    let session = verify(runtime, tokens, None).await?;
    check_refreshed_claims(original, &session.claims).map_err(|e| invalid(e.code(), &e))?;
    Ok(session)
}

async fn verify_signature(runtime: &Runtime, jwt: &DecodedJwt) -> Result<JwsAlg, AuthFailure> {
    let alg = JwsAlg::parse(&jwt.header.alg).map_err(|e| invalid(e.code(), &e))?;
    let advertised = runtime
        .metadata
        .id_token_signing_alg_values_supported
        .as_deref();
    let configured = runtime.config.id_token_signing_algs.as_deref();
    if !allowed_algs(advertised, configured).contains(&alg) {
        let detail = format!("{} is not an allowed ID token algorithm", alg.as_str());
        return Err(AuthFailure::new("id_token_alg_not_allowed", MESSAGE).with_detail(Some(detail)));
    }

    let kid = jwt.header.kid.as_deref();
    let mut keys = jwks(runtime, false).await?;
    let jwk = match select_key(&keys, alg, kid) {
        Err(JwksError::UnknownKid) => {
            log::info!("unknown key id in the ID token: refetching the JWKS once");
            keys = jwks(runtime, true).await?;
            select_key(&keys, alg, kid)
        }
        other => other,
    }
    .map_err(|e| invalid(e.code(), &e))?;

    let params = webcrypto_params(alg);
    let bad_signature = || AuthFailure::new("id_token_bad_signature", MESSAGE);
    if params
        .signature_len
        .is_some_and(|len| len != jwt.signature.len())
    {
        return Err(bad_signature());
    }
    let unusable = |e: webcrypto::CryptoError| invalid("id_token_key_unusable", &e);
    let key = webcrypto::import_verify_key(jwk, &params)
        .await
        .map_err(unusable)?;
    let valid = webcrypto::verify(&key, &params, &jwt.signature, jwt.signing_input.as_bytes())
        .await
        .map_err(unusable)?;
    if !valid {
        return Err(bad_signature());
    }
    log::debug!("ID token signature verified ({})", alg.as_str());
    Ok(alg)
}

/// The provider's keys: from the cache when fresh (unless `refetch`), else from `jwks_uri`.
pub(super) async fn jwks(runtime: &Runtime, refetch: bool) -> Result<JwkSet, AuthFailure> {
    let issuer = &runtime.config.issuer;
    let now = clock::now_secs();
    if !refetch {
        if let Some(cached) = storage::load_jwks(issuer) {
            if cached.is_fresh(now, runtime.config.discovery_ttl_secs) {
                return Ok(cached.keys);
            }
        }
    }
    let Some(url) = runtime.metadata.jwks_uri.as_deref() else {
        let message = "The identity provider publishes no signing keys (jwks_uri).";
        return Err(AuthFailure::new("jwks_missing", message));
    };
    let response = http::get(url, runtime.config.http_timeout_ms)
        .await
        .map_err(|e| AuthFailure::http(&e, "signing keys"))?;
    if response.status != 200 {
        let detail = format!("HTTP {} from {url}", response.status);
        return Err(AuthFailure::new("jwks_failed", MESSAGE).with_detail(Some(detail)));
    }
    let keys = JwkSet::from_json(&response.body).map_err(|e| invalid(e.code(), &e))?;
    log::info!("JWKS fetched: {} keys", keys.keys.len());
    storage::save_jwks(
        issuer,
        &CachedJwks {
            fetched_at_secs: now,
            keys: keys.clone(),
        },
    );
    Ok(keys)
}
