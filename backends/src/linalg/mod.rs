//! `numpy.linalg` and the matrix products on the host, through faer.

pub mod hermitian;
pub mod lu;
pub mod matmul;
pub mod products;
pub(crate) mod stack;
