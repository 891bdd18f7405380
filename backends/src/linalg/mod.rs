//! `numpy.linalg` and the matrix products on the host, through faer.

pub mod cond;
pub mod hermitian;
pub mod lu;
pub mod matmul;
pub(crate) mod nonfinite;
pub mod norms;
pub mod products;
pub mod rank;
pub(crate) mod stack;
