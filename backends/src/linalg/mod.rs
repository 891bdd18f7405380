//! `numpy.linalg` and the matrix products on the host, through faer.

pub(crate) mod decompose;
pub mod eig;
pub mod eigh;
pub mod hermitian;
pub mod lu;
pub mod matmul;
pub mod products;
pub mod qr;
pub(crate) mod stack;
pub mod svd;
