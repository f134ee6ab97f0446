//! Times for people: UTC timestamps and "in 59m 59s" / "2h 3m ago".

use std::time::{SystemTime, UNIX_EPOCH};

/// The current unix time in seconds.
pub fn now() -> i64 {
    SystemTime::now().duration_since(UNIX_EPOCH).map_or(0, |d| d.as_secs() as i64)
}

/// `2023-11-14T22:13:20Z` for unix seconds (proleptic Gregorian calendar).
pub fn utc(unix: i64) -> String {
    let (days, secs) = (unix.div_euclid(86_400), unix.rem_euclid(86_400));
    // Howard Hinnant's civil_from_days.
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z.rem_euclid(146_097);
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let day = doy - (153 * mp + 2) / 5 + 1;
    let month = if mp < 10 { mp + 3 } else { mp - 9 };
    let year = yoe + era * 400 + i64::from(month <= 2);
    format!("{year:04}-{month:02}-{day:02}T{:02}:{:02}:{:02}Z", secs / 3600, secs % 3600 / 60, secs % 60)
}

/// "in 1h 2m" for a positive offset from now, "1h 2m ago" for a negative one.
pub fn relative(offset: i64) -> String {
    let magnitude = offset.unsigned_abs();
    let units = [(86_400, "d"), (3600, "h"), (60, "m"), (1, "s")];
    let parts: Vec<String> = units
        .iter()
        .scan(magnitude, |rest, &(size, unit)| {
            let count = *rest / size;
            *rest %= size;
            Some((count, unit))
        })
        .filter(|(count, _)| *count > 0)
        .take(2)
        .map(|(count, unit)| format!("{count}{unit}"))
        .collect();
    match (parts.is_empty(), offset >= 0) {
        (true, _) => "now".to_owned(),
        (false, true) => format!("in {}", parts.join(" ")),
        (false, false) => format!("{} ago", parts.join(" ")),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn utc_matches_known_dates() {
        assert_eq!(utc(0), "1970-01-01T00:00:00Z");
        assert_eq!(utc(1_700_000_000), "2023-11-14T22:13:20Z");
        assert_eq!(utc(951_782_400), "2000-02-29T00:00:00Z");
        assert_eq!(utc(-1), "1969-12-31T23:59:59Z");
    }

    #[test]
    fn relative_reads_naturally() {
        assert_eq!(relative(0), "now");
        assert_eq!(relative(3599), "in 59m 59s");
        assert_eq!(relative(-7380), "2h 3m ago");
        assert_eq!(relative(90_061), "in 1d 1h");
    }
}
