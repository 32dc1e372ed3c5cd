//! Sizes, times and rates as a person reads them. A value that is not what the field should
//! hold (a string for a size, a negative time) is shown as it came, sanitised.

use bytesize::ByteSize;
use time::OffsetDateTime;
use time::format_description::well_known::Rfc3339;

use crate::hints::MEMORY_PLAUSIBLE_MIB;
use crate::model::{Field, Scalar};
use crate::render::{MISSING, text};

/// Memory below this is taken to be in MiB, from it on in bytes: one rule, kept with the hints
/// that read it too (`min-spec`).
pub use crate::hints::MEMORY_BYTES_FROM;

/// A byte count in IEC units (`1.5 GiB`), or the raw count with `--bytes`.
pub fn size(f: &Field, raw: bool) -> String {
    match f.as_ref().and_then(Scalar::as_u64) {
        Some(n) => bytes(n, raw),
        None => text(f),
    }
}

fn bytes(n: u64, raw: bool) -> String {
    if raw {
        n.to_string()
    } else {
        ByteSize(n).display().iec().to_string()
    }
}

/// Memory, with the unit rule of [`MEMORY_BYTES_FROM`]; says so when it read MiB.
pub fn memory(f: &Field, raw: bool) -> String {
    match f.as_ref().and_then(Scalar::as_u64) {
        Some(n) if n < MEMORY_PLAUSIBLE_MIB => {
            format!("{n} (implausible: under 128 MiB whether read as bytes or as MiB)")
        }
        Some(n) if n >= MEMORY_BYTES_FROM => bytes(n, raw),
        Some(mib) => match mib.checked_mul(1024 * 1024) {
            Some(b) => format!("{} (reported as {mib} MiB)", bytes(b, raw)),
            None => text(f),
        },
        None => text(f),
    }
}

/// An SMS timestamp (milliseconds since the epoch) in RFC 3339, UTC.
pub fn time(f: &Field) -> String {
    let Some(ms) = f.as_ref().and_then(Scalar::as_u64) else {
        return text(f);
    };
    i128::from(ms)
        .checked_mul(1_000_000)
        .and_then(|ns| OffsetDateTime::from_unix_timestamp_nanos(ns).ok())
        .and_then(|t| t.format(&Rfc3339).ok())
        .unwrap_or_else(|| text(f))
}

/// `replicated / total (percent)`.
pub fn progress(replicated: &Field, total: &Field, raw: bool) -> String {
    if replicated.is_none() && total.is_none() {
        return MISSING.to_owned();
    }
    let mut line = format!("{} / {}", size(replicated, raw), size(total, raw));
    let r = replicated.as_ref().and_then(Scalar::as_u64);
    let t = total.as_ref().and_then(Scalar::as_u64);
    if let (Some(r), Some(t)) = (r, t)
        && t > 0
    {
        line.push_str(&format!(" ({:.1}%)", percent(r, t)));
    }
    line
}

pub fn percent(replicated: u64, total: u64) -> f64 {
    (replicated as f64 / total as f64 * 100.0).clamp(0.0, 100.0)
}

/// A number with its unit, or the value as it came when it is not a number.
pub fn with_unit(f: &Field, unit: &str) -> String {
    match f.as_ref().and_then(Scalar::as_f64) {
        Some(n) => format!("{n} {unit}"),
        None => text(f),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn u(n: u64) -> Field {
        Some(Scalar::UInt(n))
    }

    #[test]
    fn sizes_are_iec_or_raw() {
        assert_eq!(size(&u(42949672960), false), "40.0 GiB");
        assert_eq!(size(&u(42949672960), true), "42949672960");
        assert_eq!(size(&None, false), "-");
        assert_eq!(
            size(&Some(Scalar::Str("big\x1b".into())), false),
            "big\\x1b"
        );
    }

    #[test]
    fn memory_reads_bytes_or_mib() {
        assert_eq!(memory(&u(2146553856), false), "2.0 GiB");
        assert_eq!(memory(&u(2048), false), "2.0 GiB (reported as 2048 MiB)");
        assert_eq!(memory(&u(2048), true), "2147483648 (reported as 2048 MiB)");
        assert_eq!(memory(&u(128), false), "128.0 MiB (reported as 128 MiB)");
        for n in [0, 4, 127] {
            assert!(memory(&u(n), false).contains("implausible"), "{n}");
        }
    }

    #[test]
    fn times_are_rfc3339() {
        assert_eq!(time(&u(1598435769000)), "2020-08-26T09:56:09Z");
        assert_eq!(time(&u(1598435768945)), "2020-08-26T09:56:08.945Z");
        assert_eq!(time(&u(u64::MAX)), u64::MAX.to_string());
        assert_eq!(time(&Some(Scalar::Int(-1))), "-1");
    }

    #[test]
    fn progress_has_a_percentage() {
        assert_eq!(progress(&u(512), &u(1024), true), "512 / 1024 (50.0%)");
        assert_eq!(progress(&u(0), &u(0), true), "0 / 0");
        assert_eq!(progress(&None, &None, true), "-");
    }
}
