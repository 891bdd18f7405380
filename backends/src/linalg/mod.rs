//! `numpy.linalg` and the matrix products on the host, through faer.

pub mod cond;
pub mod cross;
pub(crate) mod decompose;
pub mod eig;
pub mod eigh;
pub mod einsum;
pub mod hermitian;
pub mod kron;
pub mod lstsq;
pub mod lu;
pub mod matmul;
pub mod matrix_power;
pub mod multi_dot;
pub(crate) mod nonfinite;
pub mod norms;
pub mod pinv;
pub mod products;
pub mod qr;
pub mod rank;
pub(crate) mod stack;
pub mod svd;
pub mod tensor_solve;
pub mod trace;
