//! Sizes, times and rates as a person reads them. A value that is not what the field should
//! hold (a string for a size, a negative time) is shown as it came, sanitised.

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
    if raw { n.to_string() } else { iec(n) }
}

/// `n` bytes in the largest IEC unit under which it is at least 1, to one decimal (`1.5 GiB`,
/// `512 B`). The decimal is that of the value as a 64-bit float (as `{:.1}` writes it,
/// ties to even), worked out in integers: a report writes one per partition and volume, and
/// float formatting was a tenth of drawing a large table. Tested against the `bytesize`
/// crate, which it replaced.
fn iec(n: u64) -> String {
    const PREFIXES: [char; 6] = ['K', 'M', 'G', 'T', 'P', 'E'];
    if n < 1024 {
        return format!("{n} B");
    }
    // What a float holds of `n` (n rounded to 53 bits), as an exact integer up to 2^64.
    let whole = (n as f64) as u128;
    let exp = ((127 - whole.leading_zeros()) / 10) as usize;
    let shift = 10 * exp as u32;
    let tenths = whole * 10;
    let (mut q, rest) = (tenths >> shift, tenths & ((1u128 << shift) - 1));
    let half = 1u128 << (shift - 1);
    if rest > half || (rest == half && q % 2 == 1) {
        q += 1;
    }
    // q is at most 10,240: four or five digits, the last after the point.
    let q = q as u32;
    let mut out = String::with_capacity(12);
    let whole = q / 10;
    for d in [10_000, 1_000, 100, 10, 1] {
        if whole >= d || d == 1 {
            out.push(char::from(b'0' + (whole / d % 10) as u8));
        }
    }
    out.push('.');
    out.push(char::from(b'0' + (q % 10) as u8));
    out.push(' ');
    out.push(PREFIXES[exp - 1]);
    out.push_str("iB");
    out
}

/// A percentage to a whole number (`37%`), rounded as `{:.0}` rounds (ties to even), without
/// float formatting.
pub fn whole_percent(replicated: u64, total: u64) -> String {
    format!("{}%", percent(replicated, total).round_ties_even() as u64)
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
    use proptest::prelude::*;

    proptest! {
        #[test]
        fn sizes_are_written_as_bytesize_writes_them(n in any::<u64>(), small in 0u64..1 << 24) {
            for n in [n, small, n >> 20, n >> 40] {
                prop_assert_eq!(iec(n), bytesize::ByteSize(n).display().iec().to_string());
            }
        }

        #[test]
        fn whole_percents_are_written_as_format_writes_them(u in any::<u64>(), t in 1u64..) {
            prop_assert_eq!(whole_percent(u, t), format!("{:.0}%", percent(u, t)));
            let t = t % 10_000 + 1;
            let u = u % (t + 1);
            prop_assert_eq!(whole_percent(u, t), format!("{:.0}%", percent(u, t)));
        }
    }

    #[test]
    fn sizes_at_the_unit_edges() {
        for e in 1..=6u32 {
            let unit = 1u128 << (10 * e);
            for n in [
                unit - 1,
                unit,
                unit + 1,
                unit * 1023 + unit / 2,
                unit * 1024 - 1,
            ] {
                let n = u64::try_from(n).unwrap_or(u64::MAX);
                assert_eq!(
                    iec(n),
                    bytesize::ByteSize(n).display().iec().to_string(),
                    "{n}"
                );
            }
        }
        assert_eq!(iec(u64::MAX), "16.0 EiB");
        assert_eq!(iec(1536), "1.5 KiB");
        assert_eq!(iec(1023), "1023 B");
        assert_eq!(whole_percent(1, 8), "12%");
        assert_eq!(whole_percent(3, 8), "38%");
    }

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
