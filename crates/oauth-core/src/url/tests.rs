use super::*;

#[test]
fn test_is_secure_url_table() {
    let cases: &[(&str, bool)] = &[
        ("https://idp.example", true),
        ("https://idp.example/", true),
        ("https://idp.example/realms/demo", true),
        ("https://idp.example:8443/realms/demo?x=1", true),
        ("https://sub.idp-1.example_x.com", true),
        ("https://192.0.2.1/authorize", true),
        ("https://[2001:db8::1]:443/x", true),
        ("http://localhost", true),
        ("http://localhost:8080/realms/demo", true),
        ("http://LOCALHOST:8080", true),
        ("http://127.0.0.1:9000/token", true),
        ("http://127.255.3.4", true),
        ("http://[::1]:8080/", true),
        ("http://[::1]", true),
        // plain HTTP to anything but loopback
        ("http://idp.example", false),
        ("http://localhost.evil.example", false),
        ("http://127.0.0.1.evil.example", false),
        ("http://128.0.0.1", false),
        ("http://127.0.0.256", false),
        ("http://127.0.0", false),
        ("http://[::2]", false),
        // other schemes and case
        ("HTTPS://idp.example", false),
        ("ftp://idp.example", false),
        ("javascript:alert(1)", false),
        ("//idp.example", false),
        ("idp.example", false),
        ("", false),
        // no host
        ("https://", false),
        ("https:///path", false),
        ("https://:443", false),
        ("https://?x", false),
        // userinfo
        ("https://user@idp.example", false),
        ("https://user:pw@idp.example", false),
        ("http://localhost@evil.example", false),
        ("http://evil.example@localhost", false),
        // whitespace and control characters
        ("https://idp.example/a b", false),
        (" https://idp.example", false),
        ("https://idp.example\t", false),
        ("https://idp.example/\n", false),
        ("https://idp.example/\u{7f}", false),
        ("https://idp.example/\u{a0}", false),
        // host and port syntax
        ("https://idp.example\\@evil.example", false),
        ("https://idp.exa%6Dple", false),
        ("https://idp.example:", false),
        ("https://idp.example:http", false),
        ("https://idp.example:65536", false),
        ("https://idp.example:443:1", false),
        ("https://[::1", false),
        ("https://[]", false),
        ("https://[::1]x", false),
        ("https://[::1]:", false),
        ("https://idé.example", false),
    ];
    for &(input, expected) in cases {
        assert_eq!(is_secure_url(input), expected, "{input:?}");
    }
}

#[test]
fn test_append_query_table() {
    let pairs = [("a", "1"), ("b", "x y&z=/")];
    let cases: &[(&str, &str)] = &[
        (
            "https://idp.example/auth",
            "https://idp.example/auth?a=1&b=x+y%26z%3D%2F",
        ),
        (
            "https://idp.example/auth?p=q",
            "https://idp.example/auth?p=q&a=1&b=x+y%26z%3D%2F",
        ),
        (
            "https://idp.example/auth?",
            "https://idp.example/auth?a=1&b=x+y%26z%3D%2F",
        ),
        (
            "https://idp.example/auth?p=q&",
            "https://idp.example/auth?p=q&a=1&b=x+y%26z%3D%2F",
        ),
        (
            "https://idp.example/auth#frag",
            "https://idp.example/auth?a=1&b=x+y%26z%3D%2F",
        ),
        (
            "https://idp.example/auth?p=q#f?g",
            "https://idp.example/auth?p=q&a=1&b=x+y%26z%3D%2F",
        ),
    ];
    for &(base, expected) in cases {
        assert_eq!(append_query(base, &pairs), expected, "{base:?}");
    }
}

#[test]
fn test_append_query_without_pairs_only_drops_the_fragment() {
    assert_eq!(
        append_query("https://idp.example/x?y=1#z", &[]),
        "https://idp.example/x?y=1"
    );
}

#[test]
fn test_append_query_encodes_non_ascii_and_names() {
    assert_eq!(
        append_query("https://idp.example/", &[("ui locales", "fr-CA é")]),
        "https://idp.example/?ui+locales=fr-CA+%C3%A9"
    );
}
