//! Conversions between [`Value`]s (engine tensors, Python scalars, ...) and Python objects.
//!
//! Tensors go in with exactly their layout (and read-only when the tensor is): the *whole*
//! storage buffer is copied into a 1-D ndarray, and the view is rebuilt over it with
//! `np.ndarray(shape, dtype, buffer, offset, strides)` using byte strides and a byte offset.
//! NumPy therefore sees the same strides (negative and zero ones included) and the same offset as
//! the engine, so layout-dependent behaviour (e.g. memory order of results, `np.shares_memory` of
//! broadcasts) is reproduced too. The constructor bounds-checks the view against the buffer,
//! unlike `as_strided`, and is one C call.
//!
//! Results come back as C-contiguous copies.

use crate::interp::State;
use crate::{RefError, Value};
use backends::{CpuStorage, DType, PyScalar, Tensor};
use numpy::prelude::*;
use numpy::{PyArray1, PyArrayDescr, PyArrayDyn, PyUntypedArray};
use pyo3::prelude::*;
use pyo3::types::{PyBool, PyComplex, PyFloat, PyInt, PyList, PyString, PyTuple};

/// Index of a dtype in `DType::ALL` (and in `State::dtypes`).
fn dtype_index(d: DType) -> usize {
    DType::ALL
        .iter()
        .position(|&x| x == d)
        .expect("DType::ALL lists every dtype")
}

/// An argument conversion failure: the oracle could not express the value, not a NumPy error.
fn arg_err(what: &str, e: PyErr) -> RefError {
    RefError::Unsupported(format!("cannot pass {what} to Python: {e}"))
}

/// Converts an argument to a Python object.
pub(crate) fn to_py<'py>(
    py: Python<'py>,
    st: &State,
    v: &Value,
) -> Result<Bound<'py, PyAny>, RefError> {
    let conv = |r: PyResult<Bound<'py, PyAny>>| r.map_err(|e| arg_err("a value", e));
    Ok(match v {
        Value::Tensor(t) => tensor_to_py(py, st, t)?,
        Value::Scalar(s) => conv(match *s {
            PyScalar::Bool(b) => Ok(PyBool::new(py, b).to_owned().into_any()),
            PyScalar::Int(i) => Ok(i
                .into_pyobject(py)
                .map_or_else(|e| match e {}, |o| o.into_any())),
            PyScalar::Float(f) => Ok(PyFloat::new(py, f).into_any()),
            PyScalar::Complex(re, im) => Ok(PyComplex::from_doubles(py, re, im).into_any()),
        })?,
        Value::Tuple(items) => {
            let objs = items
                .iter()
                .map(|x| to_py(py, st, x))
                .collect::<Result<Vec<_>, _>>()?;
            conv(PyTuple::new(py, objs).map(|t| t.into_any()))?
        }
        Value::List(items) => {
            let objs = items
                .iter()
                .map(|x| to_py(py, st, x))
                .collect::<Result<Vec<_>, _>>()?;
            conv(PyList::new(py, objs).map(|t| t.into_any()))?
        }
        Value::None => py.None().into_bound(py),
        Value::DType(d) => st.dtypes[dtype_index(*d)].bind(py).clone(),
        Value::Str(s) => PyString::new(py, s).into_any(),
        Value::Int(i) => i
            .into_pyobject(py)
            .map_or_else(|e| match e {}, |o| o.into_any()),
        Value::Float(f) => PyFloat::new(py, *f).into_any(),
        Value::Bool(b) => PyBool::new(py, *b).to_owned().into_any(),
    })
}

