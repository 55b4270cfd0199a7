use super::*;

#[test]
fn test_accepted_paths_are_returned_unchanged() {
    let cases = [
        "/",
        "/profile",
        "/a?b=c#d",
        "/a/b/c?x=1&y=%2F#frag",
        "/search?q=a%20b",
        "/my%20files/report",
        "/caf%C3%A9",
        "/loginx",
        "/callbacks",
        "/profile/login",
        "/?next=/callback",
        "/a.b/..c/.d",
        "/a#//evil.example",
    ];
    for input in cases {
        assert_eq!(sanitize_return_to(input, "/"), input, "{input:?}");
    }
}

/// Inputs refused at the root of the origin, and refused again under a base.
fn hostile_cases() -> Vec<&'static str> {
    vec![
        "",
        "profile",
        "//evil.example",
        "///evil.example",
        "/\\evil.example",
        "\\\\evil.example",
        "/a\\b",
        "https://evil.example",
        "http:/evil.example",
        "javascript:alert(1)",
        "java\tscript:x",
        "data:text/html,x",
        "/%2F%2Fevil",
        "/%2Fevil.example",
        "/%2F",
        "/%2f/evil",
        "/%5Cevil",
        "/%5cevil",
        "/a?b=%5C",
        "/\tevil",
        "/\t/evil.example",
        "/a\nb",
        "/a\rb",
        "/a b",
        "/a\u{0}b",
        "/a\u{7f}",
        "/a\u{85}",
        "/a\u{a0}b",
        "/a\u{2028}b",
        "/%09evil",
        "/%0d%0aSet-Cookie:x",
        "/%00",
        "/%7F",
        "/%C2%85",
        " /profile",
        "/profile\n",
        "/login",
        "/login/",
        "/LOGIN",
        "/login?prompt=none",
        "/login#x",
        "/callback",
        "/callback?x",
        "/callback?code=abc&state=def",
        "/silent-callback",
        "/silent-callback#x",
        "/%63allback",
        "/./callback",
        "/a/../callback",
        "/..",
        "/../evil",
        "/%2e%2e/x",
        "/a/%2E/b",
        "/a//login",
        "/a/%2F/b",
    ]
}

#[test]
fn test_refused_inputs_become_home() {
    let over_long = format!("/{}", "a".repeat(MAX_RETURN_TO_LEN));
    let mut cases = hostile_cases();
    cases.push(&over_long);
    for input in cases {
        assert_eq!(sanitize_return_to(input, "/"), "/", "{input:?}");
    }
    // The same tricks under a base path: refused, whatever the input's own prefix.
    for input in hostile_cases() {
        assert_eq!(sanitize_return_to(input, "/app/"), "/app/", "{input:?}");
        let under_base = format!("/app{input}");
        assert_eq!(
            sanitize_return_to(&under_base, "/app/"),
            "/app/",
            "{under_base:?}"
        );
    }
}

#[test]
fn test_length_limit_is_inclusive() {
    let longest = format!("/{}", "a".repeat(MAX_RETURN_TO_LEN - 1));
    assert_eq!(sanitize_return_to(&longest, "/"), longest);
    let too_long_under_base = format!("/app/{}", "a".repeat(MAX_RETURN_TO_LEN - 4));
    assert_eq!(sanitize_return_to(&too_long_under_base, "/app/"), "/app/");
}

#[test]
fn test_percent_decode() {
    let cases = [
        ("%2F%2f", "//"),
        ("%5C", "\\"),
        ("%", "%"),
        ("%2", "%2"),
        ("%zz", "%zz"),
        ("%252F", "%2F"),
        ("a%20b", "a b"),
        ("%C3%A9", "é"),
        ("%FF", "\u{fffd}"),
    ];
    for (input, expected) in cases {
        assert_eq!(percent_decode(input), expected, "{input:?}");
    }
}

#[test]
fn test_paths_under_the_base_are_kept() {
    let cases = [
        "/app/",
        "/app/profile",
        "/app/device?x=1#y",
        "/app/profile/login",
        "/app/loginx",
        "/app/?next=/app/callback",
    ];
    for input in cases {
        assert_eq!(sanitize_return_to(input, "/app/"), input, "{input:?}");
    }
    let nested = "/tools/auth/profile";
    assert_eq!(sanitize_return_to(nested, "/tools/auth/"), nested);
}

#[test]
fn test_paths_outside_the_base_become_the_base() {
    let cases = [
        "/",
        "/profile",
        "/other/",
        "/other/app/profile",
        "/app",
        "/application/profile",
        "/APP/profile",
        "/%61pp/profile",
        "/app/login",
        "/app/login/",
        "/app/LOGIN?x",
        "/app/callback?code=abc&state=def",
        "/app/silent-callback#x",
        "/app/%6Cogin",
        "/app/../profile",
        "/app/./callback",
        "/app/%2e%2e/other/",
        "/app//evil.example",
        "/app/%2F%2Fevil.example",
    ];
    for input in cases {
        assert_eq!(sanitize_return_to(input, "/app/"), "/app/", "{input:?}");
    }
}

#[test]
fn test_an_invalid_base_refuses_everything() {
    for base in [
        "",
        "app/",
        "/app",
        "//evil.example/",
        "/a//b/",
        "/./",
        "/../",
        "/a b/",
        "/%61/",
    ] {
        assert!(!is_valid_base_path(base), "{base:?}");
        assert_eq!(sanitize_return_to("/profile", base), "/", "{base:?}");
    }
}

#[test]
fn test_valid_bases() {
    for base in [
        "/",
        "/app/",
        "/tools/auth/",
        "/a.b/",
        "/v1.2-x_y~z/",
        "/.well/",
    ] {
        assert!(is_valid_base_path(base), "{base:?}");
    }
}
