//! Reduction tests against values computed by NumPy 2.4 (the command is in each comment).

use crate::dtype::DType;
use crate::element::Cf64;
use crate::error::ErrorKind;
use crate::ops::reduce::{Axis, ReduceArgs};
use crate::promotion::PyScalar;
use crate::tensor::Tensor;
use half::f16;

/// `x = (np.arange(3000, dtype=np.float32) * np.float32(0.37)) % np.float32(7.1)`.
fn data() -> Vec<f32> {
    (0..3000).map(|i| (i as f32 * 0.37f32) % 7.1f32).collect()
}

fn bits32(t: &Tensor) -> Vec<u32> {
    t.to_vec::<f32>()
        .unwrap()
        .iter()
        .map(|v| v.to_bits())
        .collect()
}

fn ax(a: isize) -> ReduceArgs {
    ReduceArgs::axis(a)
}

#[test]
fn float32_sum_mean_var_bits() {
    let x = Tensor::from_vec(data(), &[3000]).unwrap();
    // hex(np.sum(x).view(np.uint32)), np.mean, np.var, np.std(ddof=1)
    assert_eq!(
        bits32(&x.sum(&ReduceArgs::default()).unwrap()),
        [0x4625f2fa]
    );
    assert_eq!(
        bits32(&x.mean(&ReduceArgs::default()).unwrap()),
        [0x4062936d]
    );
    assert_eq!(
        bits32(&x.var(&ReduceArgs::default(), 0.0).unwrap()),
        [0x40869b6c]
    );
    assert_eq!(
        bits32(&x.std(&ReduceArgs::default(), 1.0).unwrap()),
        [0x400348ac]
    );
    // np.sum(x.reshape(300, 10), axis=1)[:3]
    let m = x.reshape(&[300, 10]).unwrap();
    let s = bits32(&m.sum(&ax(1)).unwrap());
    assert_eq!(&s[..3], &[0x41853334, 0x42569999, 0x419d3335]);
}

/// The bits of a reduction depend on the logical values only: a transposed (F-order) copy and
/// a reversed view give the same bits along every axis, serial or parallel.
#[test]
fn layout_independent_bits() {
    let v: Vec<f64> = (0..200_000)
        .map(|i| ((i * 7919) % 10007) as f64 * 1e-3 - 3.0)
        .collect();
    let c = Tensor::from_vec(v, &[500, 400]).unwrap();
    // An F-ordered copy of the same logical array: transpose, copy, transpose back.
    let f = c.transpose().copy().unwrap().transpose();
    for a in [0isize, 1] {
        let x = c.sum(&ax(a)).unwrap().to_vec::<f64>().unwrap();
        let y = f.sum(&ax(a)).unwrap().to_vec::<f64>().unwrap();
        assert!(
            x.iter().zip(&y).all(|(p, q)| p.to_bits() == q.to_bits()),
            "axis {a}"
        );
    }
    let all_c = c
        .sum(&ReduceArgs::default())
        .unwrap()
        .to_vec::<f64>()
        .unwrap();
    let all_f = f
        .sum(&ReduceArgs::default())
        .unwrap()
        .to_vec::<f64>()
        .unwrap();
    assert_eq!(all_c[0].to_bits(), all_f[0].to_bits());
    // A column reduced through the column-tile path equals the same column reduced alone.
    let col = c.slice_cols(7);
    let alone = col
        .sum(&ReduceArgs::default())
        .unwrap()
        .to_vec::<f64>()
        .unwrap()[0];
    assert_eq!(
        c.sum(&ax(0)).unwrap().to_vec::<f64>().unwrap()[7].to_bits(),
        alone.to_bits()
    );
}

impl Tensor {
    /// Column `j` of a matrix as a contiguous 1-d copy (test helper).
    fn slice_cols(&self, j: usize) -> Tensor {
        let v = self.to_vec::<f64>().unwrap();
        let (r, c) = (self.shape()[0], self.shape()[1]);
        Tensor::from_vec((0..r).map(|i| v[i * c + j]).collect(), &[r]).unwrap()
    }
}

#[test]
fn half_mean_var_sum() {
    // h = x[:1001].astype(np.float16); np.mean(h), np.var(h), np.sum(h) as uint16 bits
    let h: Vec<f16> = data()[..1001].iter().map(|&v| f16::from_f32(v)).collect();
    let t = Tensor::from_vec(h, &[1001]).unwrap();
    let b = |t: Tensor| t.to_vec::<f16>().unwrap()[0].to_bits();
    assert_eq!(b(t.mean(&ReduceArgs::default()).unwrap()), 0x4312);
    assert_eq!(b(t.var(&ReduceArgs::default(), 0.0).unwrap()), 0x4438);
    assert_eq!(b(t.sum(&ReduceArgs::default()).unwrap()), 0x6ae9);
}

