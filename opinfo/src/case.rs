//! A call of an op as plain, serialisable data: operands (tensors with their exact storage,
//! shape, strides and offset, or Python scalars), keyword arguments and `out=`. A [`Case`]
//! round-trips through JSON exactly (NaN signs, `-0.0`, infinities and Python ints beyond
//! 64 bits included) and becomes a [`Sample`] with [`Case::to_sample`].
//!
//! The fuzzer (`harness/src/fuzz/`) draws, shrinks and saves its cases in this form, so a
//! saved minimal case is already what a regression sample needs: a case file under
//! `opinfo/regressions/` joins its record's `reference` samples ([`crate::regressions`]).

use crate::kwargs::Kw;
use crate::samples::Sample;
use backends::element::{Cf64, Element, Hub};
use backends::{Arg, CpuStorage, DType, Layout, PyScalar, Tensor};
use serde::{Deserialize, Serialize};
use std::collections::HashSet;
use std::sync::Mutex;

/// One real value, exactly: a JSON bool or number, or a string for what JSON cannot hold
/// (`"nan"`, `"-nan"`, `"inf"`, `"-inf"`).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(untagged)]
pub enum Real {
    /// A bool element.
    Bool(bool),
    /// An integer that fits i64.
    Int(i64),
    /// An integer above i64's range (uint64 elements).
    UInt(u64),
    /// A finite float (`-0.0` keeps its sign).
    Float(f64),
    /// A non-finite float.
    Special(String),
}

impl Real {
    /// `x` as a [`Real`]: finite floats as numbers, NaN (with its sign) and infinities as text.
    pub fn float(x: f64) -> Real {
        if x.is_finite() {
            Real::Float(x)
        } else if x.is_nan() {
            Real::Special(if x.is_sign_negative() { "-nan" } else { "nan" }.into())
        } else {
            Real::Special(if x > 0.0 { "inf" } else { "-inf" }.into())
        }
    }

    /// The value as f64 (integers rounded; NaN keeps its sign).
    pub fn to_f64(&self) -> Result<f64, String> {
        Ok(match self {
            Real::Bool(b) => f64::from(u8::from(*b)),
            Real::Int(i) => *i as f64,
            Real::UInt(u) => *u as f64,
            Real::Float(x) => *x,
            Real::Special(s) => match s.as_str() {
                "nan" => f64::NAN,
                "-nan" => -f64::NAN,
                "inf" => f64::INFINITY,
                "-inf" => f64::NEG_INFINITY,
                other => return Err(format!("unknown float value {other:?}")),
            },
        })
    }

    fn to_hub(&self) -> Result<Hub, String> {
        Ok(match self {
            Real::Bool(b) => Hub::Bool(*b),
            Real::Int(i) => Hub::Int(*i),
            Real::UInt(u) => Hub::UInt(*u),
            _ => Hub::Float(self.to_f64()?),
        })
    }
}

/// One element of a tensor: a real, or a complex `[re, im]`.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(untagged)]
pub enum Elem {
    /// A real element.
    Real(Real),
    /// A complex element `[re, im]`.
    Complex([Real; 2]),
}

impl Elem {
    /// The exact element of a [`Hub`].
    pub fn from_hub(h: Hub) -> Elem {
        match h {
            Hub::Bool(b) => Elem::Real(Real::Bool(b)),
            Hub::Int(i) => Elem::Real(Real::Int(i)),
            Hub::UInt(u) => match i64::try_from(u) {
                Ok(i) => Elem::Real(Real::Int(i)),
                Err(_) => Elem::Real(Real::UInt(u)),
            },
            Hub::Float(x) => Elem::Real(Real::float(x)),
            Hub::Complex(c) => Elem::Complex([Real::float(c.re), Real::float(c.im)]),
        }
    }

    /// The element as a [`Hub`] (converted to a dtype with C-cast semantics by the caller).
    pub fn to_hub(&self) -> Result<Hub, String> {
        match self {
            Elem::Real(r) => r.to_hub(),
            Elem::Complex([re, im]) => Ok(Hub::Complex(Cf64::new(re.to_f64()?, im.to_f64()?))),
        }
    }

