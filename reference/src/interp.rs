//! Finding (or creating) the project venv and wiring it into the embedded interpreter.
//!
//! Two stages, deliberately separate:
//! 1. [`venv`] runs once per process *without* the GIL: it probes `<venv>/bin/python` in a
//!    subprocess (NumPy and ml_dtypes importable, versions equal to the pins in
//!    `reference/requirements.txt`) and creates/repairs the venv under a cross-process lock when
//!    the probe fails. Doing this outside `Python::attach` means threads waiting for it never hold
//!    the GIL, so a slow `pip install` cannot deadlock with another attached thread.
//! 2. [`State::init`] runs once inside the GIL: it puts the venv's site-packages at the front of
//!    `sys.path` before NumPy is imported. This is needed because the embedded interpreter
//!    derives its prefix from the `python3` found on `$PATH` (a pyenv shim resolves to the base
//!    install) and ignores `VIRTUAL_ENV`, so on its own it never sees the venv.

use crate::RefError;
use backends::DType;
use pyo3::prelude::*;
use pyo3::types::PyDict;
use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::process::Command;
use std::sync::{Mutex, OnceLock};
use std::time::{Duration, Instant, SystemTime};

/// Environment variable overriding the venv location.
pub const VENV_ENV: &str = "OPINFO_VENV";

/// Environment variable that freezes the environment: when set (to anything but `0` or empty),
/// the Python environment at [`VENV_ENV`] is used as found. It is never created or repaired,
/// and only NumPy and ml_dtypes must import (not the CUDA wheels, which a machine with its own
/// CUDA does not need). A self-contained bundle (`scripts/gpu-bundle`) runs this way.
pub const FROZEN_ENV: &str = "OPINFO_VENV_FROZEN";

/// The pins, compiled in: a binary copied to another machine checks its oracle against the
/// versions it was built and tested with, wherever the source tree is.
const REQUIREMENTS: &str = include_str!("../requirements.txt");

/// True when [`FROZEN_ENV`] is set.
pub(crate) fn frozen() -> bool {
    std::env::var_os(FROZEN_ENV).is_some_and(|v| !v.is_empty() && v != "0")
}

/// The workspace root (this crate's parent directory).
fn workspace_root() -> PathBuf {
    let p = PathBuf::from(concat!(env!("CARGO_MANIFEST_DIR"), "/.."));
    p.canonicalize().unwrap_or(p)
}

/// The requirements file holding the pins (for `pip install -r`).
fn requirements() -> PathBuf {
    PathBuf::from(concat!(env!("CARGO_MANIFEST_DIR"), "/requirements.txt"))
}

/// The venv directory: `$OPINFO_VENV` or `<workspace>/.venv`.
pub(crate) fn venv_dir() -> PathBuf {
    match std::env::var_os(VENV_ENV) {
        Some(v) if !v.is_empty() => PathBuf::from(v),
        _ => workspace_root().join(".venv"),
    }
}

/// What the probe learnt about a usable venv.
#[derive(Debug)]
pub(crate) struct Venv {
    /// The venv directory.
    pub dir: PathBuf,
    /// Its `platlib` site-packages directory.
    pub site_packages: String,
    /// `major.minor` of the venv's interpreter.
    pub py_version: String,
}

static VENV: OnceLock<Result<Venv, String>> = OnceLock::new();

/// The usable venv, set up on first use (see the module docs). Needs no GIL, so it is safe to
/// call before (or even while) attached.
pub(crate) fn venv() -> Result<&'static Venv, RefError> {
    VENV.get_or_init(setup_venv)
        .as_ref()
        .map_err(|e| RefError::Setup(e.clone()))
}

/// `(name, version)` pins of the requirements file.
fn pins() -> Vec<(String, String)> {
    REQUIREMENTS
        .lines()
        .filter_map(|l| {
            let l = l.split('#').next()?.trim();
            let (n, v) = l.split_once("==")?;
            Some((n.trim().to_string(), v.trim().to_string()))
        })
        .collect()
}

