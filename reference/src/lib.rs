//! The NumPy oracle: calls the pinned NumPy (plus ml_dtypes for bfloat16) in an embedded CPython.
//!
//! - One interpreter per process, started on first use; the project venv (`<workspace>/.venv`,
//!   or `$OPINFO_VENV`) is probed, created if needed, and put on `sys.path` ([`interp`]).
//! - [`call`] / [`eval_call`] take [`Value`] arguments; tensors reach NumPy with exactly their
//!   layout (dtype, shape, signed strides, offset), results come back as C-contiguous tensors,
//!   Python scalars, tuples, ... ([`convert`]).
//! - A Python exception is a value ([`RefError::Python`]) with the class and its MRO, so callers
//!   can match NumPy's exception classes (an `AxisError` is also a `ValueError` and an
//!   `IndexError`) against engine error kinds.
//!
//! Thread safety: every entry point may be called from any thread; the GIL serialises the
//! Python work. Do not call while holding the GIL *and* waiting for other threads that call in.
//!
//! Linking: binaries that link this crate need libpython's rpath; see `build.rs`.

mod convert;
mod interp;

use backends::{DType, PyScalar, Tensor};
use interp::State;
use pyo3::prelude::*;
use pyo3::sync::PyOnceLock;
use pyo3::types::{PyDict, PyTuple};

pub use interp::VENV_ENV;

/// An argument to, or a result of, a reference call.
#[derive(Clone, Debug)]
pub enum Value {
    /// An ndarray with the tensor's exact layout (results: a C-contiguous tensor; NumPy scalars
    /// such as `np.float32(1.0)` come back as 0-d tensors, keeping their dtype).
    Tensor(Tensor),
    /// A Python `bool`/`int`/`float`/`complex` (weak under NEP 50).
    Scalar(PyScalar),
    /// A Python tuple (namedtuple results too).
    Tuple(Vec<Value>),
    /// A Python list.
    List(Vec<Value>),
    /// `None`.
    None,
    /// A dtype, passed as `np.dtype(name)` (`bfloat16` is ml_dtypes'); results that are
    /// `np.dtype` objects come back as this.
    DType(DType),
    /// A Python `str` (e.g. `order="F"`, `casting="same_kind"`).
    Str(String),
    /// A Python `int` (convenience for axes, counts; results use [`Value::Scalar`]).
    Int(i64),
    /// A Python `float` (convenience; results use [`Value::Scalar`]).
    Float(f64),
    /// A Python `bool` (convenience; results use [`Value::Scalar`]).
    Bool(bool),
}

impl From<Tensor> for Value {
    fn from(t: Tensor) -> Value {
        Value::Tensor(t)
    }
}
impl From<&Tensor> for Value {
    fn from(t: &Tensor) -> Value {
        Value::Tensor(t.clone())
    }
}
impl From<PyScalar> for Value {
    fn from(s: PyScalar) -> Value {
        Value::Scalar(s)
    }
}
impl From<DType> for Value {
    fn from(d: DType) -> Value {
        Value::DType(d)
    }
}
impl From<&str> for Value {
    fn from(s: &str) -> Value {
        Value::Str(s.to_string())
    }
}
impl From<i64> for Value {
    fn from(i: i64) -> Value {
        Value::Int(i)
    }
}
impl From<f64> for Value {
    fn from(f: f64) -> Value {
        Value::Float(f)
    }
}
impl From<bool> for Value {
    fn from(b: bool) -> Value {
        Value::Bool(b)
    }
}

impl Value {
    /// The tensor, if this is one.
    pub fn as_tensor(&self) -> Option<&Tensor> {
        match self {
            Value::Tensor(t) => Some(t),
            _ => None,
        }
    }
    /// The tensor, if this is one (by value).
    pub fn into_tensor(self) -> Option<Tensor> {
        match self {
            Value::Tensor(t) => Some(t),
            _ => None,
        }
    }
}

