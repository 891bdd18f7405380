//! `numpy.fft`'s one-dimensional transforms (`fft`, `ifft`, `rfft`, `irfft`, `hfft`, `ihfft`)
//! on the host, through rustfft.
//!
//! NumPy's rules, followed here (they come from how `numpy/fft/_pocketfft.py` calls its
//! gufuncs, whose loops are registered float64 first):
//! - Precision: complex64 input runs in single precision, and so does float32 input to the
//!   real-input transforms (`rfft`, `ihfft`), which have an exact float32 loop; everything else
//!   (float32 or float16 input to the complex-input transforms, bool, integers, bfloat16) finds
//!   the float64 loop first and runs in double precision.
//! - Result dtype: `result_type(x.dtype, 1j)` for complex results (complex64 for float16,
//!   bfloat16, float32 and complex64; else complex128), `result_type(x.real.dtype, 1.0)` for
//!   the real results of `irfft`/`hfft` (float16 for float16, float32 for float32 and complex64,
//!   else float64), cast from the loop's precision once.
//! - `n` crops or zero-pads the input along `axis` (default: its length, or `2 * (m - 1)` for
//!   `irfft`/`hfft`) and must be at least 1; a bad `axis` is an IndexError (NumPy indexes
//!   `a.shape[axis]`).
//! - `norm` scales the forward direction by 1 (`backward`, the default), `1/sqrt(n)` (`ortho`)
//!   or `1/n` (`forward`), and the inverse the other way round; the factor is computed in
//!   `result_type(x.real.dtype, 1.0)` (so in float16 for float16 input), as NumPy does.
//! - `irfft`/`hfft` discard the imaginary parts of the zero and Nyquist frequencies, as
//!   pocketfft's complex-to-real transform does; the real-input transforms refuse complex input.

use crate::dtype::DType;
use crate::error::{Error, Result};
use crate::ops::astype::cast_unchecked;
use crate::ops::reduce::select::host_only;
use crate::tensor::Tensor;
use num_complex::Complex;
use rustfft::{FftDirection, FftNum, FftPlanner};

/// `norm=`: which direction is scaled, and how.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum FftNorm {
    /// No scaling forward, `1/n` inverse (NumPy's default, `norm=None`).
    Backward,
    /// `1/sqrt(n)` both ways.
    Ortho,
    /// `1/n` forward, none inverse.
    Forward,
}

impl FftNorm {
    /// `norm=` by NumPy's name (`None` is `backward`); anything else is NumPy's ValueError.
    pub fn parse(op: &'static str, name: Option<&str>) -> Result<FftNorm> {
        match name {
            None | Some("backward") => Ok(FftNorm::Backward),
            Some("ortho") => Ok(FftNorm::Ortho),
            Some("forward") => Ok(FftNorm::Forward),
            Some(other) => Err(Error::Value {
                op,
                msg: format!(
                    "Invalid norm value {other}; should be \"backward\",\"ortho\" or \"forward\"."
                ),
            }),
        }
    }

    /// The other direction's normalisation (`hfft` is `irfft` of the conjugate with it).
    fn swapped(self) -> FftNorm {
        match self {
            FftNorm::Backward => FftNorm::Forward,
            FftNorm::Ortho => FftNorm::Ortho,
            FftNorm::Forward => FftNorm::Backward,
        }
    }
}

/// What a transform of `dtype` input computes in and returns: the complex dtype of the loop
/// (complex64 or complex128), the result dtype, and the dtype the `norm` factor is computed in.
fn dtypes(kind: Kind, dtype: DType) -> (DType, DType, DType) {
    let single = match kind {
        Kind::R2c { .. } => dtype == DType::F32,
        Kind::C2c { .. } | Kind::C2r { .. } => dtype == DType::C64,
    };
    let loop_dtype = if single { DType::C64 } else { DType::C128 };
    let factor = match dtype {
        DType::F16 => DType::F16,
        DType::F32 | DType::C64 => DType::F32,
        _ => DType::F64,
    };
    let out = match (kind, dtype) {
        (Kind::C2r { .. }, _) => factor,
        (_, DType::F16 | DType::BF16 | DType::F32 | DType::C64) => DType::C64,
        _ => DType::C128,
    };
    (loop_dtype, out, factor)
}

