//! NumPy public functions the engine declares out of its scope, each with the reason: the
//! coverage table (`reports::Coverage`) lists them as unsupported, not missing. Everything
//! else NumPy exports is either checked by a record or counted as missing.

/// `(qualified name, reason)`.
pub const OUT_OF_SCOPE: &[(&str, &str)] = &[
    ("numpy.load", IO),
    ("numpy.save", IO),
    ("numpy.savez", IO),
    ("numpy.savez_compressed", IO),
    ("numpy.loadtxt", IO),
    ("numpy.savetxt", IO),
    ("numpy.genfromtxt", IO),
    ("numpy.fromfile", IO),
    ("numpy.fromregex", IO),
    ("numpy.frompyfunc", PYTHON),
    ("numpy.vectorize", PYTHON),
    ("numpy.piecewise", PYTHON),
    ("numpy.apply_along_axis", PYTHON),
    ("numpy.apply_over_axes", PYTHON),
    ("numpy.fromiter", PYTHON),
    ("numpy.set_printoptions", PRINTING),
    ("numpy.get_printoptions", PRINTING),
    ("numpy.printoptions", PRINTING),
    ("numpy.array2string", PRINTING),
    ("numpy.array_repr", PRINTING),
    ("numpy.array_str", PRINTING),
    ("numpy.format_float_positional", PRINTING),
    ("numpy.format_float_scientific", PRINTING),
    ("numpy.show_config", PRINTING),
    ("numpy.show_runtime", PRINTING),
    ("numpy.info", PRINTING),
];

const IO: &str = "file I/O: the engine holds arrays in memory and leaves formats to other crates";
const PYTHON: &str = "calls arbitrary Python functions per element or slice: nothing to \
                      implement in a Rust engine";
const PRINTING: &str = "printing and configuration of NumPy's own text output";

/// The reason `name` is out of scope, if it is.
pub fn reason(name: &str) -> Option<&'static str> {
    OUT_OF_SCOPE
        .iter()
        .find(|(n, _)| *n == name)
        .map(|&(_, r)| r)
}
