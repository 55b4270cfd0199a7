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
        assert_eq!(sanitize_return_to(input), input, "{input:?}");
    }
}

#[test]
fn test_refused_inputs_become_home() {
    let over_long = format!("/{}", "a".repeat(MAX_RETURN_TO_LEN));
    let cases: Vec<&str> = vec![
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
        &over_long,
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
    ];
    for input in cases {
        assert_eq!(sanitize_return_to(input), "/", "{input:?}");
    }
}

#[test]
fn test_length_limit_is_inclusive() {
    let longest = format!("/{}", "a".repeat(MAX_RETURN_TO_LEN - 1));
    assert_eq!(sanitize_return_to(&longest), longest);
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
