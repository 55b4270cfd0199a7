use super::*;

use RefreshErrorKind::{Rejected, RotatedElsewhere, Transient};

const T: u64 = 1_700_000_000;

#[test]
fn test_refresh_schedule_table() {
    // (what, expires_at, issued_at, lead, now, refresh at, delay)
    let cases = [
        ("hour token", T + 3600, T, 60, T, T + 3540, 3540),
        ("5 min token", T + 300, T, 60, T + 100, T + 240, 140),
        ("30 s token: half", T + 30, T, 60, T, T + 15, 15),
        ("10 s token: half", T + 10, T, 60, T, T + 5, 5),
        ("odd lifetime floors the half", T + 31, T, 60, T, T + 16, 16),
        ("1 s token: at expiry", T + 1, T, 60, T, T + 1, 1),
        (
            "lifetime exactly twice the lead",
            T + 120,
            T,
            60,
            T,
            T + 60,
            60,
        ),
        ("no lead", T + 300, T, 0, T, T + 300, 300),
        ("due exactly now", T + 300, T, 60, T + 240, T + 240, 0),
        ("already due", T + 300, T, 60, T + 250, T + 240, 0),
        ("already expired", T + 300, T, 60, T + 900, T + 240, 0),
        (
            "clock jumped forwards",
            T + 300,
            T,
            60,
            T + 86_400,
            T + 240,
            0,
        ),
        (
            "clock jumped backwards",
            T + 300,
            T,
            60,
            T - 86_400,
            T + 240,
            240,
        ),
        ("clock slightly behind", T + 300, T, 60, T - 5, T + 240, 240),
        ("issued at expiry", T + 300, T + 300, 60, T, T + 300, 0),
        ("issued after expiry", T + 50, T + 100, 60, T, T + 50, 0),
        ("zero times", 0, 0, 60, T, 0, 0),
        ("huge lead", T + 300, T, u64::MAX, T, T + 150, 150),
    ];
    for (what, expires_at, issued_at, lead, now, at, delay) in cases {
        assert_eq!(refresh_at_secs(expires_at, issued_at, lead), at, "{what}");
        assert_eq!(
            refresh_delay_secs(expires_at, issued_at, lead, now),
            delay,
            "{what}"
        );
    }
}

#[test]
fn test_refresh_is_never_scheduled_after_expiry_or_before_issue() {
    for lifetime in [0, 1, 2, 9, 10, 30, 59, 60, 61, 119, 120, 121, 3600] {
        for lead in [0, 1, 30, 60, 300] {
            let at = refresh_at_secs(T + lifetime, T, lead);
            assert!(at <= T + lifetime, "lifetime {lifetime}, lead {lead}");
            assert!(at >= T + lifetime / 2, "lifetime {lifetime}, lead {lead}");
        }
    }
}

fn sequence(random_unit: f64, retry_after_secs: Option<u64>, n: usize) -> Vec<u64> {
    let mut backoff = Backoff::default();
    (0..n)
        .map(|_| backoff.next_delay_ms(random_unit, retry_after_secs))
        .collect()
}

#[test]
fn test_backoff_sequences_with_fixed_random_values() {
    assert_eq!(
        sequence(1.0, None, 9),
        [1_000, 2_000, 4_000, 8_000, 16_000, 32_000, 60_000, 60_000, 60_000]
    );
    assert_eq!(
        sequence(0.0, None, 8),
        [500, 1_000, 2_000, 4_000, 8_000, 16_000, 30_000, 30_000]
    );
    assert_eq!(
        sequence(0.5, None, 8),
        [750, 1_500, 3_000, 6_000, 12_000, 24_000, 45_000, 45_000]
    );
}

#[test]
fn test_backoff_jitter_stays_within_half_and_full_delay() {
    for unit in [0.0, 0.1, 0.25, 0.333, 0.5, 0.9, 0.999, 1.0] {
        let mut backoff = Backoff::default();
        for attempt in 0..10u32 {
            let full = (1_000u64 << attempt.min(6)).min(60_000);
            let delay = backoff.next_delay_ms(unit, None);
            assert!(
                (full / 2..=full).contains(&delay),
                "unit {unit}, attempt {attempt}: {delay}"
            );
        }
    }
}