/// Copies the whole storage into a 1-D ndarray of the same dtype.
fn storage_to_py<'py>(py: Python<'py>, s: &CpuStorage) -> Bound<'py, PyAny> {
    match s {
        CpuStorage::Bool(v) => PyArray1::from_slice(py, v).into_any(),
        CpuStorage::I8(v) => PyArray1::from_slice(py, v).into_any(),
        CpuStorage::U8(v) => PyArray1::from_slice(py, v).into_any(),
        CpuStorage::I16(v) => PyArray1::from_slice(py, v).into_any(),
        CpuStorage::U16(v) => PyArray1::from_slice(py, v).into_any(),
        CpuStorage::I32(v) => PyArray1::from_slice(py, v).into_any(),
        CpuStorage::U32(v) => PyArray1::from_slice(py, v).into_any(),
        CpuStorage::I64(v) => PyArray1::from_slice(py, v).into_any(),
        CpuStorage::U64(v) => PyArray1::from_slice(py, v).into_any(),
        CpuStorage::F16(v) => PyArray1::from_slice(py, v).into_any(),
        // The numpy crate maps `half::bf16` to `np.dtype("bfloat16")`, which exists once
        // ml_dtypes is imported (State::init does that before any conversion).
        CpuStorage::BF16(v) => PyArray1::from_slice(py, v).into_any(),
        CpuStorage::F32(v) => PyArray1::from_slice(py, v).into_any(),
        CpuStorage::F64(v) => PyArray1::from_slice(py, v).into_any(),
        CpuStorage::C64(v) => PyArray1::from_slice(py, v).into_any(),
        CpuStorage::C128(v) => PyArray1::from_slice(py, v).into_any(),
    }
}

/// A tensor as an ndarray with the tensor's exact layout (see the module docs).
pub(crate) fn tensor_to_py<'py>(
    py: Python<'py>,
    st: &State,
    t: &Tensor,
) -> Result<Bound<'py, PyAny>, RefError> {
    // A CUDA tensor crosses to the host whole, layout kept, so NumPy sees the same view.
    let host;
    let t = if t.device() == backends::Device::Cpu {
        t
    } else {
        host = t
            .to_device(backends::Device::Cpu)
            .map_err(|e| RefError::Unsupported(format!("moving a CUDA tensor to the host: {e}")))?;
        &host
    };
    let storage = t
        .storage()
        .map_err(|e| RefError::Unsupported(e.to_string()))?;
    let base = storage_to_py(py, &storage);
    let item = t.dtype().itemsize() as isize;
    let l = t.layout();
    let shape = PyTuple::new(py, l.shape()).map_err(|e| arg_err("a shape", e))?;
    let strides = PyTuple::new(py, l.strides().iter().map(|&s| s * item))
        .map_err(|e| arg_err("strides", e))?;
    // An empty view touches no storage and its offset may point past the buffer (layout
    // invariant 5); NumPy refuses an offset beyond the buffer, and the offset cannot matter.
    let offset = if l.numel() == 0 {
        0
    } else {
        l.offset() as isize * item
    };
    let dtype = st.dtypes[dtype_index(t.dtype())].bind(py);
    let arr = st
        .ndarray
        .bind(py)
        .call1((shape, dtype, base, offset, strides))
        .map_err(|e| {
            arg_err(
                &format!(
                    "a {} tensor with layout {:?}/{:?}+{}",
                    t.dtype(),
                    l.shape(),
                    l.strides(),
                    l.offset()
                ),
                e,
            )
        })?;
    // A read-only tensor (a broadcast view) is a read-only ndarray, so NumPy refuses it as
    // out= just as it refuses its own broadcast views.
    if !t.is_writeable() {
        arr.getattr("flags")
            .and_then(|f| f.setattr("writeable", false))
            .map_err(|e| arg_err("a read-only flag", e))?;
    }
    Ok(arr)
}

/// A result conversion failure.
fn res_err(what: &str, e: impl std::fmt::Display) -> RefError {
    RefError::Unsupported(format!("cannot convert {what} from Python: {e}"))
}

