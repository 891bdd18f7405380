//! Ops: the ufunc machinery, loop tables, kernels per op family, casts and views.

pub mod astype;
pub(crate) mod compose;
pub mod fft;
pub mod fftfreq;
pub mod fftn;
pub mod kernels;
pub mod loops;
pub mod methods;
pub mod multi;
pub mod reduce;
pub mod registry;
pub mod roll;
pub mod rounding;
pub mod scalars;
pub mod ufunc;
pub mod view;

pub use registry::{loops_of, ufunc, ufuncs};
pub use ufunc::{Arg, Loop, Ufunc};
