//! When to try again: full-jitter exponential backoff, and the server's `Retry-After`.

use std::time::Duration;

use ureq::http::HeaderMap;

/// The longest `Retry-After` that is waited for.
pub const MAX_RETRY_AFTER: Duration = Duration::from_secs(30);

/// The first retry waits up to this long; each further one up to twice as long, at most 8 s.
pub const BACKOFF_BASE: Duration = Duration::from_millis(500);

/// Full-jitter exponential backoff: a uniform wait in [0, min(cap, base·2^n)].
pub(super) struct Jitter(u64);

impl Jitter {
    pub(super) fn seeded() -> Jitter {
        let nanos = std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .map(|d| d.as_nanos() as u64)
            .unwrap_or(0);
        Jitter(nanos ^ (u64::from(std::process::id()) << 32) | 1)
    }

    fn next(&mut self) -> u64 {
        // xorshift64*: plenty for spreading retries; nothing here needs secrecy.
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_f491_4f6c_dd1d)
    }

    /// The wait before retry `attempt`: up to `base` doubled each time, at most 16 × `base`.
    pub(super) fn backoff(&mut self, attempt: u32, base: Duration) -> Duration {
        let base_ms = u64::try_from(base.as_millis()).unwrap_or(u64::MAX).max(1);
        let cap_ms = base_ms.saturating_mul(16);
        let ceiling = base_ms
            .saturating_mul(1 << attempt.saturating_sub(1).min(16))
            .min(cap_ms);
        Duration::from_millis(1 + self.next() % ceiling)
    }
}

/// `Retry-After` in seconds or as an HTTP date.
pub(super) fn retry_after(headers: &HeaderMap) -> Option<Duration> {
    let value = headers.get("retry-after")?.to_str().ok()?.trim();
    if !value.is_empty() && value.bytes().all(|b| b.is_ascii_digit()) {
        // More digits than a u64 holds is a very long wait, not no wait: saturate it.
        let secs = value.parse::<u64>().unwrap_or(u64::MAX);
        return Some(Duration::from_secs(secs));
    }
    let format = time::format_description::well_known::Rfc2822;
    let when = time::OffsetDateTime::parse(value, &format).ok()?;
    let wait = when - time::OffsetDateTime::now_utc();
    Some(Duration::try_from(wait).unwrap_or(Duration::ZERO))
}

#[cfg(test)]
mod tests {
    use super::*;
    use ureq::http::HeaderMap;

    #[test]
    fn backoff_stays_under_its_ceiling() {
        let mut j = Jitter::seeded();
        for attempt in 1..10 {
            let ceiling = (500u64 << (attempt - 1)).min(8000);
            for _ in 0..100 {
                assert!(j.backoff(attempt, BACKOFF_BASE).as_millis() as u64 <= ceiling);
            }
        }
    }

    #[test]
    fn retry_after_in_seconds() {
        let mut h = HeaderMap::new();
        h.insert("retry-after", "7".parse().unwrap());
        assert_eq!(retry_after(&h), Some(Duration::from_secs(7)));
        h.insert("retry-after", "99999999999999999999".parse().unwrap());
        assert_eq!(retry_after(&h), Some(Duration::from_secs(u64::MAX)));
    }
}