/// The engine dtype of a NumPy dtype, or `None` for dtypes the engine lacks.
fn engine_dtype(py: Python<'_>, st: &State, d: &Bound<'_, PyArrayDescr>) -> Option<DType> {
    let found = match (d.kind(), d.itemsize()) {
        (b'b', 1) => DType::Bool,
        (b'i', 1) => DType::I8,
        (b'i', 2) => DType::I16,
        (b'i', 4) => DType::I32,
        (b'i', 8) => DType::I64,
        (b'u', 1) => DType::U8,
        (b'u', 2) => DType::U16,
        (b'u', 4) => DType::U32,
        (b'u', 8) => DType::U64,
        (b'f', 2) => DType::F16,
        (b'f', 4) => DType::F32,
        (b'f', 8) => DType::F64,
        (b'c', 8) => DType::C64,
        (b'c', 16) => DType::C128,
        // ml_dtypes' bfloat16 is a user dtype (kind 'V'): recognise it by equivalence.
        _ => {
            let bf = st.dtypes[dtype_index(DType::BF16)].bind(py);
            let bf = bf.cast::<PyArrayDescr>().ok()?;
            return d.is_equiv_to(bf).then_some(DType::BF16);
        }
    };
    Some(found)
}

/// Copies a C-contiguous, native-order ndarray of element type `T` into a tensor.
fn collect<T>(arr: &Bound<'_, PyAny>, shape: &[usize]) -> Result<Tensor, RefError>
where
    T: numpy::Element + backends::element::Element,
{
    let a = arr
        .cast::<PyArrayDyn<T>>()
        .map_err(|e| res_err("an ndarray", e))?;
    let v = a.to_vec().map_err(|e| res_err("an ndarray", e))?;
    Tensor::from_vec(v, shape).map_err(|e| res_err("an ndarray", e))
}

/// An ndarray as a C-contiguous tensor.
fn array_to_tensor(
    py: Python<'_>,
    st: &State,
    arr: &Bound<'_, PyUntypedArray>,
) -> Result<Tensor, RefError> {
    let descr = arr.dtype();
    let Some(dt) = engine_dtype(py, st, &descr) else {
        return Err(RefError::Unsupported(format!(
            "ndarray of dtype {} (not one of the engine's dtypes)",
            descr
        )));
    };
    // Byte-swapped results (rare: e.g. from frombuffer with '>f8') are normalised first.
    let mut obj = arr.as_any().clone();
    if descr.is_native_byteorder() == Some(false) {
        obj = obj
            .call_method1("astype", (st.dtypes[dtype_index(dt)].bind(py),))
            .map_err(|e| res_err("a byte-swapped ndarray", e))?;
    }
    // Shape from the original: `np.ascontiguousarray` returns at least 1-d (0-d -> (1,)).
    let shape = arr.shape().to_vec();
    if !obj
        .cast::<PyUntypedArray>()
        .map_err(|e| res_err("an ndarray", e))?
        .is_c_contiguous()
    {
        obj = st
            .ascontiguousarray
            .bind(py)
            .call1((obj,))
            .map_err(|e| res_err("an ndarray", e))?;
    }
    use num_complex::Complex;
    match dt {
        DType::Bool => collect::<bool>(&obj, &shape),
        DType::I8 => collect::<i8>(&obj, &shape),
        DType::U8 => collect::<u8>(&obj, &shape),
        DType::I16 => collect::<i16>(&obj, &shape),
        DType::U16 => collect::<u16>(&obj, &shape),
        DType::I32 => collect::<i32>(&obj, &shape),
        DType::U32 => collect::<u32>(&obj, &shape),
        DType::I64 => collect::<i64>(&obj, &shape),
        DType::U64 => collect::<u64>(&obj, &shape),
        DType::F16 => collect::<half::f16>(&obj, &shape),
        DType::BF16 => collect::<half::bf16>(&obj, &shape),
        DType::F32 => collect::<f32>(&obj, &shape),
        DType::F64 => collect::<f64>(&obj, &shape),
        DType::C64 => collect::<Complex<f32>>(&obj, &shape),
        DType::C128 => collect::<Complex<f64>>(&obj, &shape),
    }
}

/// A short description of an unconvertible object: its type and a truncated repr.
fn describe(obj: &Bound<'_, PyAny>) -> String {
    let ty = obj
        .get_type()
        .fully_qualified_name()
        .map(|n| n.to_string())
        .unwrap_or_else(|_| "?".into());
    let mut repr = obj
        .repr()
        .map(|r| r.to_string())
        .unwrap_or_else(|_| "<repr failed>".into());
    if repr.len() > 120 {
        let cut = (0..=120)
            .rev()
            .find(|&i| repr.is_char_boundary(i))
            .unwrap_or(0);
        repr.truncate(cut);
        repr.push_str("...");
    }
    format!("{ty}: {repr}")
}

/// Converts a result object to a [`Value`].
pub(crate) fn from_py(
    py: Python<'_>,
    st: &State,
    obj: &Bound<'_, PyAny>,
) -> Result<Value, RefError> {
    if obj.is_none() {
        return Ok(Value::None);
    }
    if let Ok(arr) = obj.cast::<PyUntypedArray>() {
        return array_to_tensor(py, st, arr).map(Value::Tensor);
    }
    // NumPy scalars first: np.float64 / np.complex128 subclass Python float / complex, and must
    // keep their (strong) dtype, so they become 0-d tensors.
    if obj
        .is_instance(st.generic.bind(py))
        .map_err(|e| res_err("a value", e))?
    {
        let arr = st
            .asarray
            .bind(py)
            .call1((obj,))
            .map_err(|e| res_err("a NumPy scalar", e))?;
        let arr = arr
            .cast::<PyUntypedArray>()
            .map_err(|e| res_err("a NumPy scalar", e))?;
        return array_to_tensor(py, st, arr)
            .map(Value::Tensor)
            .map_err(|e| match e {
                RefError::Unsupported(m) => {
                    RefError::Unsupported(format!("{m} (from scalar {})", describe(obj)))
                }
                e => e,
            });
    }
    // bool before int: Python's bool subclasses int.
    if let Ok(b) = obj.cast::<PyBool>() {
        return Ok(Value::Scalar(PyScalar::Bool(b.is_true())));
    }
    if obj.cast::<PyInt>().is_ok() {
        return obj
            .extract::<i128>()
            .map(|i| Value::Scalar(PyScalar::Int(i)))
            .map_err(|_| RefError::Unsupported(format!("int beyond i128: {}", describe(obj))));
    }
    if let Ok(f) = obj.cast::<PyFloat>() {
        return Ok(Value::Scalar(PyScalar::Float(f.value())));
    }
    if let Ok(c) = obj.cast::<PyComplex>() {
        return Ok(Value::Scalar(PyScalar::Complex(c.real(), c.imag())));
    }
    // Tuple subclasses (namedtuples such as linalg's EigResult) are tuples too.
    if let Ok(t) = obj.cast::<PyTuple>() {
        return t
            .iter()
            .map(|x| from_py(py, st, &x))
            .collect::<Result<_, _>>()
            .map(Value::Tuple);
    }
    if let Ok(l) = obj.cast::<PyList>() {
        return l
            .iter()
            .map(|x| from_py(py, st, &x))
            .collect::<Result<_, _>>()
            .map(Value::List);
    }
    if let Ok(s) = obj.cast::<PyString>() {
        return Ok(Value::Str(s.to_string()));
    }
    if obj
        .is_instance(st.dtype_type.bind(py))
        .map_err(|e| res_err("a value", e))?
    {
        let d = obj
            .cast::<PyArrayDescr>()
            .map_err(|e| res_err("a dtype", e))?;
        return engine_dtype(py, st, d)
            .filter(|_| d.is_native_byteorder() != Some(false))
            .map(Value::DType)
            .ok_or_else(|| RefError::Unsupported(format!("dtype {}", describe(obj))));
    }
    Err(RefError::Unsupported(describe(obj)))
}
