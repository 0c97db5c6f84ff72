//! Numbers for people: `347k rps`, `912 TB`, `99.95%`, `52.5 ms`. Three
//! significant digits, the language's own suffixes, trailing zeros dropped.

/// `x` with three significant digits and no trailing zeros.
pub fn sig3(x: f64) -> String {
    sig(x, 3)
}

/// `x` with `digits` significant digits and no trailing zeros.
fn sig(x: f64, digits: i32) -> String {
    if !x.is_finite() {
        return x.to_string();
    }
    if x == 0.0 {
        return "0".into();
    }
    if x.abs() >= HUGE {
        return scientific(x, digits);
    }
    let magnitude = x.abs().log10().floor() as i32;
    let decimals = (digits - 1 - magnitude).clamp(0, 12) as usize;
    fixed(x, decimals)
}

/// Two quantities a message sets side by side, with as many digits (three
/// to six) as it takes for different values not to print alike: "receives
/// 2k rps, one replica handles 1.999k rps" rather than "2k rps" twice.
pub fn apart(a: f64, b: f64, show: fn(f64, i32) -> String) -> (String, String) {
    let mut shown = (show(a, 3), show(b, 3));
    for digits in 4..=6 {
        if shown.0 != shown.1 || a == b {
            break;
        }
        shown = (show(a, digits), show(b, digits));
    }
    shown
}

/// `x` rounded to `decimals` places, trailing zeros dropped: what
/// `format!("{x:.decimals$}")` then [`trim`] give. The standard formatter
/// rounds the exact binary value, which takes a slow bignum path for many
/// values; a report of 100,000 components formats a few hundred thousand
/// numbers. Rounding the scaled value gives the same digits whenever it is
/// clearly away from a tie: `10^decimals` is exact, so the product is within
/// half an ulp of the exact value, and the margin is several ulps (at least
/// 10⁻⁶). Near a tie, and past 2⁵² where integers stop being exact, the
/// standard formatter decides. Availability percentages need the large
/// range: 99.9999999% is printed with eight decimals.
fn fixed(x: f64, decimals: usize) -> String {
    let scaled = x * 10f64.powi(decimals as i32);
    let floor = scaled.floor();
    let fraction = scaled - floor;
    let margin = (8.0 * f64::EPSILON * scaled).max(1e-6);
    // From 2⁵³ up every f64 is a whole number, which `u128` holds exactly
    // (a capacity estimate can reach zettabytes).
    if decimals == 0 && (9.1e15..3.4e38).contains(&x) {
        return (x as u128).to_string();
    }
    if !(x > 0.0 && scaled < 4e15 && (fraction - 0.5).abs() > margin) {
        return trim(format!("{x:.decimals$}"));
    }
    let units = (if fraction > 0.5 { floor + 1.0 } else { floor }) as u64;
    let mut digits = units.to_string();
    if decimals == 0 {
        return digits;
    }
    if digits.len() <= decimals {
        digits.insert_str(0, &"0".repeat(decimals + 1 - digits.len()));
    }
    digits.insert(digits.len() - decimals, '.');
    trim(digits)
}

fn trim(s: String) -> String {
    if s.contains('.') {
        s.trim_end_matches('0').trim_end_matches('.').to_string()
    } else {
        s
    }
}

/// From here on a number is written `3.46e17`: its whole digits would be
/// noise, and printing them exactly takes the slow bignum path. Fan-out
/// through a cyclic design really does reach such numbers (`10^180 rps`).
const HUGE: f64 = 1e15;

/// `x` in scientific notation with `digits` significant digits: `3.46e180`.
fn scientific(x: f64, digits: i32) -> String {
    let text = format!("{:.*e}", (digits.max(1) - 1) as usize, x);
    match text.split_once('e') {
        Some((mantissa, exponent)) if mantissa.contains('.') => {
            format!("{}e{exponent}", mantissa.trim_end_matches('0').trim_end_matches('.'))
        }
        _ => text,
    }
}

/// A whole number such as a count of servers: exact while that means
/// something, scientific past [`HUGE`].
pub fn whole(x: f64) -> String {
    if x.is_finite() && x.abs() < HUGE {
        fixed(x.round(), 0)
    } else {
        sig(x, 3)
    }
}

