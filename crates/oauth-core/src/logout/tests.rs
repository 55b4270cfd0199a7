use super::*;

#[test]
fn test_end_session_url_with_hint() {
    let hint = IdToken::new("eyJh.eyJz.c2ln");
    let url = end_session_url(
        "https://idp.example/logout",
        Some(&hint),
        "spa",
        "https://app.example/",
        &State::new("lo-1"),
    );
    assert_eq!(
        url,
        "https://idp.example/logout?id_token_hint=eyJh.eyJz.c2ln&client_id=spa\
         &post_logout_redirect_uri=https%3A%2F%2Fapp.example%2F&state=lo-1"
    );
}

#[test]
fn test_end_session_url_without_hint() {
    let url = end_session_url(
        "https://idp.example/logout?tenant=a",
        None,
        "spa",
        "http://localhost:3000/",
        &State::new("lo 2"),
    );
    assert_eq!(
        url,
        "https://idp.example/logout?tenant=a&client_id=spa\
         &post_logout_redirect_uri=http%3A%2F%2Flocalhost%3A3000%2F&state=lo+2"
    );
}