#[test]
fn integer_dtypes_and_wrapping() {
    let i8s = Tensor::from_vec(vec![100i8, 100, 100], &[3]).unwrap();
    let s = i8s.sum(&ReduceArgs::default()).unwrap();
    assert_eq!(s.dtype(), DType::I64);
    assert_eq!(s.to_vec::<i64>().unwrap(), [300]);
    let u = Tensor::from_vec(vec![200u8, 200], &[2]).unwrap();
    assert_eq!(u.sum(&ReduceArgs::default()).unwrap().dtype(), DType::U64);
    // np.sum(np.array([2**62]*3, np.int64)) == -4611686018427387904
    let big = Tensor::from_vec(vec![1i64 << 62; 3], &[3]).unwrap();
    assert_eq!(
        big.sum(&ReduceArgs::default())
            .unwrap()
            .to_vec::<i64>()
            .unwrap(),
        [-4611686018427387904]
    );
    // np.mean(np.array([1, 2, 4], np.int8)) == 2.3333333333333335 (float64)
    let m = Tensor::from_vec(vec![1i8, 2, 4], &[3])
        .unwrap()
        .mean(&ReduceArgs::default())
        .unwrap();
    assert_eq!(m.to_vec::<f64>().unwrap(), [2.3333333333333335]);
    // np.cumsum(np.array([[1,2],[3,4]], np.int8), axis=0) -> [[1,2],[4,6]] int64
    let a = Tensor::from_vec(vec![1i8, 2, 3, 4], &[2, 2]).unwrap();
    let c = a.cumsum(Some(0), None, None).unwrap();
    assert_eq!(c.dtype(), DType::I64);
    assert_eq!(c.to_vec::<i64>().unwrap(), [1, 2, 4, 6]);
    // np.cumprod(np.array([[1,2],[3,4]]), axis=1) -> [[1,2],[3,12]]
    let a = Tensor::from_vec(vec![1i64, 2, 3, 4], &[2, 2]).unwrap();
    assert_eq!(
        a.cumprod(Some(1), None, None)
            .unwrap()
            .to_vec::<i64>()
            .unwrap(),
        [1, 2, 3, 12]
    );
    // np.count_nonzero(np.ones((2,3))) -> np.int64(6), 0-d
    let n = Tensor::from_vec(vec![1.0f64; 6], &[2, 3])
        .unwrap()
        .count_nonzero(&Axis::All, false)
        .unwrap();
    assert_eq!((n.ndim(), n.to_vec::<i64>().unwrap()), (0, vec![6]));
}

#[test]
fn nan_and_complex_extrema() {
    let nan = f64::NAN;
    let x = Tensor::from_vec(vec![1.0, nan, 3.0, nan], &[4]).unwrap();
    assert!(x
        .max(&ReduceArgs::default())
        .unwrap()
        .to_vec::<f64>()
        .unwrap()[0]
        .is_nan());
    // np.argmax(np.array([1, np.nan, 3, np.nan])) == 1
    assert_eq!(
        x.argmax(None, false, None)
            .unwrap()
            .to_vec::<i64>()
            .unwrap(),
        [1]
    );
    assert_eq!(
        x.nanmax(&ReduceArgs::default())
            .unwrap()
            .to_vec::<f64>()
            .unwrap(),
        [3.0]
    );
    assert_eq!(
        x.nansum(&ReduceArgs::default())
            .unwrap()
            .to_vec::<f64>()
            .unwrap(),
        [4.0]
    );
    assert_eq!(
        x.nanargmax(None, false, None)
            .unwrap()
            .to_vec::<i64>()
            .unwrap(),
        [2]
    );
    let all_nan = Tensor::from_vec(vec![nan, nan], &[2]).unwrap();
    assert_eq!(
        all_nan.nanargmax(None, false, None).unwrap_err().kind(),
        ErrorKind::Value
    );
    assert!(all_nan
        .nanmax(&ReduceArgs::default())
        .unwrap()
        .to_vec::<f64>()
        .unwrap()[0]
        .is_nan());
    assert_eq!(
        all_nan
            .nansum(&ReduceArgs::default())
            .unwrap()
            .to_vec::<f64>()
            .unwrap(),
        [0.0]
    );
    assert!(all_nan
        .nanmean(&ReduceArgs::default())
        .unwrap()
        .to_vec::<f64>()
        .unwrap()[0]
        .is_nan());
    // np.max(np.array([1+1j, np.nan+0j, 2+0j])) -> (nan+0j); np.argmax -> 1
    let c = Tensor::from_vec(
        vec![
            Cf64::new(1.0, 1.0),
            Cf64::new(nan, 0.0),
            Cf64::new(2.0, 0.0),
        ],
        &[3],
    )
    .unwrap();
    assert!(c
        .max(&ReduceArgs::default())
        .unwrap()
        .to_vec::<Cf64>()
        .unwrap()[0]
        .re
        .is_nan());
    assert_eq!(
        c.argmax(None, false, None)
            .unwrap()
            .to_vec::<i64>()
            .unwrap(),
        [1]
    );
    // np.var(np.array([1+2j, 3-1j, -2+0.5j])) == 5.722222222222222 (float64)
    let c = Tensor::from_vec(
        vec![
            Cf64::new(1.0, 2.0),
            Cf64::new(3.0, -1.0),
            Cf64::new(-2.0, 0.5),
        ],
        &[3],
    )
    .unwrap();
    let v = c.var(&ReduceArgs::default(), 0.0).unwrap();
    assert_eq!(v.dtype(), DType::F64);
    assert_eq!(v.to_vec::<f64>().unwrap(), [5.722222222222222]);
    // argmax ties: first occurrence; complex lexicographic
    let t = Tensor::from_vec(
        vec![
            Cf64::new(2.0, 1.0),
            Cf64::new(2.0, 3.0),
            Cf64::new(2.0, 3.0),
        ],
        &[3],
    )
    .unwrap();
    assert_eq!(
        t.argmax(None, false, None)
            .unwrap()
            .to_vec::<i64>()
            .unwrap(),
        [1]
    );
    assert_eq!(
        t.argmin(None, false, None)
            .unwrap()
            .to_vec::<i64>()
            .unwrap(),
        [0]
    );
}