/// Why a reference call produced no value.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum RefError {
    /// NumPy (or Python) raised: the expected outcome for error inputs.
    #[error("{class}: {message}")]
    Python {
        /// `type(e).__name__`, e.g. `"AxisError"`.
        class: String,
        /// `__name__` of every class in `type(e).__mro__`, most derived first
        /// (`["AxisError", "ValueError", "IndexError", "Exception", "BaseException", "object"]`).
        mro: Vec<String>,
        /// `str(e)`.
        message: String,
    },
    /// The oracle cannot run: venv missing and not creatable, wrong interpreter, ...
    #[error("NumPy oracle setup failed: {0}")]
    Setup(String),
    /// A value the oracle cannot pass or return (object/datetime/string arrays, unknown
    /// function names, ints beyond i128, ...).
    #[error("unsupported by the NumPy oracle: {0}")]
    Unsupported(String),
}

impl RefError {
    /// True when this is a Python exception whose class (or a base class) is named `name`.
    pub fn is_instance_of(&self, name: &str) -> bool {
        matches!(self, RefError::Python { mro, .. } if mro.iter().any(|c| c == name))
    }
}

/// Result of the oracle.
pub type Result<T, E = RefError> = std::result::Result<T, E>;

/// Versions of the oracle's pieces.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Versions {
    /// `numpy.__version__`
    pub numpy: String,
    /// The embedded interpreter's `platform.python_version()`
    pub python: String,
    /// `ml_dtypes.__version__`
    pub ml_dtypes: String,
}

static STATE: PyOnceLock<State> = PyOnceLock::new();

/// Runs `f` attached to the interpreter with the initialised state.
fn with_state<R>(f: impl for<'py> FnOnce(Python<'py>, &State) -> Result<R>) -> Result<R> {
    // Venv setup first and without the GIL (it may run pip for minutes).
    let venv = interp::venv()?;
    Python::attach(|py| {
        let st = STATE.get_or_try_init(py, || State::init(py, venv))?;
        f(py, st)
    })
}

/// Finds the project venv, creating or repairing it (pip, under a cross-process lock) when it
/// is missing or its pins are stale, without starting the interpreter; returns its directory.
/// What needs the venv's files but not Python (the NVRTC the CUDA engine loads from its
/// wheels) calls this first.
pub fn ensure_venv() -> Result<std::path::PathBuf> {
    Ok(interp::venv()?.dir.clone())
}

/// Starts the interpreter and loads NumPy now (otherwise the first call does it).
pub fn init() -> Result<()> {
    with_state(|_, _| Ok(()))
}

/// True when the oracle's Python environment can import the top-level module `name` (SciPy,
/// say), found without importing it. Records whose reference lives in a module the environment
/// lacks are ignored with that reason rather than failed.
pub fn module_available(name: &str) -> Result<bool> {
    with_state(|py, _| {
        let spec = py
            .import("importlib.util")
            .and_then(|u| u.getattr("find_spec")?.call1((name,)))
            .map_err(|e| python_error(py, e))?;
        Ok(!spec.is_none())
    })
}

/// The NumPy, Python and ml_dtypes versions of the oracle.
pub fn versions() -> Result<Versions> {
    with_state(|_, st| {
        Ok(Versions {
            numpy: st.versions.0.clone(),
            ml_dtypes: st.versions.1.clone(),
            python: st.versions.2.clone(),
        })
    })
}

/// A Python exception as a [`RefError::Python`].
fn python_error(py: Python<'_>, e: PyErr) -> RefError {
    let ty = e.get_type(py);
    let name = |t: &Bound<'_, PyAny>| -> String {
        t.getattr("__name__")
            .and_then(|n| n.extract())
            .unwrap_or_else(|_| "?".into())
    };
    let mro = ty
        .getattr("__mro__")
        .ok()
        .and_then(|m| m.cast_into::<PyTuple>().ok())
        .map(|m| m.iter().map(|c| name(&c)).collect())
        .unwrap_or_default();
    let message = e
        .value(py)
        .str()
        .map(|s| s.to_string())
        .unwrap_or_else(|_| "<str(e) failed>".into());
    RefError::Python {
        class: name(ty.as_any()),
        mro,
        message,
    }
}

/// Looks up (and caches) a callable by key, building it with `make` on a miss.
fn cached_callable<'py>(
    py: Python<'py>,
    st: &State,
    key: &str,
    make: impl FnOnce() -> Result<Bound<'py, PyAny>>,
) -> Result<Bound<'py, PyAny>> {
    // The mutex is never held across Python code, so it cannot deadlock with the GIL.
    if let Some(f) = st.funcs.lock().unwrap_or_else(|e| e.into_inner()).get(key) {
        return Ok(f.bind(py).clone());
    }
    let f = make()?;
    st.funcs
        .lock()
        .unwrap_or_else(|e| e.into_inner())
        .insert(key.to_string(), f.clone().unbind());
    Ok(f)
}