/// Runs the venv's python: imports NumPy and ml_dtypes (and, unless `frozen`, the CUDA wheels),
/// reports versions and site-packages. `Err` carries a short reason (missing interpreter,
/// import failure, version mismatch).
fn probe(dir: &Path, frozen: bool) -> Result<Venv, String> {
    let python = dir.join("bin").join("python");
    if !python.exists() {
        return Err(format!("{} does not exist", python.display()));
    }
    // The CUDA wheels are in the same requirements (the engine's NVRTC), so a managed venv
    // without them is repaired too; a frozen one brings its own CUDA or none.
    let imports = if frozen {
        "import sys, sysconfig, numpy, ml_dtypes"
    } else {
        "import sys, sysconfig, numpy, ml_dtypes, nvidia.cuda_nvrtc, nvidia.cuda_runtime"
    };
    let script = format!(
        "{imports}\n\
         print('%d.%d' % sys.version_info[:2])\n\
         print(sysconfig.get_path('platlib'))\n\
         print(numpy.__version__)\n\
         print(ml_dtypes.__version__)"
    );
    let out = Command::new(&python)
        .args(["-c", &script])
        .env_remove("PYTHONPATH")
        .env_remove("PYTHONHOME")
        .output()
        .map_err(|e| format!("cannot run {}: {e}", python.display()))?;
    if !out.status.success() {
        let err = String::from_utf8_lossy(&out.stderr);
        let last = err.lines().last().unwrap_or("").to_string();
        return Err(format!(
            "{} cannot import numpy/ml_dtypes/nvidia.cuda_nvrtc: {last}",
            python.display()
        ));
    }
    let text = String::from_utf8_lossy(&out.stdout).to_string();
    let lines: Vec<&str> = text.lines().collect();
    if lines.len() < 4 {
        return Err(format!("unexpected probe output: {text:?}"));
    }
    for (name, want) in pins() {
        let have = match name.as_str() {
            "numpy" => lines[2],
            "ml_dtypes" | "ml-dtypes" => lines[3],
            _ => continue,
        };
        if have != want {
            return Err(format!("venv has {name} {have}, requirements pin {want}"));
        }
    }
    Ok(Venv {
        dir: dir.to_path_buf(),
        py_version: lines[0].to_string(),
        site_packages: lines[1].to_string(),
    })
}

/// A cross-process lock: an atomically created directory, removed on drop.
struct InstallLock(PathBuf);

impl InstallLock {
    /// Waits (up to 15 minutes) for the lock; a lock older than 30 minutes is a crashed
    /// installer's leftover and is broken.
    fn acquire(path: PathBuf) -> Result<InstallLock, String> {
        let start = Instant::now();
        loop {
            match std::fs::create_dir(&path) {
                Ok(()) => return Ok(InstallLock(path)),
                Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists => {
                    let age = std::fs::metadata(&path)
                        .and_then(|m| m.modified())
                        .ok()
                        .and_then(|t| SystemTime::now().duration_since(t).ok());
                    if age.is_some_and(|a| a > Duration::from_secs(1800)) {
                        let _ = std::fs::remove_dir(&path);
                        continue;
                    }
                    if start.elapsed() > Duration::from_secs(900) {
                        return Err(format!(
                            "timed out waiting for the install lock {} (remove it if stale)",
                            path.display()
                        ));
                    }
                    std::thread::sleep(Duration::from_millis(250));
                }
                Err(e) => return Err(format!("cannot create lock {}: {e}", path.display())),
            }
        }
    }
}

impl Drop for InstallLock {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir(&self.0);
    }
}

/// Runs a command, returning a short error with the tail of its output on failure.
fn run(cmd: &mut Command) -> Result<(), String> {
    let out = cmd
        .output()
        .map_err(|e| format!("cannot run {cmd:?}: {e}"))?;
    if out.status.success() {
        return Ok(());
    }
    let mut text = String::from_utf8_lossy(&out.stderr).to_string();
    text.push_str(&String::from_utf8_lossy(&out.stdout));
    let tail: Vec<&str> = text.lines().rev().take(5).collect();
    let tail: Vec<&str> = tail.into_iter().rev().collect();
    Err(format!("{cmd:?} failed: {}", tail.join(" | ")))
}