/// `1/sqrt(n)` or `1/n` as NumPy computes it: `reciprocal(sqrt(n, dtype=d))` or
/// `reciprocal(n, dtype=d)`, every step rounded to `d` (float16 steps run in float32 and round,
/// as NumPy's half loops do).
fn rounded_factor(norm: FftNorm, n: usize, inverse: bool, d: DType) -> f64 {
    let sqrt = norm == FftNorm::Ortho;
    let scaled = sqrt
        || matches!(
            (norm, inverse),
            (FftNorm::Backward, true) | (FftNorm::Forward, false)
        );
    if !scaled {
        return 1.0;
    }
    match d {
        DType::F16 => {
            let h = |v: f32| half::f16::from_f32(v).to_f32();
            let x = h(n as f32);
            let x = if sqrt { h(x.sqrt()) } else { x };
            f64::from(h(1.0 / x))
        }
        DType::F32 => {
            let x = n as f32;
            let x = if sqrt { x.sqrt() } else { x };
            f64::from(1.0 / x)
        }
        _ => {
            let x = n as f64;
            1.0 / if sqrt { x.sqrt() } else { x }
        }
    }
}

/// The axis (NumPy indexes `a.shape[axis]`, so a bad one is an IndexError, not an AxisError)
/// and the transform length: `n`, else `default(m)` of the axis length `m`; below 1 it is
/// NumPy's ValueError.
fn axis_and_n(
    op: &'static str,
    x: &Tensor,
    n: Option<i64>,
    axis: isize,
    default: fn(usize) -> i64,
) -> Result<(usize, usize)> {
    let nd = x.ndim() as isize;
    if axis < -nd || axis >= nd {
        return Err(Error::Index {
            op,
            index: axis,
            axis: 0,
            size: x.ndim(),
        });
    }
    let ax = if axis < 0 { axis + nd } else { axis } as usize;
    let n = n.unwrap_or_else(|| default(x.shape()[ax]));
    if n < 1 {
        return Err(Error::Value {
            op,
            msg: format!("Invalid number of FFT data points ({n}) specified."),
        });
    }
    let n = usize::try_from(n).map_err(|_| Error::Value {
        op,
        msg: format!("Invalid number of FFT data points ({n}) specified."),
    })?;
    Ok((ax, n))
}

/// `x` cast to `dtype` with `axis` last, as rows of `m` elements of `T`.
fn rows<T: crate::element::Element>(x: &Tensor, dtype: DType, axis: usize) -> Result<Vec<T>> {
    let last = x.ndim() as isize - 1;
    cast_unchecked(x, dtype)?
        .moveaxis(axis as isize, last)?
        .contiguous()?
        .to_vec::<T>()
}

/// Transforms each of `outer` rows of `m` input elements, cropped or zero-padded to `n`, into
/// rows of `n`, scaled by `fct`. An empty axis still has its rows (`fft(np.ones((3, 0)), n=4)`
/// is three rows of zeros).
fn transform_rows<T: FftNum>(
    input: &[Complex<T>],
    outer: usize,
    m: usize,
    n: usize,
    inverse: bool,
    fct: f64,
) -> Vec<Complex<T>> {
    let mut buf = vec![Complex::new(T::zero(), T::zero()); outer * n];
    for r in 0..outer {
        let k = m.min(n);
        buf[r * n..r * n + k].copy_from_slice(&input[r * m..r * m + k]);
    }
    if !buf.is_empty() {
        let dir = if inverse {
            FftDirection::Inverse
        } else {
            FftDirection::Forward
        };
        FftPlanner::<T>::new().plan_fft(n, dir).process(&mut buf);
    }
    if fct != 1.0 {
        let f = T::from_f64(fct).expect("a float type");
        for z in &mut buf {
            *z = Complex::new(z.re * f, z.im * f);
        }
    }
    buf
}