#[test]
fn empty_and_errors() {
    let e = Tensor::zeros(&[0, 3], DType::F64).unwrap();
    // np.max(np.zeros((0,3)), axis=1).shape == (0,); axis=0 / None: ValueError
    assert_eq!(e.max(&ax(1)).unwrap().shape(), &[0]);
    assert_eq!(e.max(&ax(0)).unwrap_err().kind(), ErrorKind::Value);
    assert_eq!(
        e.max(&ReduceArgs::default()).unwrap_err().kind(),
        ErrorKind::Value
    );
    assert_eq!(
        e.argmax(Some(0), false, None).unwrap_err().kind(),
        ErrorKind::Value
    );
    assert_eq!(e.sum(&ax(0)).unwrap().to_vec::<f64>().unwrap(), [0.0; 3]);
    assert_eq!(e.prod(&ax(0)).unwrap().to_vec::<f64>().unwrap(), [1.0; 3]);
    assert_eq!(
        e.all(&ReduceArgs::default())
            .unwrap()
            .to_vec::<bool>()
            .unwrap(),
        [true]
    );
    assert_eq!(
        e.any(&ReduceArgs::default())
            .unwrap()
            .to_vec::<bool>()
            .unwrap(),
        [false]
    );
    assert!(e.mean(&ax(0)).unwrap().to_vec::<f64>().unwrap()[0].is_nan());
    let x = Tensor::from_vec(vec![1.0f64, 2.0, 4.0], &[3]).unwrap();
    // max with where= and no initial: ValueError; with initial=0 fine
    let w = Tensor::from_vec(vec![true, false, true], &[3]).unwrap();
    let mut a = ReduceArgs {
        where_: Some(w.clone()),
        ..ReduceArgs::default()
    };
    assert_eq!(x.max(&a).unwrap_err().kind(), ErrorKind::Value);
    a.initial = Some(PyScalar::Int(0));
    assert_eq!(x.max(&a).unwrap().to_vec::<f64>().unwrap(), [4.0]);
    // np.sum(np.ones(3), initial=5, where=[True, False, True]) == 7.0
    let ones = Tensor::from_vec(vec![1.0f64; 3], &[3]).unwrap();
    let a = ReduceArgs {
        where_: Some(w),
        initial: Some(PyScalar::Int(5)),
        ..ReduceArgs::default()
    };
    assert_eq!(ones.sum(&a).unwrap().to_vec::<f64>().unwrap(), [7.0]);
    // np.var(np.array([1., 2., 4.]), ddof=3) == inf
    assert_eq!(
        x.var(&ReduceArgs::default(), 3.0)
            .unwrap()
            .to_vec::<f64>()
            .unwrap(),
        [f64::INFINITY]
    );
    // ptp of bool: TypeError; max with dtype=: TypeError (unexpected keyword)
    let b = Tensor::from_vec(vec![true, false], &[2]).unwrap();
    assert_eq!(
        b.ptp(&ReduceArgs::default()).unwrap_err().kind(),
        ErrorKind::Type
    );
    // out= of the wrong shape: ValueError; a float result into int64 out: unsafe cast (3)
    let bad = Tensor::zeros(&[2], DType::F64).unwrap();
    let a = ReduceArgs {
        out: Some(bad),
        ..ReduceArgs::default()
    };
    assert_eq!(x.sum(&a).unwrap_err().kind(), ErrorKind::Value);
    let o = Tensor::zeros(&[], DType::I64).unwrap();
    let h = Tensor::from_vec(vec![1.5f64, 1.5], &[2]).unwrap();
    let a = ReduceArgs {
        out: Some(o.clone()),
        ..ReduceArgs::default()
    };
    h.sum(&a).unwrap();
    assert_eq!(o.to_vec::<i64>().unwrap(), [3]);
    // np.sin.reduce: ValueError; np.subtract.reduce: not here
    let sin = crate::ops::ufunc("sin").unwrap();
    assert_eq!(sin.reduce(&x, &ax(0)).unwrap_err().kind(), ErrorKind::Value);
    let sub = crate::ops::ufunc("subtract").unwrap();
    assert_eq!(
        sub.reduce(&x, &ax(0)).unwrap_err().kind(),
        ErrorKind::Unsupported
    );
    let add = crate::ops::ufunc("add").unwrap();
    assert_eq!(
        add.accumulate(&x, 0, None, None)
            .unwrap()
            .to_vec::<f64>()
            .unwrap(),
        [1.0, 3.0, 7.0]
    );
    // np.nanvar([1, nan, 4], ddof=2) -> nan; np.nanstd([1, nan, 4, 5]) == 1.699673171197595
    let n = Tensor::from_vec(vec![1.0, f64::NAN, 4.0], &[3]).unwrap();
    assert!(n
        .nanvar(&ReduceArgs::default(), 2.0)
        .unwrap()
        .to_vec::<f64>()
        .unwrap()[0]
        .is_nan());
    let n = Tensor::from_vec(vec![1.0, f64::NAN, 4.0, 5.0], &[4]).unwrap();
    assert_eq!(
        n.nanstd(&ReduceArgs::default(), 0.0)
            .unwrap()
            .to_vec::<f64>()
            .unwrap(),
        [1.699673171197595]
    );
}

