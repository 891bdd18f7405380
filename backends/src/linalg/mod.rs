//! `numpy.linalg` and the matrix products on the host, through faer.

pub mod matmul;
pub mod products;
