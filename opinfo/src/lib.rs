//! The OpInfo registry: per-op records (dtypes per device, sample/reference/error inputs,
//! tolerances) plus the skip, expected-failure and principled-divergence tables.

pub mod case;
pub mod case_divergences;
pub mod casts;
pub mod dot_bound;
pub mod factor_bound;
pub mod fft;
mod fft_identities;
pub mod fftfreq;
pub mod fftn;
pub mod fftshift;
mod identities;
pub mod kwargs;
pub mod linalg_eig;
pub mod linalg_hermitian;
pub mod linalg_lstsq;
pub mod linalg_lu;
pub mod linalg_norms;
pub mod linalg_svd;
pub mod linalg_tensor;
pub mod lu_bound;
pub mod ops;
pub mod out_of_scope;
pub mod products;
pub mod products_extra;
pub mod record;
pub mod reduction_bounds;
pub mod reduction_inputs;
pub mod reductions;
pub mod regressions;
pub mod rng;
pub mod rounding;
pub mod samples;
pub mod skips;
pub mod statistics;
pub mod tolerance;
pub mod ufunc_inputs;
pub mod ufunc_methods;
pub mod ulp;
pub mod views;

pub use case::Case;
pub use kwargs::Kw;
pub use ops::registry;
pub use record::{
    Accuracy, Compare, Domain, Family, Gens, Identity, OpInfo, Precision, Reference, Tol, Variants,
};
pub use samples::Sample;
pub use skips::{DEVICE_TYPES, TEMPLATES};
