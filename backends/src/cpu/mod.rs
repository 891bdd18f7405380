//! CPU kernels: the strided walker, gather/scatter and the n-ary map loops every ufunc uses.

pub mod alloc;
pub mod backend;
pub mod map;
pub mod walk;

pub use map::{cast_one, gather, map1, map2, map3, scatter_cast, PAR_CHUNK, PAR_THRESHOLD};