/// Builds the output tensor of `data` (rows of `n` along the last axis, leading dims `lead`)
/// with that axis moved back to `axis`.
fn finish<T: crate::element::Element>(
    data: Vec<T>,
    lead: &[usize],
    n: usize,
    axis: usize,
) -> Result<Tensor> {
    let mut shape = lead.to_vec();
    shape.push(n);
    let last = shape.len() as isize - 1;
    Tensor::from_vec(data, &shape)?
        .moveaxis(last, axis as isize)?
        .contiguous()
}

/// The shape of `x` without `axis` (the leading dims of the rows).
fn lead_shape(x: &Tensor, axis: usize) -> Vec<usize> {
    let mut s = x.shape().to_vec();
    s.remove(axis);
    s
}

/// Which complex transform, and what is kept of it.
#[derive(Clone, Copy)]
enum Kind {
    /// Complex to complex, forward or inverse.
    C2c { inverse: bool },
    /// Real to complex (forward), the `n/2 + 1` non-negative frequencies, conjugated when
    /// `conj` (`ihfft`).
    R2c { conj: bool },
    /// Complex (Hermitian half-spectrum) to real, inverse, of the conjugate when `conj` (`hfft`).
    C2r { conj: bool },
}

/// One transform of `x` in precision `T` (f32 or f64).
fn run<T>(
    x: &Tensor,
    kind: Kind,
    n: usize,
    axis: usize,
    norm: FftNorm,
    cdtype: DType,
    fdt: DType,
) -> Result<Tensor>
where
    T: FftNum + crate::element::Element,
    Complex<T>: crate::element::Element,
{
    let m = x.shape()[axis];
    let lead = lead_shape(x, axis);
    let outer: usize = lead.iter().product();
    let input: Vec<Complex<T>> = rows(x, cdtype, axis)?;
    match kind {
        Kind::C2c { inverse } => {
            let out = transform_rows(
                &input,
                outer,
                m,
                n,
                inverse,
                rounded_factor(norm, n, inverse, fdt),
            );
            finish(out, &lead, n, axis)
        }
        Kind::R2c { conj } => {
            let full = transform_rows(
                &input,
                outer,
                m,
                n,
                false,
                rounded_factor(norm, n, false, fdt),
            );
            let h = n / 2 + 1;
            let mut out = Vec::with_capacity(full.len() / n.max(1) * h);
            for row in full.chunks(n) {
                out.extend(row[..h].iter().map(|z| if conj { z.conj() } else { *z }));
            }
            finish(out, &lead, h, axis)
        }
        Kind::C2r { conj } => {
            // The Hermitian spectrum of length n from the first n/2 + 1 coefficients (cropped
            // or zero-padded).
            let h = n / 2 + 1;
            let zero = Complex::new(T::zero(), T::zero());
            let mut spec = vec![zero; outer * n];
            for r in 0..outer {
                let src = &input[r * m..(r + 1) * m];
                let dst = &mut spec[r * n..(r + 1) * n];
                for k in 0..h.min(m) {
                    dst[k] = if conj { src[k].conj() } else { src[k] };
                }
                // The imaginary parts of the zero and (n even) Nyquist frequencies would add
                // only imaginary parts to the inverse, so pocketfft's c2r never reads them: it
                // is zeroed here, so that a NaN or infinity there does not reach the real
                // result through the complex transform (np.fft.irfft([0, 0, nan*1j]) is zeros).
                dst[0].im = T::zero();
                if n.is_multiple_of(2) {
                    dst[n / 2].im = T::zero();
                }
                for k in 1..n - h + 1 {
                    dst[n - k] = dst[k].conj();
                }
            }
            let full = transform_rows(&spec, outer, n, n, true, rounded_factor(norm, n, true, fdt));
            let out: Vec<T> = full.iter().map(|z| z.re).collect();
            finish(out, &lead, n, axis)
        }
    }
}