/// A value scaled to the largest unit it reaches, rounding included.
fn scaled(x: f64, base: f64, units: &[&str], digits: i32) -> String {
    // A million of the largest unit reads better as `3.46e180 rps` than as
    // `3460…0bn rps`.
    let largest = base.powi(units.len().saturating_sub(1) as i32);
    if x.is_finite() && x.abs() >= largest * 1e6 {
        return format!("{}{}", scientific(x, digits), units.first().copied().unwrap_or_default());
    }
    let mut i = 0;
    while i + 1 < units.len() && x.abs() >= base.powi(i as i32 + 1) {
        i += 1;
    }
    let mut mantissa = sig(x / base.powi(i as i32), digits);
    // 999.7 rounds to 1000: say 1k instead.
    if i + 1 < units.len() && mantissa.parse::<f64>().is_ok_and(|m| m.abs() >= base) {
        i += 1;
        mantissa = sig(x / base.powi(i as i32), digits);
    }
    let unit = units.get(i).copied().unwrap_or_default();
    if unit.is_empty() {
        mantissa
    } else {
        format!("{mantissa}{unit}")
    }
}

/// A count: `3.3M`, `20k`, `7`.
pub fn count(x: f64) -> String {
    count_to(x, 3)
}

fn count_to(x: f64, digits: i32) -> String {
    scaled(x, 1000.0, &["", "k", "M", "bn"], digits)
}

/// Requests per second: `347k rps`.
pub fn rate(x: f64) -> String {
    rate_to(x, 3)
}

/// [`rate`] with `digits` significant digits (for [`apart`]).
pub fn rate_to(x: f64, digits: i32) -> String {
    format!("{} rps", count_to(x, digits))
}

/// Bytes in powers of 1000: `912 TB`.
pub fn size(bytes: f64) -> String {
    size_to(bytes, 3)
}

/// [`size`] with `digits` significant digits (for [`apart`]).
pub fn size_to(bytes: f64, digits: i32) -> String {
    scaled(bytes, 1000.0, &[" B", " KB", " MB", " GB", " TB", " PB", " EB"], digits)
}

/// Seconds: `52.5 ms`, `2 s`, `5 y`.
pub fn duration(s: f64) -> String {
    duration_to(s, 3)
}

/// [`duration`] with `digits` significant digits (for [`apart`]).
pub fn duration_to(s: f64, digits: i32) -> String {
    // (from, unit, name): sub-millisecond hops still read best in ms (`0.5 ms`).
    const UNITS: &[(f64, f64, &str)] = &[
        (365.0 * 86_400.0, 365.0 * 86_400.0, "y"),
        (86_400.0, 86_400.0, "d"),
        (3_600.0, 3_600.0, "h"),
        (60.0, 60.0, "min"),
        (1.0, 1.0, "s"),
        (1e-4, 1e-3, "ms"),
    ];
    for &(from, unit, name) in UNITS {
        if s >= from {
            return format!("{} {name}", sig(s / unit, digits));
        }
    }
    if s == 0.0 {
        return "0 ms".into();
    }
    format!("{} µs", sig(s * 1e6, digits))
}

/// A fraction as a percentage with two significant digits of what is missing
/// to 100%: `99.95%`, `99.989%`, `90%`.
pub fn percent(a: f64) -> String {
    percent_to(a, 3)
}

