//! The records of the products beyond `products`, in the linalg family: `kron`, `cross`,
//! `linalg.cross`, `linalg.multi_dot`, `linalg.matrix_power`, `linalg.trace` and
//! `linalg.diagonal`, with the comparisons their error analyses give (`cross_bound`,
//! `chain_bound`).

mod chain_bound;
mod cross;
mod cross_bound;
mod einsum;
mod kron;
mod matrix_power;
mod multi_dot;
mod trace;

use crate::record::OpInfo;

/// The records.
pub fn records() -> Vec<OpInfo> {
    let mut v = kron::records();
    v.extend(cross::records());
    v.extend(multi_dot::records());
    v.extend(matrix_power::records());
    v.extend(trace::records());
    v.extend(einsum::records());
    v
}
