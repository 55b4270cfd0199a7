use super::*;

fn login(state: &str, created_at_secs: u64) -> LoginAttempt {
    LoginAttempt {
        state: State::new(state),
        nonce: Nonce::new(format!("nonce-{state}")),
        verifier: PkceVerifier::new(format!("verifier-{state}")),
        return_to: "/profile".into(),
        redirect_uri: "https://app.example/callback".into(),
        created_at_secs,
    }
}

fn logout(state: &str, created_at_secs: u64) -> LogoutAttempt {
    LogoutAttempt {
        state: State::new(state),
        created_at_secs,
    }
}

fn login_states(attempts: &Attempts) -> Vec<&str> {
    attempts.login.iter().map(|a| a.state.secret()).collect()
}

#[test]
fn test_take_login_returns_the_match_once() {
    let mut attempts = Attempts::default();
    attempts.add_login(login("a", 100));
    attempts.add_login(login("b", 101));
    let taken = attempts.take_login("b").unwrap();
    assert_eq!(taken.nonce.secret(), "nonce-b");
    assert_eq!(taken.verifier.secret(), "verifier-b");
    assert!(
        attempts.take_login("b").is_none(),
        "a state must not be usable twice"
    );
    assert_eq!(login_states(&attempts), ["a"]);
}

#[test]
fn test_take_login_needs_the_exact_state() {
    let mut attempts = Attempts::default();
    attempts.add_login(login("state-1", 100));
    for other in ["", "state-", "state-12", "STATE-1", "state-2"] {
        assert!(attempts.take_login(other).is_none(), "{other:?}");
    }
    assert!(attempts.take_login("state-1").is_some());
}

#[test]
fn test_take_logout_returns_the_match_once() {
    let mut attempts = Attempts::default();
    attempts.add_logout(logout("x", 100));
    attempts.add_login(login("x", 100));
    assert!(attempts.take_logout("y").is_none());
    assert!(attempts.take_logout("x").is_some());
    assert!(attempts.take_logout("x").is_none());
    assert_eq!(
        login_states(&attempts),
        ["x"],
        "logout must not consume a login attempt"
    );
}

#[test]
fn test_add_keeps_at_most_max_attempts_dropping_the_oldest() {
    let mut attempts = Attempts::default();
    for i in 0..MAX_ATTEMPTS as u64 + 3 {
        attempts.add_login(login(&format!("s{i}"), 100 + i));
        attempts.add_logout(logout(&format!("l{i}"), 100 + i));
    }
    assert_eq!(attempts.login.len(), MAX_ATTEMPTS);
    assert_eq!(attempts.logout.len(), MAX_ATTEMPTS);
    assert_eq!(
        login_states(&attempts),
        ["s3", "s4", "s5", "s6", "s7", "s8", "s9", "s10"]
    );
    assert_eq!(attempts.logout[0].state.secret(), "l3");
}

#[test]
fn test_prune_table() {
    let now = 10_000;
    let cases = [
        (now, true),
        (now - ATTEMPT_MAX_AGE_SECS, true),
        (now - ATTEMPT_MAX_AGE_SECS - 1, false),
        (0, false),
        (now + 60, true),
        (now + 61, false),
        (u64::MAX, false),
    ];
    for (created, kept) in cases {
        let mut attempts = Attempts::default();
        attempts.add_login(login("a", created));
        attempts.add_logout(logout("b", created));
        attempts.prune(now);
        assert_eq!(
            attempts.login.len(),
            usize::from(kept),
            "login created {created}"
        );
        assert_eq!(
            attempts.logout.len(),
            usize::from(kept),
            "logout created {created}"
        );
    }
}

#[test]
fn test_prune_near_time_zero_does_not_overflow() {
    let mut attempts = Attempts::default();
    attempts.add_login(login("a", 0));
    attempts.prune(0);
    assert_eq!(attempts.login.len(), 1);
}

#[test]
fn test_is_empty() {
    let mut attempts = Attempts::default();
    assert!(attempts.is_empty());
    attempts.add_logout(logout("l", 1));
    assert!(!attempts.is_empty());
    attempts.take_logout("l");
    attempts.add_login(login("s", 1));
    assert!(!attempts.is_empty());
    attempts.take_login("s");
    assert!(attempts.is_empty());
}

#[test]
fn test_attempts_round_trip_through_json() {
    let mut attempts = Attempts::default();
    attempts.add_login(login("a", 5));
    attempts.add_logout(logout("b", 6));
    let json = serde_json::to_string(&attempts).unwrap();
    let mut back: Attempts = serde_json::from_str(&json).unwrap();
    let taken = back.take_login("a").unwrap();
    assert_eq!(taken.redirect_uri, "https://app.example/callback");
    assert_eq!(taken.created_at_secs, 5);
    assert_eq!(back.take_logout("b").unwrap().created_at_secs, 6);
}

#[test]
fn test_missing_lists_deserialize_as_empty() {
    let attempts: Attempts = serde_json::from_str("{}").unwrap();
    assert!(attempts.is_empty());
}

#[test]
fn test_debug_does_not_show_secrets() {
    let mut attempts = Attempts::default();
    attempts.add_login(login("Zq9Zq9", 1));
    let debug = format!("{attempts:?}");
    assert!(!debug.contains("Zq9Zq9"), "{debug}");
    assert!(debug.contains("/profile"));
}
