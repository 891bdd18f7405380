//! Element counts and byte sizes with NumPy's overflow rules, so that no shape whose size
//! overflows can exist and no allocation is attempted that NumPy would refuse.
//!
//! NumPy refuses a new array (a view too) when `itemsize` times the product of its non-zero
//! dimensions exceeds `intp`'s maximum (`PyArray_NewFromDescr`: "array is too big"), and an
//! iteration whose element count overflows `intp` ("iterator is too large"); both are
//! `ValueError`. An allocation that fails is `MemoryError`.

use crate::dtype::DType;
use crate::error::{Error, Result};

/// The largest byte size of an array: `isize::MAX` (NumPy's `NPY_MAX_INTP`).
pub const MAX_BYTES: usize = isize::MAX as usize;

/// The element count of `shape` when an array of it with `itemsize`-byte elements may exist
/// (NumPy's rule above), else [`Error::TooBig`].
pub fn check_nbytes(op: &'static str, shape: &[usize], itemsize: usize) -> Result<usize> {
    let too_big = || Error::TooBig {
        op,
        shape: shape.to_vec(),
    };
    // Zero dimensions are skipped, as NumPy does: (0, 2**62, 8) of float64 is still too big.
    let mut bytes = itemsize.max(1);
    for &d in shape.iter().filter(|&&d| d != 0) {
        bytes = bytes
            .checked_mul(d)
            .filter(|&b| b <= MAX_BYTES)
            .ok_or_else(too_big)?;
    }
    Ok(if shape.contains(&0) {
        0
    } else {
        bytes / itemsize.max(1)
    })
}

/// The element count of `shape`, or [`Error::TooBig`] when it overflows (NumPy's "iterator is
/// too large"): for layouts, which know no itemsize.
pub fn checked_numel(op: &'static str, shape: &[usize]) -> Result<usize> {
    check_nbytes(op, shape, 1)
}

/// A byte count as NumPy's MemoryError prints it: three significant digits and a binary unit
/// (`8.00 TiB`, `128. TiB`, `1.00 EiB`).
pub fn format_bytes(bytes: usize) -> String {
    const UNITS: [&str; 7] = ["bytes", "KiB", "MiB", "GiB", "TiB", "PiB", "EiB"];
    let (mut v, mut unit) = (bytes as f64, 0);
    while v >= 1024.0 && unit + 1 < UNITS.len() {
        v /= 1024.0;
        unit += 1;
    }
    if unit == 0 {
        return format!("{bytes} bytes");
    }
    let digits = if v >= 100.0 {
        format!("{v:.0}.")
    } else if v >= 10.0 {
        format!("{v:.1}")
    } else {
        format!("{v:.2}")
    };
    format!("{digits} {}", UNITS[unit])
}

/// The error for an allocation of `n` elements of `dtype` for `shape` that failed.
pub fn memory_error(op: &'static str, shape: &[usize], dtype: DType) -> Error {
    let bytes = shape
        .iter()
        .try_fold(dtype.itemsize(), |b, &d| b.checked_mul(d))
        .unwrap_or(usize::MAX);
    Error::Memory {
        op,
        size: format_bytes(bytes),
        shape: shape.to_vec(),
        dtype,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numpy_size_rule() {
        assert_eq!(check_nbytes("t", &[2, 3], 8), Ok(6));
        assert_eq!(check_nbytes("t", &[], 8), Ok(1));
        assert_eq!(check_nbytes("t", &[0, 5], 8), Ok(0));
        // 2**60 float64 elements are 2**63 bytes, one more than the maximum.
        assert!(check_nbytes("t", &[1 << 60], 8).is_err());
        assert_eq!(check_nbytes("t", &[(1 << 60) - 1], 8), Ok((1 << 60) - 1));
        assert!(check_nbytes("t", &[1 << 62, 8], 8).is_err());
        // Zero dimensions do not hide an overflow of the others (NumPy: ValueError).
        assert!(check_nbytes("t", &[0, 1 << 62, 8], 8).is_err());
        assert!(check_nbytes("t", &[1 << 62, 4], 1).is_err());
        assert_eq!(checked_numel("t", &[1 << 62, 1]), Ok(1 << 62));
        assert!(checked_numel("t", &[1 << 62, 2]).is_err());
    }

    #[test]
    fn bytes_print_as_numpy() {
        assert_eq!(format_bytes(1 << 43), "8.00 TiB");
        assert_eq!(format_bytes(1 << 47), "128. TiB");
        assert_eq!(format_bytes(1 << 60), "1.00 EiB");
        assert_eq!(format_bytes(4 << 60), "4.00 EiB");
        assert_eq!(format_bytes(15 << 30), "15.0 GiB");
        assert_eq!(format_bytes(100), "100 bytes");
    }
}