/// [`percent`] for [`apart`]: `digits` 3 is the usual two significant
/// digits of what is missing, and each digit more shows one more.
pub fn percent_to(a: f64, digits: i32) -> String {
    if a >= 1.0 {
        return "100%".into();
    }
    let missing = (1.0 - a) * 100.0;
    let decimals = (digits - 2 - missing.log10().floor() as i32).clamp(0, 12) as usize;
    format!("{}%", fixed(a * 100.0, decimals))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn humanised() {
        assert_eq!(rate(347_222.2), "347k rps");
        assert_eq!(rate(2314.81), "2.31k rps");
        assert_eq!(rate(999.7), "1k rps");
        assert_eq!(rate(6.944), "6.94 rps");
        assert_eq!(rate(0.0), "0 rps");
        assert_eq!(count(3_300_000.0), "3.3M");
        assert_eq!(size(912e12), "912 TB");
        assert_eq!(size(500.0), "500 B");
        assert_eq!(size(1.5e9), "1.5 GB");
        assert_eq!(duration(0.0525), "52.5 ms");
        assert_eq!(duration(0.0005), "0.5 ms");
        assert_eq!(duration(2.0), "2 s");
        assert_eq!(duration(5.0 * 365.0 * 86_400.0), "5 y");
        assert_eq!(percent(0.9995), "99.95%");
        assert_eq!(percent(0.99989), "99.989%");
        assert_eq!(percent(0.9), "90%");
        assert_eq!(percent(1.0), "100%");
    }

    #[test]
    fn thresholds_and_values_near_them_print_apart() {
        assert_eq!(apart(0.999499, 0.9995, percent_to), ("99.9499%".into(), "99.95%".into()));
        assert_eq!(apart(0.998001, 0.9980011, percent_to), ("99.8001%".into(), "99.80011%".into()));
        assert_eq!(apart(0.10195, 0.1019, duration_to), ("102 ms".into(), "101.9 ms".into()));
        assert_eq!(apart(0.0415, 0.04149, duration_to), ("41.5 ms".into(), "41.49 ms".into()));
        assert_eq!(percent_to(0.9995, 3), percent(0.9995));
    }

    #[test]
    fn huge_numbers_are_scientific() {
        assert_eq!(rate(3.4562e180), "3.46e180 rps");
        assert_eq!(rate(999_999e9), "999999bn rps");
        assert_eq!(rate(999_000e9), "999000bn rps");
        assert_eq!(count(2e24), "2e24");
        assert_eq!(size(1.5e26), "1.5e26 B");
        assert_eq!(size(912e18), "912 EB");
        assert_eq!(sig3(1.23456e15), "1.23e15");
        assert_eq!(whole(18.0), "18");
        assert_eq!(whole(999_999_999_999_999.0), "999999999999999");
        assert_eq!(whole(7.150419059925616e179), "7.15e179");
        assert_eq!(whole(f64::INFINITY), "inf");
    }

    #[test]
    fn values_set_side_by_side_do_not_print_alike() {
        assert_eq!(apart(2000.0, 1999.0, rate_to), ("2k rps".into(), "1.999k rps".into()));
        assert_eq!(apart(365e9, 364.9e9, size_to), ("365 GB".into(), "364.9 GB".into()));
        assert_eq!(apart(3000.0, 2000.0, rate_to), ("3k rps".into(), "2k rps".into()));
        assert_eq!(apart(2000.0, 2000.0, rate_to), ("2k rps".into(), "2k rps".into()));
    }

    /// The standard formatter's digits, for comparison.
    fn reference(x: f64, decimals: usize) -> String {
        trim(format!("{x:.decimals$}"))
    }

    #[test]
    fn fixed_gives_the_standard_formatters_digits_at_ties_and_edges() {
        for (x, d) in [
            (0.125, 2),
            (0.375, 2),
            (2.5, 0),
            (3.5, 0),
            (1.005, 2),
            (2.675, 2),
            (999.5, 0),
            (99.95, 1),
            (0.0005, 3),
            (123456789.5, 0),
            (1e-12, 12),
            (9.1e15, 0),
            (2f64.powi(100) + 2f64.powi(60), 0),
            (3.3e38, 0),
            (-1.25, 1),
            (0.0, 2),
        ] {
            assert_eq!(fixed(x, d), reference(x, d), "{x} to {d} places");
        }
    }

    proptest::proptest! {
        #[test]
        fn fixed_gives_the_standard_formatters_digits(mantissa in 1u64..1_000_000_000, exponent in -14i32..12, d in 0usize..13) {
            let x = mantissa as f64 * 10f64.powi(exponent);
            proptest::prop_assert_eq!(fixed(x, d), reference(x, d));
        }

        #[test]
        fn percent_digits_match_the_standard_formatter(nines in 1u32..13, rest in 0.0f64..1.0) {
            // 99.9…% with up to twelve nines and any digits after them.
            let missing = 10f64.powi(-(nines as i32)) * (1.0 - rest);
            let x = 100.0 - 100.0 * missing;
            let d = (1 - (100.0 - x).log10().floor() as i32).clamp(0, 12) as usize;
            proptest::prop_assert_eq!(fixed(x, d), reference(x, d));
        }

        #[test]
        fn sig3_matches_the_standard_formatter(bits in 1u64..0x7fef_ffff_ffff_ffff) {
            let x = f64::from_bits(bits);
            proptest::prop_assume!(x < HUGE);
            let decimals = (2 - x.log10().floor() as i32).clamp(0, 12) as usize;
            proptest::prop_assert_eq!(sig3(x), reference(x, decimals));
        }
    }
}
