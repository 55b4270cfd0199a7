//! The polling state machine, driven by a fake clock that jumps to each requested poll time.

use super::*;

const T0: u64 = 1_700_000_000;

const PENDING: &str = r#"{"error":"authorization_pending"}"#;
const SLOW_DOWN: &str = r#"{"error":"slow_down"}"#;
const DENIED: &str = r#"{"error":"access_denied","error_description":"User said no"}"#;
const EXPIRED: &str = r#"{"error":"expired_token"}"#;
const TOKENS: &str = r#"{"access_token":"2YotnFZFEjr1zCsicMWpAA","token_type":"Bearer",
    "expires_in":300,"refresh_token":"tGzv3JOkF0XG5Qx2TlKWIA"}"#;

fn authorization(interval_secs: u64, expires_in_secs: u64) -> DeviceAuthorization {
    DeviceAuthorization {
        device_code: DeviceCode::new(DEVICE_CODE),
        user_code: "WDJB-MJHT".into(),
        verification_uri: "https://idp.example/device".into(),
        verification_uri_complete: None,
        expires_in_secs,
        interval_secs,
    }
}

/// A poller and a fake clock that the glue would advance by sleeping.
struct Harness {
    poller: DevicePoller,
    now: u64,
}

impl Harness {
    fn new(interval_secs: u64, expires_in_secs: u64) -> Harness {
        let poller = DevicePoller::new(&authorization(interval_secs, expires_in_secs), T0);
        Harness { poller, now: T0 }
    }

    /// Sleeps until the poll is due, then feeds in the provider's answer.
    fn answer(&mut self, status: u16, body: &str) -> PollOutcome {
        self.now = self.poller.next_poll_at_secs();
        self.poller.on_response(status, body, self.now)
    }

    /// Sleeps until the poll is due, then reports that it failed on the network.
    fn network_error(&mut self) -> PollOutcome {
        self.now = self.poller.next_poll_at_secs();
        self.poller.on_network_error(self.now)
    }

    /// Seconds from now until the next poll, asserting the outcome is a consistent `Wait`.
    fn waits(&self, outcome: &PollOutcome) -> u64 {
        match outcome {
            PollOutcome::Wait { next_poll_at_secs } => {
                assert_eq!(*next_poll_at_secs, self.poller.next_poll_at_secs());
                assert!(!self.poller.is_finished());
                next_poll_at_secs - self.now
            }
            other => panic!("expected Wait, got {other:?}"),
        }
    }
}

#[test]
fn test_new_poller_waits_one_interval() {
    let h = Harness::new(5, 600);
    assert_eq!(h.poller.next_poll_at_secs(), T0 + 5);
    assert_eq!(h.poller.expires_at_secs(), T0 + 600);
    assert!(!h.poller.is_finished());
}

#[test]
fn test_pending_waits_the_interval() {
    let mut h = Harness::new(5, 600);
    for _ in 0..3 {
        let outcome = h.answer(400, PENDING);
        assert_eq!(h.waits(&outcome), 5);
    }
    assert_eq!(h.now, T0 + 15);
}

#[test]
fn test_slow_down_adds_five_seconds_that_stick() {
    let mut h = Harness::new(5, 600);
    let delays: Vec<u64> = [SLOW_DOWN, PENDING, PENDING, SLOW_DOWN, PENDING]
        .into_iter()
        .map(|body| {
            let outcome = h.answer(400, body);
            h.waits(&outcome)
        })
        .collect();
    assert_eq!(delays, [10, 10, 10, 15, 15]);
}

