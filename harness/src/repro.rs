//! Repro bundles: for a failing trial, the failing sample's operands as `.npy` files and a
//! `repro.py` that makes NumPy's side of the call exactly as the oracle made it (bfloat16
//! widened to float32 as the module doc of [`crate::numpy`] says), beside the cargo command
//! that reruns the engine's side.

use crate::numpy;
use opinfo::{OpInfo, Sample};
use reference::Value;
use std::path::{Path, PathBuf};

/// Environment variable: the folder under which bundles are written, one sub-folder per trial
/// (the supervisor sets it to `repro/` beside the report).
pub const REPRO_DIR_ENV: &str = "OPINFO_REPRO_DIR";

/// Writes the bundle (Python side: `np.save` of every array, the rest as literals).
const WRITER: &str = r##"(lambda g: (exec('''
def write(__dir, __fn, __id, __limit, *args, **kwargs):
    import os
    os.makedirs(__dir, exist_ok=True)
    lines = [
        "# " + __id + ": NumPy's side of the failing sample, as the oracle called it.",
        "# The engine's side: cargo test -p harness --test opinfo -- --exact " + __id,
        "import math, os",
        "import numpy, numpy as np",
        "import ml_dtypes",
        "here = os.path.dirname(os.path.abspath(__file__))",
    ]
    def lit(v, name):
        if isinstance(v, np.ndarray):
            # A broadcast view is saved as the elements it repeats (one along each axis of
            # stride 0) and broadcast again: an error input broadcast to 2**44 elements is one
            # element on disk, not 128 TiB.
            repeated = any(s == 0 and n > 1 for s, n in zip(v.strides, v.shape))
            stored = v[tuple(slice(0, 1) if s == 0 else slice(None) for s in v.strides)]
            lines.append("# %s: %s %s, strides %s in the trial%s"
                         % (name, v.dtype, v.shape, tuple(s // max(v.itemsize, 1) for s in v.strides),
                            "" if v.flags.writeable else ", read-only"))
            if stored.nbytes > __limit:
                lines.append("raise SystemExit(%r)" % ("%s (%d bytes) is too large to bundle" % (name, stored.nbytes)))
                return name
            np.save(os.path.join(__dir, name + ".npy"), stored)
            load = "np.load(os.path.join(here, %r))" % (name + ".npy")
            if repeated:
                lines.append("%s = np.broadcast_to(%s, %r)" % (name, load, v.shape))
            else:
                lines.append("%s = %s" % (name, load))
                if not v.flags.writeable:
                    lines.append("%s.flags.writeable = False" % name)
            return name
        if isinstance(v, (tuple, list)):
            items = [lit(x, "%s_%d" % (name, i)) for i, x in enumerate(v)]
            inner = ", ".join(items) + ("," if isinstance(v, tuple) and len(items) == 1 else "")
            return ("(%s)" if isinstance(v, tuple) else "[%s]") % inner
        if isinstance(v, np.dtype):
            return "np.dtype(%r)" % v.name
        if isinstance(v, type):
            return "np." + v.__name__
        return repr(v)
    call = [lit(v, "x%d" % i) for i, v in enumerate(args)]
    call += ["%s=%s" % (k, lit(v, k)) for k, v in kwargs.items()]
    lines.append("fn = " + __fn)
    lines.append("result = fn(" + ", ".join(call) + ")")
    lines.append("print(repr(result))")
    with open(os.path.join(__dir, "repro.py"), "w") as f:
        f.write(chr(10).join(lines) + chr(10))
''', g), g['write'])[1])({'np': np})"##;

/// Bundles a run writes at most (the first failures'; 64 MiB of operands each at most).
pub const MAX_BUNDLES: usize = 100;

/// The largest operand a bundle saves (after a broadcast view is reduced to the elements it
/// repeats); a larger one is named in `repro.py` and not written.
pub const MAX_BYTES: usize = 64 << 20;

/// The bundle folder of trial `id` under `root`: the id with `::` as `__`.
pub fn bundle_dir(root: &Path, id: &str) -> PathBuf {
    root.join(id.replace("::", "__"))
}

/// Writes the bundle of sample `s` of trial `id` into `dir`.
pub fn write_bundle(op: &OpInfo, s: &Sample, id: &str, dir: &Path) -> Result<(), String> {
    let (vals, kw) = numpy::reference_args(op, &s.args, &s.kwargs, &s.out, true);
    let mut args = vec![
        Value::Str(dir.display().to_string()),
        Value::Str(numpy::callable_source(op)),
        Value::Str(id.to_string()),
        Value::Scalar(backends::PyScalar::Int(MAX_BYTES as i128)),
    ];
    args.extend(vals);
    reference::eval_call(WRITER, &args, &kw)
        .map(|_| ())
        .map_err(|e| e.to_string())
}