    /// The element as (re, im) floats, for tests and shrinking.
    pub fn parts(&self) -> Result<(f64, f64), String> {
        match self {
            Elem::Real(r) => Ok((r.to_f64()?, 0.0)),
            Elem::Complex([re, im]) => Ok((re.to_f64()?, im.to_f64()?)),
        }
    }
}

/// A tensor with its exact layout: the whole storage buffer and the view over it.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct TensorSpec {
    /// NumPy dtype name (`float32`, `bfloat16`, ...).
    pub dtype: String,
    /// Dimensions.
    pub shape: Vec<usize>,
    /// Signed strides in elements.
    pub strides: Vec<isize>,
    /// Offset of element `[0, ...]` in the storage, in elements.
    pub offset: usize,
    /// Every element of the storage buffer (the view may skip, reverse or repeat them).
    pub storage: Vec<Elem>,
}

/// Every element of `t`'s storage buffer as hubs, in storage order.
pub fn storage_hubs(t: &Tensor) -> Result<Vec<Hub>, String> {
    let host = t
        .to_device(backends::Device::Cpu)
        .map_err(|e| e.to_string())?;
    let st: CpuStorage = host.storage().map_err(|e| e.to_string())?.clone();
    let flat = Tensor::from_storage(st.clone(), Layout::contiguous(&[st.len()]))
        .map_err(|e| e.to_string())?;
    Ok(backends::with_dtype!(t.dtype(), T, {
        flat.to_vec::<T>()
            .map_err(|e| e.to_string())?
            .into_iter()
            .map(|x| x.to_hub())
            .collect()
    }))
}

impl TensorSpec {
    /// The spec of a (host or device) tensor: its whole storage and its layout.
    pub fn from_tensor(t: &Tensor) -> Result<TensorSpec, String> {
        Ok(TensorSpec {
            dtype: t.dtype().name().to_string(),
            shape: t.shape().to_vec(),
            strides: t.strides().to_vec(),
            offset: t.layout().offset(),
            storage: storage_hubs(t)?.into_iter().map(Elem::from_hub).collect(),
        })
    }

    /// A C-contiguous spec of `shape` holding `values` in C order.
    pub fn contiguous(dtype: DType, shape: &[usize], values: Vec<Elem>) -> TensorSpec {
        TensorSpec {
            dtype: dtype.name().to_string(),
            shape: shape.to_vec(),
            strides: backends::layout::contiguous_strides(shape),
            offset: 0,
            storage: values,
        }
    }

    /// The dtype (an error names an unknown dtype).
    pub fn dtype(&self) -> Result<DType, String> {
        DType::from_name(&self.dtype).ok_or_else(|| format!("unknown dtype {:?}", self.dtype))
    }

    /// Number of elements of the view.
    pub fn numel(&self) -> usize {
        self.shape.iter().product()
    }

    /// Storage index of every element of the view, in C order; an error when the layout
    /// reaches outside the storage or its shape and strides differ in length.
    pub fn indices(&self) -> Result<Vec<usize>, String> {
        if self.shape.len() != self.strides.len() {
            return Err(format!(
                "shape {:?} and strides {:?} differ in length",
                self.shape, self.strides
            ));
        }
        let n = self.numel();
        let mut out = Vec::with_capacity(n);
        let mut idx = vec![0usize; self.shape.len()];
        for _ in 0..n {
            let pos = self.offset as isize
                + idx
                    .iter()
                    .zip(&self.strides)
                    .map(|(&i, &s)| i as isize * s)
                    .sum::<isize>();
            if pos < 0 || pos as usize >= self.storage.len() {
                return Err(format!(
                    "layout {:?}/{:?}+{} reaches {pos} outside a storage of {}",
                    self.shape,
                    self.strides,
                    self.offset,
                    self.storage.len()
                ));
            }
            out.push(pos as usize);
            for d in (0..idx.len()).rev() {
                idx[d] += 1;
                if idx[d] < self.shape[d] {
                    break;
                }
                idx[d] = 0;
            }
        }
        Ok(out)
    }

    /// The view's elements in C order.
    pub fn values(&self) -> Result<Vec<Elem>, String> {
        Ok(self
            .indices()?
            .into_iter()
            .map(|i| self.storage[i].clone())
            .collect())
    }