#[test]
fn test_terminal_answers_table() {
    let cases = [
        (400, DENIED, "device_access_denied"),
        (403, DENIED, "device_access_denied"),
        (400, EXPIRED, "device_expired"),
        (400, r#"{"error":"invalid_grant"}"#, "invalid_grant"),
        (401, r#"{"error":"invalid_client"}"#, "invalid_client"),
        (400, r#"{"error":"something_new"}"#, "something_new"),
        (404, "<html>Not Found</html>", "device_invalid_response"),
        (200, r#"{"access_token":"x"}"#, "device_invalid_response"),
        (
            200,
            r#"{"access_token":"x","token_type":"mac"}"#,
            "device_invalid_response",
        ),
    ];
    for (status, body, code) in cases {
        let mut h = Harness::new(5, 600);
        let outcome = h.answer(status, body);
        assert!(outcome.is_terminal(), "{body}");
        assert!(h.poller.is_finished(), "{body}");
        assert_eq!(outcome.error().unwrap().code(), code, "{body}");
    }
}

#[test]
fn test_denied_and_expired_outcomes() {
    let mut h = Harness::new(5, 600);
    assert!(matches!(h.answer(400, DENIED), PollOutcome::Denied));
    let mut h = Harness::new(5, 600);
    assert!(matches!(h.answer(400, EXPIRED), PollOutcome::Expired));
}

#[test]
fn test_unknown_error_keeps_the_provider_fields() {
    let mut h = Harness::new(5, 600);
    let body = r#"{"error":"invalid_scope","error_description":"No such scope"}"#;
    match h.answer(400, body) {
        PollOutcome::Failed(err) => assert_eq!(
            err,
            DeviceError::Provider {
                error: "invalid_scope".into(),
                description: Some("No such scope".into()),
            }
        ),
        other => panic!("expected Failed, got {other:?}"),
    }
}

#[test]
fn test_expiry_reached_while_pending() {
    let mut h = Harness::new(5, 12);
    let first = h.answer(400, PENDING);
    assert_eq!(h.waits(&first), 5);
    // the next interval would end after expiry: the last poll is at the expiry itself
    let second = h.answer(400, PENDING);
    assert_eq!(h.waits(&second), 2);
    assert_eq!(h.poller.next_poll_at_secs(), T0 + 12);
    assert!(matches!(h.answer(400, PENDING), PollOutcome::Expired));
    assert!(h.poller.is_finished());
}

#[test]
fn test_pending_after_expiry_is_expired() {
    let mut poller = DevicePoller::new(&authorization(5, 60), T0);
    let outcome = poller.on_response(400, PENDING, T0 + 61);
    assert!(matches!(outcome, PollOutcome::Expired));
}

#[test]
fn test_success_after_our_expiry_is_still_success() {
    let mut poller = DevicePoller::new(&authorization(5, 60), T0);
    let outcome = poller.on_response(200, TOKENS, T0 + 65);
    assert!(matches!(outcome, PollOutcome::Success(_)));
}

#[test]
fn test_network_errors_back_off_doubling_up_to_the_cap() {
    let mut h = Harness::new(5, 3600);
    let delays: Vec<u64> = (0..6)
        .map(|_| {
            let outcome = h.network_error();
            h.waits(&outcome)
        })
        .collect();
    assert_eq!(delays, [10, 20, 40, 60, 60, 60]);
}

#[test]
fn test_network_backoff_never_polls_faster_than_a_long_interval() {
    let mut h = Harness::new(90, 3600);
    let outcome = h.network_error();
    assert_eq!(h.waits(&outcome), 90);
}

#[test]
fn test_network_backoff_resets_after_a_real_answer() {
    let mut h = Harness::new(5, 3600);
    let mut delays = Vec::new();
    for step in [
        "net",
        "net",
        "net",
        "pending",
        "net",
        "slow_down",
        "net",
        "net",
    ] {
        let outcome = match step {
            "net" => h.network_error(),
            "pending" => h.answer(400, PENDING),
            _ => h.answer(400, SLOW_DOWN),
        };
        delays.push(h.waits(&outcome));
    }
    // after slow_down the interval is 10 s, so the doubling starts from there
    assert_eq!(delays, [10, 20, 40, 5, 10, 10, 20, 40]);
}

#[test]
fn test_network_backoff_stops_at_expiry_and_only_then_gives_up() {
    let mut h = Harness::new(5, 100);
    let mut delays = Vec::new();
    loop {
        let outcome = h.network_error();
        if outcome.is_terminal() {
            assert!(matches!(outcome, PollOutcome::Expired));
            break;
        }
        delays.push(h.waits(&outcome));
    }
    // the first poll was at 5 s; 5 + 10 + 20 + 40 = 75, then only 25 s are left
    assert_eq!(delays, [10, 20, 40, 25]);
    assert_eq!(h.now, T0 + 100);
}

#[test]
fn test_gateway_errors_back_off_like_network_errors() {
    for status in [408, 429, 500, 502, 503, 504] {
        let mut h = Harness::new(5, 3600);
        let first = h.answer(status, "<html>Service Unavailable</html>");
        assert_eq!(h.waits(&first), 10, "HTTP {status}");
        let second = h.answer(status, "");
        assert_eq!(h.waits(&second), 20, "HTTP {status}");
    }
}

#[test]
fn test_success_ends_polling_for_good() {
    let mut h = Harness::new(5, 600);
    h.answer(400, PENDING);
    let PollOutcome::Success(tokens) = h.answer(200, TOKENS) else {
        panic!("expected Success");
    };
    assert_eq!(tokens.access_token.secret(), "2YotnFZFEjr1zCsicMWpAA");
    assert_eq!(tokens.expires_at_secs, Some(T0 + 10 + 300));
    assert!(h.poller.is_finished());

    let next = h.poller.next_poll_at_secs();
    for outcome in [
        h.poller.on_response(400, PENDING, T0 + 20),
        h.poller.on_response(400, DENIED, T0 + 25),
        h.poller.on_network_error(T0 + 30),
    ] {
        let PollOutcome::Success(again) = outcome else {
            panic!("expected Success again, got {outcome:?}");
        };
        assert_eq!(again.access_token.secret(), tokens.access_token.secret());
    }
    assert_eq!(h.poller.next_poll_at_secs(), next);
}

#[test]
fn test_terminal_outcomes_repeat_without_advancing() {
    for body in [DENIED, EXPIRED, r#"{"error":"invalid_client"}"#] {
        let mut h = Harness::new(5, 600);
        let first = h.answer(400, body);
        let next = h.poller.next_poll_at_secs();
        let again = [
            h.poller.on_response(200, TOKENS, T0 + 50),
            h.poller.on_network_error(T0 + 60),
        ];
        for outcome in again {
            assert_eq!(
                std::mem::discriminant(&outcome),
                std::mem::discriminant(&first),
                "{body}"
            );
        }
        assert_eq!(h.poller.next_poll_at_secs(), next, "{body}");
    }
}

#[test]
fn test_zero_interval_is_raised() {
    let poller = DevicePoller::new(&authorization(0, 600), T0);
    assert_eq!(poller.next_poll_at_secs(), T0 + MIN_INTERVAL_SECS);
}

#[test]
fn test_outcome_error_mapping() {
    assert_eq!(PollOutcome::Denied.error(), Some(DeviceError::AccessDenied));
    assert_eq!(PollOutcome::Expired.error(), Some(DeviceError::Expired));
    let wait = PollOutcome::Wait {
        next_poll_at_secs: T0,
    };
    assert_eq!(wait.error(), None);
    assert!(!wait.is_terminal());
}

#[test]
fn test_poller_debug_does_not_leak_tokens() {
    let mut h = Harness::new(5, 600);
    h.answer(200, TOKENS);
    let debug = format!("{:?}", h.poller);
    assert!(!debug.contains("2YotnFZF"), "{debug}");
    assert!(!debug.contains("tGzv3JOk"), "{debug}");
}

#[test]
fn test_invalid_grant_after_expiry_counts_as_expired_and_before_it_as_failure() {
    const INVALID_GRANT: &str = r#"{"error":"invalid_grant"}"#;
    let mut late = DevicePoller::new(&authorization(5, 10), T0);
    assert!(matches!(
        late.on_response(400, INVALID_GRANT, T0 + 10),
        PollOutcome::Expired
    ));

    let mut early = DevicePoller::new(&authorization(5, 10), T0);
    let outcome = early.on_response(400, INVALID_GRANT, T0 + 5);
    assert!(
        matches!(outcome, PollOutcome::Failed(DeviceError::Provider { .. })),
        "{outcome:?}"
    );
}
