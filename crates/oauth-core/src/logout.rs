//! RP-Initiated Logout: OpenID Connect RP-Initiated Logout 1.0 §2 (logout request) and §3
//! (redirection back with `state`).

use crate::secret::{IdToken, State};
use crate::url::append_query;

/// The URL that ends the session at the provider and then returns the browser to
/// `post_logout_redirect_uri` with `state`.
///
/// `client_id` is always sent: with `id_token_hint` it lets the provider check the hint was
/// issued to this client, and without one it is how the provider identifies the client to
/// validate the redirect URI (§2).
pub fn end_session_url(
    endpoint: &str,
    id_token_hint: Option<&IdToken>,
    client_id: &str,
    post_logout_redirect_uri: &str,
    state: &State,
) -> String {
    let mut pairs = Vec::with_capacity(4);
    if let Some(hint) = id_token_hint {
        pairs.push(("id_token_hint", hint.secret()));
    }
    pairs.push(("client_id", client_id));
    pairs.push(("post_logout_redirect_uri", post_logout_redirect_uri));
    pairs.push(("state", state.secret()));
    append_query(endpoint, &pairs)
}

#[cfg(test)]
mod tests;
