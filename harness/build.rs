//! The matrix binary embeds CPython through `reference`; without an rpath the loader picks the
//! system libpython over the one pyo3 was built against (see shared/DESIGN.md).
fn main() {
    pyo3_build_config::add_libpython_rpath_link_args();
}
