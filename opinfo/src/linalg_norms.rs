//! The records of `linalg.vector_norm`, `linalg.matrix_norm`, `linalg.norm`,
//! `linalg.matrix_rank` and `linalg.cond`: every order (2, 1, inf, -inf, 0, negative,
//! fractional and large p for vectors; 'fro', 'nuc', ±1, ±2, ±inf for matrices), every axis
//! form (None, an int, tuples, keepdims) and `norm`'s dispatch between them; stacks, empty
//! shapes, strided views, squares that overflow and underflow (NumPy does not scale), inf,
//! NaN and the integer limits; thresholds of `matrix_rank` (default, `tol`, `rtol`, arrays
//! of them, `hermitian`); singular and ill-conditioned matrices for `cond`. Compared within
//! the error analysis of NumPy's algorithms ([`compare`]).
//!
//! float16 is accepted where NumPy accepts it (the norms computed by ufuncs and reductions;
//! not the SVD, so not `matrix_rank`, `cond`, or the ±2 and 'nuc' norms).

mod bounds;
mod calls;
mod checks;
mod compare;
mod inputs;
pub(crate) mod jacobi;
mod rank_inputs;

use crate::linalg_lu::record;
use crate::record::{ErrorGen, Gen, Gens, OpInfo, Precision};
use backends::DType;

/// A record's generators.
fn gens(sample: Gen, extremal: Gen, errors: ErrorGen, result_dtype: Gen) -> Gens {
    Gens {
        sample,
        noncontiguous: inputs::noncontiguous,
        broadcasting: sample,
        extremal,
        errors,
        result_dtype,
        extra: Vec::new(),
    }
}

/// The norm, rank and condition-number records.
pub fn records() -> Vec<OpInfo> {
    let mut v = vec![
        record(
            "linalg.vector_norm",
            1,
            calls::vector_norm,
            gens(
                inputs::vector_norm_samples,
                inputs::vector_extremal,
                checks::vector_norm_errors,
                checks::vector_norm_dtypes,
            ),
            compare::vector_norm,
        ),
        record(
            "linalg.matrix_norm",
            1,
            calls::matrix_norm,
            gens(
                inputs::matrix_norm_samples,
                inputs::matrix_extremal,
                checks::matrix_norm_errors,
                checks::matrix_norm_dtypes,
            ),
            compare::matrix_norm,
        ),
        record(
            "linalg.norm",
            1,
            calls::norm,
            gens(
                inputs::norm_samples,
                inputs::norm_extremal,
                checks::norm_errors,
                checks::norm_dtypes,
            ),
            compare::norm,
        ),
        record(
            "linalg.matrix_rank",
            1,
            calls::matrix_rank,
            gens(
                rank_inputs::matrix_rank_samples,
                rank_inputs::matrix_rank_extremal,
                checks::matrix_rank_errors,
                checks::matrix_rank_dtypes,
            ),
            compare::matrix_rank,
        ),
        record(
            "linalg.cond",
            1,
            calls::cond,
            gens(
                rank_inputs::cond_samples,
                rank_inputs::cond_extremal,
                checks::cond_errors,
                checks::cond_dtypes,
            ),
            compare::cond,
        ),
    ];
    for r in &mut v {
        r.precision = Precision::Tol(
            "a norm's rounding depends on its summation order and its SVD: compared within \
             the error analysis of NumPy's algorithm (see opinfo::linalg_norms)",
        );
        if matches!(
            r.name,
            "linalg.vector_norm" | "linalg.matrix_norm" | "linalg.norm"
        ) {
            r.dtypes = vec![("cpu", DType::ALL.to_vec())];
        }
    }
    v
}
