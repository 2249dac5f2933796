//! Exact splits of an amount in minor units: nothing lost, nothing invented.

/// `amount * bp / 10_000` rounded half away from zero (basis points: 3500 =
/// 35 %). The rest of `amount` stays with whoever keeps the remainder, so
/// the two parts always sum to `amount`.
pub fn share_of(amount: i64, bp: i32) -> i64 {
    let num = i128::from(amount) * i128::from(bp);
    let half = if num >= 0 { 5_000 } else { -5_000 };
    let q = (num + half) / 10_000;
    i64::try_from(q).unwrap_or(if q > 0 { i64::MAX } else { i64::MIN })
}

/// Splits `total` among parties by `weights` with the largest remainder
/// method: each gets the floor of its exact share, and the minor units left
/// over go one each to the largest fractional remainders (ties to the
/// earlier party). The parts sum to `total` exactly; a negative total is
/// split as the negation of the positive split. Weights must be positive;
/// an empty or all-zero list gives an empty split.
pub fn largest_remainder(total: i64, weights: &[i64]) -> Vec<i64> {
    let sum: i128 = weights.iter().map(|w| i128::from((*w).max(0))).sum();
    if weights.is_empty() || sum == 0 {
        return Vec::new();
    }
    if total < 0 {
        return largest_remainder_abs(-(i128::from(total)), weights, sum)
            .into_iter()
            .map(|p| i64::try_from(-p).unwrap_or(i64::MIN))
            .collect();
    }
    largest_remainder_abs(i128::from(total), weights, sum)
        .into_iter()
        .map(|p| i64::try_from(p).unwrap_or(i64::MAX))
        .collect()
}

fn largest_remainder_abs(total: i128, weights: &[i64], sum: i128) -> Vec<i128> {
    let mut parts = Vec::with_capacity(weights.len());
    let mut rems = Vec::with_capacity(weights.len());
    let mut given = 0i128;
    for (i, w) in weights.iter().enumerate() {
        let exact = total * i128::from((*w).max(0));
        let floor = exact / sum;
        given += floor;
        parts.push(floor);
        rems.push((exact % sum, i));
    }
    // Largest remainder first; equal remainders in party order.
    rems.sort_by(|a, b| b.0.cmp(&a.0).then(a.1.cmp(&b.1)));
    let mut left = total - given;
    for (_, i) in rems {
        if left == 0 {
            break;
        }
        parts[i] += 1;
        left -= 1;
    }
    parts
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn examples() {
        assert_eq!(largest_remainder(100, &[1, 1, 1]), vec![34, 33, 33]);
        assert_eq!(largest_remainder(-100, &[1, 1, 1]), vec![-34, -33, -33]);
        assert_eq!(largest_remainder(10, &[1, 2]), vec![3, 7]);
        assert_eq!(largest_remainder(0, &[5, 5]), vec![0, 0]);
        assert!(largest_remainder(10, &[]).is_empty());
        assert_eq!(share_of(10_000, 3_500), 3_500);
        assert_eq!(share_of(999, 3_500), 350); // 349.65 -> 350
        assert_eq!(share_of(1, 5_000), 1); // half away from zero
        assert_eq!(share_of(-1, 5_000), -1);
    }

    proptest! {
        #[test]
        fn splits_sum_exactly(total in -1_000_000_000_000i64..1_000_000_000_000, weights in prop::collection::vec(1i64..10_000, 1..12)) {
            let parts = largest_remainder(total, &weights);
            prop_assert_eq!(parts.len(), weights.len());
            prop_assert_eq!(parts.iter().map(|p| i128::from(*p)).sum::<i128>(), i128::from(total));
            // Each part is within one minor unit of its exact share.
            let sum: i128 = weights.iter().map(|w| i128::from(*w)).sum();
            for (p, w) in parts.iter().zip(&weights) {
                let exact = i128::from(total) * i128::from(*w);
                let diff = i128::from(*p) * sum - exact;
                prop_assert!(diff.abs() < sum, "part {} weight {} off by {}/{}", p, w, diff, sum);
            }
        }

        #[test]
        fn shares_leave_the_rest(amount in -1_000_000_000_000i64..1_000_000_000_000, bp in 0i32..=10_000) {
            let s = share_of(amount, bp);
            let exact = i128::from(amount) * i128::from(bp);
            prop_assert!((i128::from(s) * 10_000 - exact).abs() <= 5_000);
            prop_assert_eq!(i128::from(s) + i128::from(amount - s), i128::from(amount));
        }
    }
}