    /// True when the view is C-contiguous from offset 0 over exactly its storage.
    pub fn is_plain(&self) -> bool {
        // Strides count even where they address nothing (an empty or one-element view): the
        // engine refuses to write through a zero stride whatever the size.
        self.offset == 0
            && self.storage.len() == self.numel()
            && self.strides == backends::layout::contiguous_strides(&self.shape)
    }

    /// The tensor: a new buffer holding `storage` (cast to the dtype with C semantics) viewed
    /// through the layout.
    pub fn to_tensor(&self) -> Result<Tensor, String> {
        let dtype = self.dtype()?;
        let hubs = self
            .storage
            .iter()
            .map(Elem::to_hub)
            .collect::<Result<Vec<_>, _>>()?;
        let flat = crate::samples::tensor_from_hubs(dtype, &[hubs.len()], &hubs);
        let st = flat.storage().map_err(|e| e.to_string())?.clone();
        let layout = Layout::new(
            self.shape.clone(),
            self.strides.clone(),
            self.offset,
            st.len(),
        )
        .map_err(|e| e.to_string())?;
        Tensor::from_storage(st, layout).map_err(|e| e.to_string())
    }
}

/// A Python scalar operand; ints are decimal strings, since Python ints outrun JSON numbers.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum PyValue {
    /// `True` / `False`.
    Bool(bool),
    /// A Python int, in decimal (`"18446744073709551616"`).
    Int(String),
    /// A Python float.
    Float(Real),
    /// A Python complex `[re, im]`.
    Complex([Real; 2]),
}

impl PyValue {
    /// The value of a [`PyScalar`].
    pub fn from_scalar(s: PyScalar) -> PyValue {
        match s {
            PyScalar::Bool(b) => PyValue::Bool(b),
            PyScalar::Int(i) => PyValue::Int(i.to_string()),
            PyScalar::Float(x) => PyValue::Float(Real::float(x)),
            PyScalar::Complex(re, im) => PyValue::Complex([Real::float(re), Real::float(im)]),
        }
    }

    /// The [`PyScalar`] (an int must fit i128, the engine's Python-int range).
    pub fn to_scalar(&self) -> Result<PyScalar, String> {
        Ok(match self {
            PyValue::Bool(b) => PyScalar::Bool(*b),
            PyValue::Int(s) => PyScalar::Int(
                s.trim()
                    .parse::<i128>()
                    .map_err(|e| format!("Python int {s:?}: {e}"))?,
            ),
            PyValue::Float(r) => PyScalar::Float(r.to_f64()?),
            PyValue::Complex([re, im]) => PyScalar::Complex(re.to_f64()?, im.to_f64()?),
        })
    }

    /// The kind's Python name (`int`, `float`, ...), for dtype signatures.
    pub fn kind(&self) -> &'static str {
        match self {
            PyValue::Bool(_) => "bool",
            PyValue::Int(_) => "int",
            PyValue::Float(_) => "float",
            PyValue::Complex(_) => "complex",
        }
    }
}

/// A positional operand.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ArgSpec {
    /// An array.
    Tensor(TensorSpec),
    /// A Python scalar.
    Python(PyValue),
}

/// A keyword argument's value (the serialisable twin of [`Kw`]).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum KwValue {
    /// `None`.
    None,
    /// A bool.
    Bool(bool),
    /// An int.
    Int(i64),
    /// A tuple of ints.
    Ints(Vec<i64>),
    /// A float.
    Float(Real),
    /// A str.
    Str(String),
    /// A dtype, by NumPy name.
    Dtype(String),
    /// An array.
    Tensor(TensorSpec),
    /// A Python scalar.
    Scalar(PyValue),
}

/// One keyword argument.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct KwArg {
    /// Keyword name.
    pub name: String,
    /// Its value.
    pub value: KwValue,
}

/// One call of an op, as data.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Case {
    /// The record's name (`remainder`, `add.reduce`).
    pub op: String,
    /// Positional operands.
    pub args: Vec<ArgSpec>,
    /// Keyword arguments, in call order.
    #[serde(default)]
    pub kwargs: Vec<KwArg>,
    /// `out=` tensors: none, one, or one per output.
    #[serde(default)]
    pub out: Vec<TensorSpec>,
}

