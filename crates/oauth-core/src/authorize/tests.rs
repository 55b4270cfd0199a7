use super::*;

fn request<'a>(state: &'a State, nonce: &'a Nonce) -> AuthorizationRequest<'a> {
    AuthorizationRequest {
        endpoint: "https://idp.example/auth",
        client_id: "spa",
        redirect_uri: "https://app.example/callback",
        scope: "openid profile email",
        state,
        nonce,
        code_challenge: "E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM",
        prompt: None,
        max_age: None,
        ui_locales: None,
        login_hint: None,
    }
}

#[test]
fn test_url_with_required_parameters_only() {
    let (state, nonce) = (State::new("st-1"), Nonce::new("n-1"));
    assert_eq!(
        request(&state, &nonce).url(),
        "https://idp.example/auth?response_type=code&client_id=spa\
         &redirect_uri=https%3A%2F%2Fapp.example%2Fcallback&scope=openid+profile+email\
         &state=st-1&nonce=n-1&code_challenge=E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM\
         &code_challenge_method=S256"
    );
}

#[test]
fn test_url_with_every_optional_parameter() {
    let (state, nonce) = (State::new("st-1"), Nonce::new("n-1"));
    let url = AuthorizationRequest {
        prompt: Some("login consent"),
        max_age: Some(0),
        ui_locales: Some("fr-CA en"),
        login_hint: Some("alice+x@example.com"),
        ..request(&state, &nonce)
    }
    .url();
    assert_eq!(
        url,
        "https://idp.example/auth?response_type=code&client_id=spa\
         &redirect_uri=https%3A%2F%2Fapp.example%2Fcallback&scope=openid+profile+email\
         &state=st-1&nonce=n-1&code_challenge=E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM\
         &code_challenge_method=S256&prompt=login+consent&max_age=0&ui_locales=fr-CA+en\
         &login_hint=alice%2Bx%40example.com"
    );
}

#[test]
fn test_url_keeps_an_existing_endpoint_query() {
    let (state, nonce) = (State::new("s"), Nonce::new("n"));
    let url = AuthorizationRequest {
        endpoint: "https://idp.example/oauth2/authorize?p=B2C_1_signin",
        max_age: Some(600),
        ..request(&state, &nonce)
    }
    .url();
    assert!(
        url.starts_with("https://idp.example/oauth2/authorize?p=B2C_1_signin&response_type=code&")
    );
    assert!(url.ends_with("&code_challenge_method=S256&max_age=600"));
}

#[test]
fn test_url_encodes_state_and_client_id() {
    let (state, nonce) = (State::new("a b&c"), Nonce::new("=/"));
    let url = AuthorizationRequest {
        client_id: "my app",
        ..request(&state, &nonce)
    }
    .url();
    assert!(url.contains("&client_id=my+app&"));
    assert!(url.contains("&state=a+b%26c&nonce=%3D%2F&"));
}