/// NumPy's complex tree (4 complex accumulators, blocks of 64):
/// `x = (np.arange(1000, dtype=np.float32) * np.float32(0.37)) % np.float32(7.1)`,
/// `c = (x[:500] + 1j * x[500:]).astype(np.complex64)`, `np.sum(c)` as float32 bits.
#[test]
fn complex64_sum_bits() {
    let x: Vec<f32> = data()[..1000].to_vec();
    let c: Vec<crate::element::Cf32> = (0..500)
        .map(|i| crate::element::Cf32::new(x[i], x[500 + i]))
        .collect();
    let s = Tensor::from_vec(c, &[500])
        .unwrap()
        .sum(&ReduceArgs::default())
        .unwrap();
    let s = s.to_vec::<crate::element::Cf32>().unwrap()[0];
    assert_eq!((s.re.to_bits(), s.im.to_bits()), (0x44dd09a4, 0x44dd301e));
}

/// The blocked argmax/argmin path across block boundaries: ties give the first position, the
/// first NaN wins. Expected positions as NumPy gives them (`np.argmax` of the same arrays).
#[test]
fn blocked_arg_extremes_first_occurrence() {
    let n = 3 * 4096 + 17;
    let mut v = vec![0.0f64; n];
    v[5000] = 9.0;
    v[9000] = 9.0;
    v[100] = -3.0;
    v[12000] = -3.0;
    let t = Tensor::from_vec(v.clone(), &[n]).unwrap();
    let idx = |r: Tensor| r.to_vec::<i64>().unwrap()[0];
    assert_eq!(idx(t.argmax(None, false, None).unwrap()), 5000);
    assert_eq!(idx(t.argmin(None, false, None).unwrap()), 100);
    v[8500] = f64::NAN;
    v[12100] = f64::NAN;
    let t = Tensor::from_vec(v, &[n]).unwrap();
    assert_eq!(idx(t.argmax(None, false, None).unwrap()), 8500);
    assert_eq!(idx(t.argmin(None, false, None).unwrap()), 8500);
    // Above the parallel block threshold: the maximum in the last block, a tie in an earlier.
    let n = (1 << 20) + 5;
    let mut w = vec![1.0f32; n];
    w[n - 1] = 2.0;
    w[700_000] = 2.0;
    let t = Tensor::from_vec(w, &[n]).unwrap();
    assert_eq!(idx(t.argmax(None, false, None).unwrap()), 700_000);
}
