//! Singular values for the comparisons' own use (never as expectations): one-sided Jacobi
//! (Hestenes) in complex128 on a copy scaled by a power of two, so entries near the ends of
//! float64's range neither overflow nor underflow. Its error is below Weyl's bound for a
//! backward-stable SVD, `8 max(m, n) eps ||A||_F`, which the comparisons add to both sides'.

use crate::lu_bound::frobenius;
use backends::element::Cf64;

/// `||a||_F` without overflow or underflow in the sum of squares.
pub(super) fn scaled_frobenius(a: &[Cf64]) -> f64 {
    let top = a
        .iter()
        .map(|z| z.re.abs().max(z.im.abs()))
        .fold(0.0, f64::max);
    if top == 0.0 || !top.is_finite() {
        return top;
    }
    let (down, up) = factors(top);
    let scaled: Vec<Cf64> = a.iter().map(|z| z * down.0 * down.1).collect();
    frobenius(&scaled) * up.0 * up.1
}

/// Two-step factors `(down, up)` that bring `top` near 1 and back when it is far from it
/// (past 2^±500, where squares leave float64's range): each step a power of two that is a
/// normal float (a single 2^1074 would overflow). Entries below `top / 2^1074` then vanish,
/// far inside the comparisons' Weyl margin of `eps * top`.
fn factors(top: f64) -> ((f64, f64), (f64, f64)) {
    if (2f64.powi(-500)..2f64.powi(500)).contains(&top) {
        return ((1.0, 1.0), (1.0, 1.0));
    }
    let e = top.log2().floor() as i32;
    let (h, rest) = (e / 2, e - e / 2);
    (
        (2f64.powi(-h), 2f64.powi(-rest)),
        (2f64.powi(h), 2f64.powi(rest)),
    )
}

/// The singular values of the row-major `m x n` matrix `a`, descending (`min(m, n)` of
/// them); `None` when an entry is not finite.
pub(crate) fn singular_values(a: &[Cf64], m: usize, n: usize) -> Option<Vec<f64>> {
    if a.iter().any(|z| !(z.re.is_finite() && z.im.is_finite())) {
        return None;
    }
    let k = m.min(n);
    let top = a
        .iter()
        .map(|z| z.re.abs().max(z.im.abs()))
        .fold(0.0, f64::max);
    if top == 0.0 {
        return Some(vec![0.0; k]);
    }
    let (down, up) = factors(top);
    let at = |i: usize, j: usize| a[i * n + j] * down.0 * down.1;
    // The columns of A, or of A^H when it is wide: min(m, n) columns to orthogonalise.
    let mut cols: Vec<Vec<Cf64>> = if m >= n {
        (0..n).map(|j| (0..m).map(|i| at(i, j)).collect()).collect()
    } else {
        (0..m)
            .map(|i| (0..n).map(|j| at(i, j).conj()).collect())
            .collect()
    };
    for _sweep in 0..100 {
        let mut rotated = false;
        for p in 0..k {
            for q in p + 1..k {
                let alpha: f64 = cols[p].iter().map(|z| z.norm_sqr()).sum();
                let beta: f64 = cols[q].iter().map(|z| z.norm_sqr()).sum();
                let gamma: Cf64 = cols[p]
                    .iter()
                    .zip(&cols[q])
                    .map(|(x, y)| x.conj() * y)
                    .sum();
                let g = gamma.norm();
                if g == 0.0 || g <= 1e-16 * (alpha * beta).sqrt() {
                    continue;
                }
                rotated = true;
                // Turn column q by gamma's phase so that the pair's inner product is real.
                let phase = (gamma / g).conj();
                let zeta = (beta - alpha) / (2.0 * g);
                let t = zeta.signum() / (zeta.abs() + (1.0 + zeta * zeta).sqrt());
                let c = 1.0 / (1.0 + t * t).sqrt();
                let s = c * t;
                let (left, right) = cols.split_at_mut(q);
                for (x, y) in left[p].iter_mut().zip(right[0].iter_mut()) {
                    let (u, v) = (*x, *y * phase);
                    *x = u * c - v * s;
                    *y = u * s + v * c;
                }
            }
        }
        if !rotated {
            break;
        }
    }
    let mut s: Vec<f64> = cols
        .iter()
        .map(|c| c.iter().map(|z| z.norm_sqr()).sum::<f64>().sqrt() * up.0 * up.1)
        .collect();
    s.sort_by(|x, y| y.total_cmp(x));
    Some(s)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn real(v: &[f64]) -> Vec<Cf64> {
        v.iter().map(|&x| Cf64::new(x, 0.0)).collect()
    }

    #[test]
    fn known_singular_values() {
        // [[1, -2], [3, 4]]: NumPy's 5.116672736016927, 1.9543950758485487.
        let s = singular_values(&real(&[1.0, -2.0, 3.0, 4.0]), 2, 2).unwrap();
        assert!((s[0] - 5.116672736016927).abs() < 1e-14);
        assert!((s[1] - 1.9543950758485487).abs() < 1e-14);
        // ones(3, 4): sqrt(12), 0, 0 (wide: the columns of A^H).
        let s = singular_values(&real(&[1.0; 12]), 3, 4).unwrap();
        assert!((s[0] - 12f64.sqrt()).abs() < 1e-14 && s[1] < 1e-15 && s.len() == 3);
        // Near the top of the range: no overflow (the tiny value is below eps * 1e300).
        let s = singular_values(&real(&[1e300, 0.0, 0.0, 1e-300]), 2, 2).unwrap();
        assert!(s[0] == 1e300 && s[1] <= 1e-300);
        let s = singular_values(&real(&[1e-300, 0.0, 0.0, 3e-300]), 2, 2).unwrap();
        assert_eq!((s[0], s[1]), (3e-300, 1e-300));
        let z = [Cf64::new(0.0, 1.0), Cf64::new(0.0, 0.0)];
        assert_eq!(singular_values(&z, 1, 2).unwrap(), vec![1.0]);
        assert!(singular_values(&real(&[f64::NAN]), 1, 1).is_none());
    }
}