/// `s` as a `&'static str`, leaked once per distinct string: [`Sample`] keyword names and
/// `Kw::Str` values are static, and a process only ever sees a handful of distinct ones.
pub fn intern(s: &str) -> &'static str {
    static SEEN: Mutex<Option<HashSet<&'static str>>> = Mutex::new(None);
    let mut g = SEEN.lock().unwrap_or_else(|e| e.into_inner());
    let set = g.get_or_insert_with(HashSet::new);
    if let Some(&k) = set.get(s) {
        return k;
    }
    let k: &'static str = Box::leak(s.to_string().into_boxed_str());
    set.insert(k);
    k
}

impl KwValue {
    /// The value of a [`Kw`].
    pub fn from_kw(k: &Kw) -> Result<KwValue, String> {
        Ok(match k {
            Kw::None => KwValue::None,
            Kw::Bool(b) => KwValue::Bool(*b),
            Kw::Int(i) => KwValue::Int(*i),
            Kw::Ints(v) => KwValue::Ints(v.clone()),
            Kw::Float(x) => KwValue::Float(Real::float(*x)),
            Kw::Str(s) => KwValue::Str(s.to_string()),
            Kw::DType(d) => KwValue::Dtype(d.name().to_string()),
            Kw::Tensor(t) => KwValue::Tensor(TensorSpec::from_tensor(t)?),
            Kw::Scalar(s) => KwValue::Scalar(PyValue::from_scalar(*s)),
        })
    }

    /// The [`Kw`] (new buffers for tensors).
    pub fn to_kw(&self) -> Result<Kw, String> {
        Ok(match self {
            KwValue::None => Kw::None,
            KwValue::Bool(b) => Kw::Bool(*b),
            KwValue::Int(i) => Kw::Int(*i),
            KwValue::Ints(v) => Kw::Ints(v.clone()),
            KwValue::Float(r) => Kw::Float(r.to_f64()?),
            KwValue::Str(s) => Kw::Str(intern(s)),
            KwValue::Dtype(d) => {
                Kw::DType(DType::from_name(d).ok_or_else(|| format!("unknown dtype {d:?}"))?)
            }
            KwValue::Tensor(t) => Kw::Tensor(t.to_tensor()?),
            KwValue::Scalar(s) => Kw::Scalar(s.to_scalar()?),
        })
    }
}

impl Case {
    /// The case of sample `s` of op `op` (tensors copied with their whole storage).
    pub fn from_sample(op: &str, s: &Sample) -> Result<Case, String> {
        Ok(Case {
            op: op.to_string(),
            args: s
                .args
                .iter()
                .map(|a| {
                    Ok(match a {
                        Arg::Tensor(t) => ArgSpec::Tensor(TensorSpec::from_tensor(t)?),
                        Arg::Scalar(x) => ArgSpec::Python(PyValue::from_scalar(*x)),
                    })
                })
                .collect::<Result<_, String>>()?,
            kwargs: s
                .kwargs
                .iter()
                .map(|(k, v)| {
                    Ok(KwArg {
                        name: k.to_string(),
                        value: KwValue::from_kw(v)?,
                    })
                })
                .collect::<Result<_, String>>()?,
            out: s
                .out
                .iter()
                .map(TensorSpec::from_tensor)
                .collect::<Result<_, _>>()?,
        })
    }

    /// The sample: every tensor a new host buffer, so each call gets its own `out=`.
    pub fn to_sample(&self) -> Result<Sample, String> {
        let args = self
            .args
            .iter()
            .map(|a| match a {
                ArgSpec::Tensor(t) => t.to_tensor().map(Arg::Tensor),
                ArgSpec::Python(p) => p.to_scalar().map(Arg::Scalar),
            })
            .collect::<Result<Vec<_>, _>>()?;
        let mut s = Sample::new("case", self.describe(), args);
        for k in &self.kwargs {
            s.kwargs.push((intern(&k.name), k.value.to_kw()?));
        }
        s.out = self
            .out
            .iter()
            .map(TensorSpec::to_tensor)
            .collect::<Result<_, _>>()?;
        Ok(s)
    }

    /// The case from its JSON text.
    pub fn from_json(text: &str) -> Result<Case, String> {
        serde_json::from_str(text).map_err(|e| format!("not a case: {e}"))
    }