/// Runs `kind` in the loop precision NumPy picks for `x` and casts to its result dtype.
fn dispatch(
    op: &'static str,
    x: &Tensor,
    kind: Kind,
    n: usize,
    axis: usize,
    norm: FftNorm,
) -> Result<Tensor> {
    host_only(op, &[x])?;
    let (loop_dtype, out_dtype, fdt) = dtypes(kind, x.dtype());
    let out = if loop_dtype == DType::C64 {
        run::<f32>(x, kind, n, axis, norm, loop_dtype, fdt)?
    } else {
        run::<f64>(x, kind, n, axis, norm, loop_dtype, fdt)?
    };
    if out.dtype() == out_dtype {
        Ok(out)
    } else {
        cast_unchecked(&out, out_dtype)
    }
}

/// The real transforms' TypeError for complex input (NumPy has no complex loop for them).
fn real_only(op: &'static str, x: &Tensor) -> Result<()> {
    if x.dtype().is_complex() {
        return Err(Error::Type {
            op,
            msg: format!(
                "ufunc '{op}' did not contain a loop with signature matching types ({})",
                x.dtype().name()
            ),
        });
    }
    Ok(())
}

fn same_length(m: usize) -> i64 {
    m as i64
}

fn hermitian_length(m: usize) -> i64 {
    2 * (m as i64 - 1)
}

impl Tensor {
    /// `np.fft.fft(x, n, axis, norm)`: the discrete Fourier transform along `axis`.
    pub fn fft(&self, n: Option<i64>, axis: isize, norm: FftNorm) -> Result<Tensor> {
        let (ax, n) = axis_and_n("fft", self, n, axis, same_length)?;
        dispatch("fft", self, Kind::C2c { inverse: false }, n, ax, norm)
    }

    /// `np.fft.ifft(x, n, axis, norm)`: the inverse transform.
    pub fn ifft(&self, n: Option<i64>, axis: isize, norm: FftNorm) -> Result<Tensor> {
        let (ax, n) = axis_and_n("ifft", self, n, axis, same_length)?;
        dispatch("ifft", self, Kind::C2c { inverse: true }, n, ax, norm)
    }

    /// `np.fft.rfft(x, n, axis, norm)`: the transform of real input, non-negative frequencies.
    pub fn rfft(&self, n: Option<i64>, axis: isize, norm: FftNorm) -> Result<Tensor> {
        let (ax, n) = axis_and_n("rfft", self, n, axis, same_length)?;
        real_only("rfft", self)?;
        dispatch("rfft", self, Kind::R2c { conj: false }, n, ax, norm)
    }

    /// `np.fft.irfft(x, n, axis, norm)`: the inverse of `rfft`, `n` real points (default
    /// `2 * (m - 1)`).
    pub fn irfft(&self, n: Option<i64>, axis: isize, norm: FftNorm) -> Result<Tensor> {
        let (ax, n) = axis_and_n("irfft", self, n, axis, hermitian_length)?;
        dispatch("irfft", self, Kind::C2r { conj: false }, n, ax, norm)
    }

    /// `np.fft.hfft(x, n, axis, norm)`: the transform of a Hermitian-symmetric signal given by
    /// its first half, `n` real points (default `2 * (m - 1)`).
    pub fn hfft(&self, n: Option<i64>, axis: isize, norm: FftNorm) -> Result<Tensor> {
        let (ax, n) = axis_and_n("hfft", self, n, axis, hermitian_length)?;
        dispatch(
            "hfft",
            self,
            Kind::C2r { conj: true },
            n,
            ax,
            norm.swapped(),
        )
    }

    /// `np.fft.ihfft(x, n, axis, norm)`: the inverse of `hfft`, of real input.
    pub fn ihfft(&self, n: Option<i64>, axis: isize, norm: FftNorm) -> Result<Tensor> {
        let (ax, n) = axis_and_n("ihfft", self, n, axis, same_length)?;
        real_only("ihfft", self)?;
        dispatch(
            "ihfft",
            self,
            Kind::R2c { conj: true },
            n,
            ax,
            norm.swapped(),
        )
    }
}