/// Probes the venv; when unusable, creates it and installs the pins under the lock.
fn setup_venv() -> Result<Venv, String> {
    let dir = venv_dir();
    let first = match probe(&dir, frozen()) {
        Ok(v) => return Ok(v),
        Err(e) if frozen() => {
            return Err(format!(
                "the Python environment {} is unusable: {e} ({FROZEN_ENV} is set, so it is \
                 used as found and never repaired)",
                dir.display()
            ))
        }
        Err(e) => e,
    };
    // The venv must come from the interpreter pyo3 linked against, or NumPy's compiled
    // extensions will not load into the embedded interpreter.
    let base_python = option_env!("REFERENCE_BUILD_PYTHON").unwrap_or("python3");
    let req = requirements();
    let manual = format!(
        "{base_python} -m venv {d} && {d}/bin/python -m pip install -r {r}",
        d = dir.display(),
        r = req.display()
    );
    let lock_path = dir.with_file_name(format!(
        "{}.install-lock",
        dir.file_name().and_then(|s| s.to_str()).unwrap_or("venv")
    ));
    let _lock = InstallLock::acquire(lock_path).map_err(|e| format!("{e}; or run: {manual}"))?;
    // Another process may have finished the install while we waited.
    if let Ok(v) = probe(&dir, false) {
        return Ok(v);
    }
    eprintln!(
        "reference: NumPy venv unusable ({first}); creating {} and installing {} (one-time)",
        dir.display(),
        req.display()
    );
    let setup = || -> Result<(), String> {
        if !dir.join("bin").join("python").exists() {
            run(Command::new(base_python).arg("-m").arg("venv").arg(&dir))?;
        }
        run(Command::new(dir.join("bin").join("python"))
            .args([
                "-m",
                "pip",
                "install",
                "--disable-pip-version-check",
                "-q",
                "-r",
            ])
            .arg(&req))
    };
    setup().map_err(|e| format!("setting up the NumPy venv failed: {e}. Run: {manual}"))?;
    probe(&dir, false).map_err(|e| format!("venv still unusable after install: {e}. Run: {manual}"))
}

/// Python-side state cached once per process: modules, types and the dtype objects.
pub(crate) struct State {
    /// `numpy`
    pub numpy: Py<PyModule>,
    /// `numpy.ndarray` (called as `ndarray(shape, dtype, buffer, offset, strides)` to build
    /// strided views)
    pub ndarray: Py<PyAny>,
    /// `numpy.ascontiguousarray`
    pub ascontiguousarray: Py<PyAny>,
    /// `numpy.asarray`
    pub asarray: Py<PyAny>,
    /// `numpy.generic` (NumPy scalar types)
    pub generic: Py<PyAny>,
    /// `numpy.dtype` (the type)
    pub dtype_type: Py<PyAny>,
    /// `np.dtype(d.name())` for every dtype, indexed like `DType::ALL`
    pub dtypes: Vec<Py<PyAny>>,
    /// `importlib.import_module`
    pub import_module: Py<PyAny>,
    /// Namespace for `eval_call` expressions (`np`, `numpy`, `ml_dtypes`, `math`).
    pub eval_ns: Py<PyDict>,
    /// Resolved callables by dotted name / expression.
    pub funcs: Mutex<HashMap<String, Py<PyAny>>>,
    /// `numpy.__version__`, `ml_dtypes.__version__`, `platform.python_version()`
    pub versions: (String, String, String),
}

/// Puts `site_dir` (with its `.pth` files) in front of `sys.path`.
const ADD_SITE: &str = "\
import sys, site
def add_site(d):
    old = list(sys.path)
    site.addsitedir(d)
    new = [p for p in sys.path if p not in old]
    sys.path[:] = new + [p for p in old if p not in new]
";