    /// The dtype of the first tensor operand: the dtype of the matrix trial the case
    /// belongs to.
    pub fn trial_dtype(&self) -> Option<DType> {
        self.args.iter().find_map(|a| match a {
            ArgSpec::Tensor(t) => t.dtype().ok(),
            ArgSpec::Python(_) => None,
        })
    }

    /// Operand dtypes, Python scalars by kind (`int16, int`).
    pub fn dtype_signature(&self) -> String {
        self.args
            .iter()
            .map(|a| match a {
                ArgSpec::Tensor(t) => t.dtype.clone(),
                ArgSpec::Python(p) => p.kind().to_string(),
            })
            .collect::<Vec<_>>()
            .join(", ")
    }

    /// Elements of every tensor operand's view together.
    pub fn operand_elements(&self) -> usize {
        self.args
            .iter()
            .map(|a| match a {
                ArgSpec::Tensor(t) => t.numel(),
                ArgSpec::Python(_) => 1,
            })
            .sum()
    }

    /// A one-line description: operand dtypes, shapes and layouts, keywords and `out=`.
    pub fn describe(&self) -> String {
        let t = |t: &TensorSpec| {
            let mut s = format!("{} {:?}", t.dtype, t.shape);
            if !t.is_plain() {
                s.push_str(&format!(" strides {:?} offset {}", t.strides, t.offset));
            }
            s
        };
        let mut parts: Vec<String> = self
            .args
            .iter()
            .map(|a| match a {
                ArgSpec::Tensor(x) => t(x),
                ArgSpec::Python(p) => match p.to_scalar() {
                    Ok(s) => format!("python {s:?}"),
                    Err(e) => e,
                },
            })
            .collect();
        for k in &self.kwargs {
            let v = match k.value.to_kw() {
                Ok(Kw::Tensor(x)) => format!("array {} {:?}", x.dtype(), x.shape()),
                Ok(v) => crate::kwargs::show(&v),
                Err(e) => e,
            };
            parts.push(format!("{}={v}", k.name));
        }
        if !self.out.is_empty() {
            let outs: Vec<String> = self.out.iter().map(t).collect();
            parts.push(format!("out=({})", outs.join(", ")));
        }
        parts.join(", ")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_strided_case_round_trips_through_json_exactly() {
        let base = Tensor::from_vec(
            vec![-0.0f32, f32::NAN, -f32::NAN, f32::INFINITY, 1.5, 1e-45],
            &[2, 3],
        )
        .unwrap();
        let view = base
            .slice(&[
                backends::ops::view::Slice::step(-1),
                backends::ops::view::Slice::step(2),
            ])
            .unwrap();
        let s = Sample::new(
            "t",
            "",
            vec![
                Arg::Tensor(view.clone()),
                Arg::Scalar(PyScalar::Int(1 << 70)),
            ],
        )
        .kw("axis", Kw::Ints(vec![0, -1]))
        .kw("method", Kw::Str("nearest"));
        let c = Case::from_sample("add", &s).unwrap();
        let text = serde_json::to_string(&c).unwrap();
        let back = Case::from_json(&text).unwrap();
        assert_eq!(back, c);
        let s2 = back.to_sample().unwrap();
        let t = s2.tensor(0).unwrap();
        assert_eq!(t.strides(), view.strides());
        assert_eq!(t.layout().offset(), view.layout().offset());
        let (a, b) = (t.to_vec::<f32>().unwrap(), view.to_vec::<f32>().unwrap());
        assert_eq!(
            a.iter().map(|x| x.to_bits()).collect::<Vec<_>>(),
            b.iter().map(|x| x.to_bits()).collect::<Vec<_>>()
        );
        assert!(matches!(s2.args[1], Arg::Scalar(PyScalar::Int(v)) if v == 1 << 70));
        assert!(matches!(s2.kwargs[1], ("method", Kw::Str("nearest"))));
    }

    #[test]
    fn bad_cases_are_errors_not_panics() {
        assert!(Case::from_json("{").is_err());
        let mut t = TensorSpec::contiguous(DType::F64, &[2], vec![Elem::Real(Real::Int(1))]);
        assert!(t.to_tensor().is_err(), "one element for shape [2]");
        t.dtype = "float99".into();
        assert!(t.to_tensor().is_err());
        assert!(PyValue::Int("1e5".into()).to_scalar().is_err());
    }
}