#[test]
fn test_backoff_clamps_bad_random_values() {
    for (unit, expected) in [(-1.0, 500), (2.0, 1_000), (f64::NAN, 500)] {
        assert_eq!(
            Backoff::default().next_delay_ms(unit, None),
            expected,
            "{unit}"
        );
    }
    assert_eq!(Backoff::default().next_delay_ms(f64::INFINITY, None), 1_000);
}

#[test]
fn test_retry_after_is_a_floor() {
    let cases = [
        // (attempt, random, retry after, expected)
        (0, 0.0, Some(5), 5_000),
        (0, 1.0, Some(0), 1_000),
        (3, 1.0, Some(2), 8_000),
        (3, 0.0, Some(4), 4_000),
        (3, 0.0, Some(5), 5_000),
        (10, 1.0, Some(30), 60_000),
        // the server's word wins over the 60 s cap
        (10, 1.0, Some(120), 120_000),
        (0, 0.0, Some(u64::MAX), u64::MAX),
    ];
    for (attempt, unit, retry_after, expected) in cases {
        let mut backoff = Backoff { attempt };
        assert_eq!(
            backoff.next_delay_ms(unit, retry_after),
            expected,
            "attempt {attempt}, Retry-After {retry_after:?}"
        );
        assert_eq!(backoff.attempt, attempt + 1);
    }
}

#[test]
fn test_backoff_cap_holds_for_any_attempt() {
    let mut backoff = Backoff { attempt: u32::MAX };
    assert_eq!(backoff.next_delay_ms(1.0, None), 60_000);
    assert_eq!(backoff.attempt, u32::MAX);
}

#[test]
fn test_backoff_reset_starts_over() {
    let mut backoff = Backoff::default();
    for _ in 0..5 {
        backoff.next_delay_ms(1.0, None);
    }
    backoff.reset();
    assert_eq!(backoff, Backoff { attempt: 0 });
    assert_eq!(backoff.next_delay_ms(1.0, None), 1_000);
}

#[test]
fn test_classify_refresh_error_table() {
    let cases = [
        // network failure or timeout: no answer at all
        (None, None, false, Transient),
        (None, None, true, Transient),
        // overload and server trouble, with or without an OAuth body
        (Some(408), None, false, Transient),
        (Some(429), None, false, Transient),
        (Some(429), Some("slow_down"), false, Transient),
        (Some(500), None, false, Transient),
        (Some(500), Some("server_error"), false, Transient),
        (Some(502), None, false, Transient),
        (Some(503), Some("temporarily_unavailable"), false, Transient),
        (Some(504), None, true, Transient),
        // a status without an OAuth error is no verdict on the refresh token
        (Some(400), None, false, Transient),
        (Some(403), None, false, Transient),
        (Some(404), None, false, Transient),
        // the refresh token was rotated by another tab while this request was in flight
        (Some(400), Some("invalid_grant"), true, RotatedElsewhere),
        // the server refused the refresh token
        (Some(400), Some("invalid_grant"), false, Rejected),
        (Some(400), Some("invalid_client"), false, Rejected),
        (Some(401), Some("invalid_client"), true, Rejected),
        (Some(400), Some("unauthorized_client"), false, Rejected),
        (Some(400), Some("invalid_scope"), false, Rejected),
        (Some(400), Some("invalid_request"), false, Rejected),
        (Some(200), Some("invalid_grant"), false, Rejected),
    ];
    for (status, error, changed, expected) in cases {
        assert_eq!(
            classify_refresh_error(status, error, changed),
            expected,
            "{status:?} {error:?} changed={changed}"
        );
    }
}

#[test]
fn test_should_sign_out_table() {
    let cases = [
        (Rejected, true, true),
        (Rejected, false, true),
        (Transient, true, false),
        // an expired access token is still no reason to sign out on a transient failure
        (Transient, false, false),
        (RotatedElsewhere, true, false),
        (RotatedElsewhere, false, false),
    ];
    for (kind, access_token_valid, expected) in cases {
        assert_eq!(
            should_sign_out(kind, access_token_valid),
            expected,
            "{kind:?}, access token valid: {access_token_valid}"
        );
    }
}
