//! Build script of the NumPy oracle.
//!
//! pyo3 links `-lpython3.x` without an rpath, so at run time the loader may pick the system
//! libpython (e.g. Debian's 3.11.2) instead of the one pyo3 was configured against (pyenv's),
//! and the embedded interpreter then runs a different stdlib than the venv was built for.
//! `add_libpython_rpath_link_args` embeds the right directory as an rpath.
//!
//! NOTE: rpath link arguments only apply to binaries linked *by this crate* (its tests,
//! examples, benches). Any other crate whose test binaries or executables link pyo3 through
//! `reference` (e.g. the harness) needs a `build.rs` with the same
//! `pyo3_build_config::add_libpython_rpath_link_args();` line.

fn main() {
    pyo3_build_config::add_libpython_rpath_link_args();
    // The interpreter pyo3 built against: the venv must be created from the same one, or its
    // compiled extensions (NumPy) would not load in the embedded interpreter.
    let cfg = pyo3_build_config::get();
    if let Some(exe) = cfg.executable() {
        println!("cargo:rustc-env=REFERENCE_BUILD_PYTHON={exe}");
    }
    println!(
        "cargo:rustc-env=REFERENCE_BUILD_PYTHON_VERSION={}.{}",
        cfg.version().major,
        cfg.version().minor
    );
    println!("cargo:rerun-if-changed=build.rs");
}
