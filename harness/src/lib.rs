//! The harness: test templates instantiated at runtime per op × device × dtype through
//! libtest-mimic, each trial comparing the engine with NumPy, and a JSON report per run.
//!
//! Trial ids are `template::op::device::dtype` (`reference::sin::cpu::float32`), so
//! `cargo test -- ::sin::` selects one op and `cargo test -- ::cpu::` one device.

pub mod compare;
pub mod devices;
pub mod fuzz;
pub mod matrix;
pub mod numpy;
pub mod outcome;
pub mod repro;
pub mod templates;
