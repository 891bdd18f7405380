//! Std-only RFC 3339 UTC timestamps for [`crate::RunMeta::started_at`].

use std::time::{SystemTime, UNIX_EPOCH};

/// Formats `t` as RFC 3339 in UTC with millisecond precision: `2024-05-01T12:00:00.123Z`.
/// Times before the Unix epoch are clamped to it.
pub fn rfc3339_utc(t: SystemTime) -> String {
    let d = t.duration_since(UNIX_EPOCH).unwrap_or_default();
    let secs = d.as_secs();
    let (days, rem) = (secs / 86_400, secs % 86_400);
    let (y, m, day) = civil_from_days(days as i64);
    format!(
        "{y:04}-{m:02}-{day:02}T{:02}:{:02}:{:02}.{:03}Z",
        rem / 3600,
        rem % 3600 / 60,
        rem % 60,
        d.subsec_millis()
    )
}

/// The current time as [`rfc3339_utc`].
pub fn now_rfc3339() -> String {
    rfc3339_utc(SystemTime::now())
}

/// Days since 1970-01-01 -> (year, month, day), proleptic Gregorian (H. Hinnant's algorithm).
fn civil_from_days(z: i64) -> (i64, u32, u32) {
    let z = z + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z.rem_euclid(146_097);
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = (doy - (153 * mp + 2) / 5 + 1) as u32;
    let m = if mp < 10 { mp + 3 } else { mp - 9 } as u32;
    let y = yoe + era * 400 + i64::from(m <= 2);
    (y, m, d)
}

/// (year, month, day) -> days since 1970-01-01, proleptic Gregorian (inverse of
/// [`civil_from_days`], H. Hinnant's algorithm).
fn days_from_civil(y: i64, m: u32, d: u32) -> i64 {
    let y = if m <= 2 { y - 1 } else { y };
    let era = y.div_euclid(400);
    let yoe = y.rem_euclid(400);
    let mp = i64::from(if m > 2 { m - 3 } else { m + 9 });
    let doy = (153 * mp + 2) / 5 + i64::from(d) - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    era * 146_097 + doe - 719_468
}

/// Seconds since the Unix epoch (fraction included) of an RFC 3339 UTC timestamp as
/// [`is_rfc3339_utc`] accepts it, or `None` if it is not one. Merging reports needs instants:
/// the strings do not sort by time (`12:00:00Z` sorts after `12:00:00.5Z`).
pub fn parse_rfc3339_utc(s: &str) -> Option<f64> {
    if !is_rfc3339_utc(s) {
        return None;
    }
    let num = |r: std::ops::Range<usize>| s[r].parse::<u32>().ok();
    let days = days_from_civil(i64::from(num(0..4)?), num(5..7)?, num(8..10)?);
    let secs = days * 86_400
        + i64::from(num(11..13)?) * 3600
        + i64::from(num(14..16)?) * 60
        + i64::from(num(17..19)?);
    let frac = &s[19..s.len() - 1];
    let frac: f64 = if frac.is_empty() {
        0.0
    } else {
        format!("0{frac}").parse().ok()?
    };
    Some(secs as f64 + frac)
}

/// Whether `s` is an RFC 3339 UTC timestamp `YYYY-MM-DDTHH:MM:SS[.fraction]Z` with
/// in-range fields (the schema's `started_at` pattern, plus range checks).
pub fn is_rfc3339_utc(s: &str) -> bool {
    let b = s.as_bytes();
    if b.len() < 20 || b[b.len() - 1] != b'Z' {
        return false;
    }
    let digits = |r: std::ops::Range<usize>| b[r].iter().all(u8::is_ascii_digit);
    let num = |r: std::ops::Range<usize>| s[r].parse::<u32>().unwrap_or(u32::MAX);
    let shape = digits(0..4)
        && b[4] == b'-'
        && digits(5..7)
        && b[7] == b'-'
        && digits(8..10)
        && b[10] == b'T'
        && digits(11..13)
        && b[13] == b':'
        && digits(14..16)
        && b[16] == b':'
        && digits(17..19);
    if !shape {
        return false;
    }
    let frac = &b[19..b.len() - 1];
    let frac_ok = frac.is_empty()
        || (frac.len() >= 2 && frac[0] == b'.' && frac[1..].iter().all(u8::is_ascii_digit));
    frac_ok
        && (1..=12).contains(&num(5..7))
        && (1..=31).contains(&num(8..10))
        && num(11..13) <= 23
        && num(14..16) <= 59
        && num(17..19) <= 60
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::time::Duration;

    #[test]
    fn formats_known_instants() {
        assert_eq!(rfc3339_utc(UNIX_EPOCH), "1970-01-01T00:00:00.000Z");
        let t = UNIX_EPOCH + Duration::from_millis(1_709_210_096_789); // leap day 2024
        assert_eq!(rfc3339_utc(t), "2024-02-29T12:34:56.789Z");
        assert!(is_rfc3339_utc(&now_rfc3339()));
    }

    #[test]
    fn parses_what_it_formats() {
        assert_eq!(parse_rfc3339_utc("1970-01-01T00:00:00Z"), Some(0.0));
        let leap = parse_rfc3339_utc("2024-02-29T12:34:56.789Z").unwrap();
        assert!((leap - 1_709_210_096.789).abs() < 1e-6, "{leap}");
        assert_eq!(parse_rfc3339_utc("1969-12-31T23:59:59Z"), Some(-1.0));
        assert_eq!(parse_rfc3339_utc("2024-05-01 12:00:00Z"), None);
        for ms in [0_u64, 951_782_400_000, 4_102_444_799_999] {
            let t = UNIX_EPOCH + Duration::from_millis(ms);
            let back = parse_rfc3339_utc(&rfc3339_utc(t)).unwrap();
            assert!((back - ms as f64 / 1000.0).abs() < 1e-6, "{ms}: {back}");
        }
        // Instants, not strings: a whole second is earlier than the half second after it.
        assert!(
            parse_rfc3339_utc("2024-05-01T12:00:00Z") < parse_rfc3339_utc("2024-05-01T12:00:00.5Z")
        );
    }

    #[test]
    fn checks_shape_and_ranges() {
        assert!(is_rfc3339_utc("2024-05-01T12:00:00Z"));
        assert!(is_rfc3339_utc("2024-05-01T12:00:00.5Z"));
        assert!(!is_rfc3339_utc("2024-05-01T12:00:00+02:00"));
        assert!(!is_rfc3339_utc("2024-13-01T12:00:00Z"));
        assert!(!is_rfc3339_utc("2024-05-01 12:00:00Z"));
        assert!(!is_rfc3339_utc("2024-05-01T12:00:00.Z"));
    }
}