impl State {
    /// Wires the venv into the interpreter, imports NumPy + ml_dtypes and caches handles.
    pub(crate) fn init(py: Python<'_>, venv: &Venv) -> Result<State, RefError> {
        let setup = |e: PyErr| RefError::Setup(format!("initialising embedded NumPy: {e}"));
        let sys = py.import("sys").map_err(setup)?;
        let vi = sys.getattr("version_info").map_err(setup)?;
        let (major, minor): (u32, u32) = (
            vi.getattr("major")
                .and_then(|v| v.extract())
                .map_err(setup)?,
            vi.getattr("minor")
                .and_then(|v| v.extract())
                .map_err(setup)?,
        );
        if format!("{major}.{minor}") != venv.py_version {
            return Err(RefError::Setup(format!(
                "embedded Python is {major}.{minor} but the venv {} is Python {}; recreate the \
                 venv with python{major}.{minor} (delete it and rerun)",
                venv.dir.display(),
                venv.py_version
            )));
        }
        let helper = PyModule::from_code(
            py,
            &std::ffi::CString::new(ADD_SITE).expect("no NUL"),
            c"_reference_site.py",
            c"_reference_site",
        )
        .map_err(setup)?;
        helper
            .getattr("add_site")
            .and_then(|f| f.call1((venv.site_packages.as_str(),)))
            .map_err(setup)?;

        let numpy = py.import("numpy").map_err(setup)?;
        let ml_dtypes = py.import("ml_dtypes").map_err(setup)?;
        // A NumPy imported from elsewhere (e.g. a base install's site-packages that was already
        // on sys.path) would make the oracle silently unpinned.
        let file: String = numpy
            .getattr("__file__")
            .and_then(|f| f.extract())
            .map_err(setup)?;
        let site = std::fs::canonicalize(&venv.site_packages)
            .unwrap_or_else(|_| PathBuf::from(&venv.site_packages));
        let file_c = std::fs::canonicalize(&file).unwrap_or_else(|_| PathBuf::from(&file));
        if !file_c.starts_with(&site) {
            return Err(RefError::Setup(format!(
                "numpy was imported from {file}, not from the venv {}",
                venv.site_packages
            )));
        }
        // Overflow/invalid RuntimeWarnings are part of normal conformance inputs; they must not
        // spam the test output (the values, inf/nan included, are what we compare).
        let kw = PyDict::new(py);
        kw.set_item("all", "ignore").map_err(setup)?;
        numpy
            .getattr("seterr")
            .and_then(|f| f.call((), Some(&kw)))
            .map_err(setup)?;
        py.import("warnings")
            .and_then(|w| w.getattr("simplefilter")?.call1(("ignore",)))
            .map_err(setup)?;

        let get = |name: &str| numpy.getattr(name).map(|o| o.unbind()).map_err(setup);
        let dtype_type = numpy.getattr("dtype").map_err(setup)?;
        let dtypes = DType::ALL
            .iter()
            .map(|d| dtype_type.call1((d.name(),)).map(|o| o.unbind()))
            .collect::<PyResult<Vec<_>>>()
            .map_err(setup)?;
        let eval_ns = PyDict::new(py);
        for (k, v) in [
            ("np", numpy.as_any().clone()),
            ("numpy", numpy.as_any().clone()),
            ("ml_dtypes", ml_dtypes.as_any().clone()),
            ("math", py.import("math").map_err(setup)?.into_any()),
        ] {
            eval_ns.set_item(k, v).map_err(setup)?;
        }
        // The floating-point flags NumPy raises in a call: its errstate 'call' mode reports
        // each ufunc call's status bits (1 divide, 2 over, 4 under, 8 invalid), ORed here over
        // every ufunc a function runs. The result itself is discarded. `_fp_raise` calls it
        // under errstate raise (underflow ignored). `_abs64` is |a| in float64 for the error
        // bounds' scales, converted before the absolute value (np.abs of int64's minimum
        // overflows to itself); `_eps` the machine epsilon a statistic is computed in.
        py.run(
            c"def _eps(a, dtype=None):\n    d = np.dtype(dtype) if dtype is not None else np.asarray(a).dtype\n    if d.kind in 'fc' or d == ml_dtypes.bfloat16:\n        return float(ml_dtypes.finfo(d).eps)\n    return float(np.finfo(np.float64).eps)\ndef _abs64(a):\n    x = np.asarray(a)\n    return np.abs(x.astype(np.complex128 if np.iscomplexobj(x) else np.float64))\ndef _fp_flags(f, *a, **k):\n    seen = [0]\n    def h(kind, flag):\n        seen[0] |= int(flag)\n    with np.errstate(all='call', call=h):\n        f(*a, **k)\n    return seen[0]\ndef _fp_raise(f, *a, **k):\n    with np.errstate(divide='raise', over='raise', invalid='raise', under='ignore'):\n        return f(*a, **k)\n",
            Some(&eval_ns),
            None,
        )
        .map_err(setup)?;
        let str_attr = |m: &Bound<'_, PyAny>, a: &str| -> Result<String, RefError> {
            m.getattr(a).and_then(|v| v.extract()).map_err(setup)
        };
        let python_version: String = py
            .import("platform")
            .and_then(|p| p.getattr("python_version")?.call0()?.extract())
            .map_err(setup)?;
        let versions = (
            str_attr(numpy.as_any(), "__version__")?,
            str_attr(ml_dtypes.as_any(), "__version__")?,
            python_version,
        );
        Ok(State {
            ndarray: get("ndarray")?,
            ascontiguousarray: get("ascontiguousarray")?,
            asarray: get("asarray")?,
            generic: get("generic")?,
            dtype_type: dtype_type.unbind(),
            dtypes,
            import_module: py
                .import("importlib")
                .and_then(|m| m.getattr("import_module"))
                .map_err(setup)?
                .unbind(),
            eval_ns: eval_ns.unbind(),
            funcs: Mutex::new(HashMap::new()),
            versions,
            numpy: numpy.unbind(),
        })
    }
}