/// Resolves a dotted name: the longest importable module prefix, then attributes.
fn resolve<'py>(py: Python<'py>, st: &State, func: &str) -> Result<Bound<'py, PyAny>> {
    cached_callable(py, st, func, || {
        let parts: Vec<&str> = func.split('.').collect();
        let mut last_err = None;
        for cut in (1..parts.len()).rev() {
            let module = parts[..cut].join(".");
            match st.import_module.bind(py).call1((module.as_str(),)) {
                Ok(m) => {
                    let mut obj = m;
                    for attr in &parts[cut..] {
                        obj = obj.getattr(*attr).map_err(|e| {
                            RefError::Unsupported(format!("cannot resolve {func}: {e}"))
                        })?;
                    }
                    return Ok(obj);
                }
                Err(e) => last_err = Some(e),
            }
        }
        Err(RefError::Unsupported(format!(
            "cannot resolve {func}: {}",
            last_err.map_or("expected a dotted name like numpy.sin".into(), |e| e
                .to_string())
        )))
    })
}

/// Converts arguments, calls `f`, converts the result.
fn invoke(
    py: Python<'_>,
    st: &State,
    f: &Bound<'_, PyAny>,
    args: &[Value],
    kwargs: &[(&str, Value)],
) -> Result<Value> {
    let pos = args
        .iter()
        .map(|a| convert::to_py(py, st, a))
        .collect::<Result<Vec<_>>>()?;
    let pos = PyTuple::new(py, pos).map_err(|e| RefError::Unsupported(e.to_string()))?;
    let kw = if kwargs.is_empty() {
        None
    } else {
        let d = PyDict::new(py);
        for (k, v) in kwargs {
            d.set_item(*k, convert::to_py(py, st, v)?)
                .map_err(|e| RefError::Unsupported(e.to_string()))?;
        }
        Some(d)
    };
    let out = f.call(pos, kw.as_ref()).map_err(|e| python_error(py, e))?;
    convert::from_py(py, st, &out)
}

/// Calls a Python function by dotted name (`"numpy.sin"`, `"numpy.linalg.norm"`,
/// `"builtins.divmod"`) with positional and keyword arguments.
///
/// A Python exception raised by the call is `Err(RefError::Python{..})`; values the oracle
/// cannot convert either way are `Err(RefError::Unsupported(..))`.
pub fn call(func: &str, args: &[Value], kwargs: &[(&str, Value)]) -> Result<Value> {
    with_state(|py, st| {
        let f = resolve(py, st, func)?;
        invoke(py, st, &f, args, kwargs)
    })
}

/// Evaluates a Python expression (compiled once, then cached) in a namespace holding `np`,
/// `numpy`, `ml_dtypes` and `math`, and calls the result: e.g.
/// `eval_call("lambda a: a.strides", &[t.into()], &[])`. For references that are not a single
/// NumPy function (`lambda x: np.sum(x, axis=0)`) and for inspecting what NumPy saw.
pub fn eval_call(expr: &str, args: &[Value], kwargs: &[(&str, Value)]) -> Result<Value> {
    with_state(|py, st| {
        let key = format!("eval:{expr}");
        let f = cached_callable(py, st, &key, || {
            let code = std::ffi::CString::new(expr)
                .map_err(|_| RefError::Unsupported("expression contains NUL".into()))?;
            let ns = st.eval_ns.bind(py);
            py.eval(&code, Some(ns), None)
                .map_err(|e| RefError::Unsupported(format!("cannot evaluate {expr:?}: {e}")))
        })?;
        invoke(py, st, &f, args, kwargs)
    })
}

/// `numpy` itself, for callers needing more than [`call`] offers (runs `f` attached).
pub fn with_numpy<R>(
    f: impl for<'py> FnOnce(Python<'py>, &Bound<'py, PyModule>) -> R,
) -> Result<R> {
    with_state(|py, st| Ok(f(py, st.numpy.bind(py))))
}
