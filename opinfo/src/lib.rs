//! The OpInfo registry: per-op records (dtypes per device, sample/reference/error inputs,
//! tolerances) plus the skip, expected-failure and principled-divergence tables.

pub mod ops;
pub mod record;
pub mod rng;
pub mod samples;
pub mod skips;
pub mod tolerance;

pub use ops::registry;
pub use record::{Domain, OpInfo, Tol, Variants};
pub use skips::{DEVICE_TYPES, TEMPLATES};
