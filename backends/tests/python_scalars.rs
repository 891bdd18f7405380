//! Python-scalar conventions, `out=` checks and read-only views, against values NumPy 2.4.6
//! gives for the same calls (each expectation was read off NumPy on this machine).

use backends::element::Cf64;
use backends::ops::multi::call;
use backends::{Arg, DType, ErrorKind, PyScalar, Tensor};

fn int(v: i128) -> Arg {
    Arg::Scalar(PyScalar::Int(v))
}

fn arr<T: backends::element::Element>(v: Vec<T>) -> Arg {
    let n = v.len();
    Arg::Tensor(Tensor::from_vec(v, &[n]).unwrap())
}

fn one(op: &'static str, args: Vec<Arg>) -> backends::Result<Tensor> {
    call(op, &args, &[]).map(|mut v| v.remove(0))
}

fn bools(op: &'static str, args: Vec<Arg>) -> Vec<bool> {
    one(op, args).unwrap().to_vec::<bool>().unwrap()
}

#[test]
fn comparisons_with_out_of_range_python_ints_are_exact() {
    // np.less_equal(-8, np.array([20], np.uint16)) -> [True], and the other five.
    let u16s = || arr(vec![20u16]);
    let expect = [
        ("equal", false),
        ("not_equal", true),
        ("less", true),
        ("less_equal", true),
        ("greater", false),
        ("greater_equal", false),
    ];
    for (op, want) in expect {
        assert_eq!(bools(op, vec![int(-8), u16s()]), [want], "{op}");
    }
    assert_eq!(bools("equal", vec![arr(vec![1u8]), int(300)]), [false]);
    assert_eq!(bools("less", vec![arr(vec![5i8]), int(1 << 70)]), [true]);
    assert_eq!(bools("greater", vec![arr(vec![5u64]), int(-1)]), [true]);
    assert_eq!(bools("less", vec![arr(vec![5i64]), int(1 << 63)]), [true]);
    // Two Python ints compare exactly (NumPy's object loop).
    assert_eq!(bools("less", vec![int(1 << 64), int(1)]), [false]);
    assert_eq!(bools("equal", vec![int(1 << 70), int(1 << 70)]), [true]);
    // A bool array runs the int64 loop, which the int must fit.
    let e = one("less", vec![arr(vec![true]), int(1 << 63)]).unwrap_err();
    assert_eq!(e.kind(), ErrorKind::Overflow);
}

#[test]
fn logical_ops_truth_test_python_scalars() {
    // np.logical_and(-2147483649, np.array([12], np.uint8)) -> [True]
    assert_eq!(
        bools("logical_and", vec![int(-2147483649), arr(vec![12u8])]),
        [true]
    );
    // A tiny float is not rounded to float32 first.
    let tiny = Arg::Scalar(PyScalar::Float(1e-300));
    assert_eq!(bools("logical_and", vec![tiny, arr(vec![1f32])]), [true]);
    // Through a C long: beyond int64 is an OverflowError, even for 2**63.
    let e = one("logical_xor", vec![int(1 << 63), arr(vec![true])]).unwrap_err();
    assert_eq!(e.kind(), ErrorKind::Overflow);
}

#[test]
fn python_ints_beyond_64_bits_do_not_wrap_into_floats() {
    // np.hypot(np.array([0.75], np.float16), 2**64) -> [inf]
    let h = half::f16::from_f32(0.75);
    let r = one("hypot", vec![arr(vec![h]), int(1 << 64)]).unwrap();
    assert_eq!(r.to_vec::<half::f16>().unwrap(), [half::f16::INFINITY]);
    // np.hypot(2**64, 1) -> 1.8446744073709552e19 (float64 loop)
    let r = one("hypot", vec![int(1 << 64), int(1)]).unwrap();
    assert_eq!(r.to_vec::<f64>().unwrap(), [1.8446744073709552e19]);
}

#[test]
fn where_and_clip_take_python_scalars_their_own_way() {
    let f = || arr(vec![false]);
    // np.where(np.array([False]), np.array([255], np.uint8), -6) -> [250]
    let r = one("where", vec![f(), arr(vec![255u8]), int(-6)]).unwrap();
    assert_eq!(r.to_vec::<u8>().unwrap(), [250]);
    let r = one("where", vec![f(), arr(vec![5i64]), int(1 << 63)]).unwrap();
    assert_eq!(r.to_vec::<i64>().unwrap(), [i64::MIN]);
    let e = one("where", vec![f(), arr(vec![5u64]), int(1 << 64)]).unwrap_err();
    assert_eq!(e.kind(), ErrorKind::Overflow);
    // A condition beyond uint64 is still only truth-tested.
    let r = one("where", vec![int(1 << 70), int(1), int(2)]).unwrap();
    assert_eq!(r.to_vec::<i64>().unwrap(), [1]);
    // np.clip(0, np.array([3.7262361], np.float32), 1e-05) is float64: `a` is an array.
    let r = one(
        "clip",
        vec![
            int(0),
            arr(vec![3.726_236_f32]),
            Arg::Scalar(PyScalar::Float(1e-5)),
        ],
    )
    .unwrap();
    assert_eq!(r.dtype(), DType::F64);
    // np.clip(np.array([36334], np.uint16), -9, np.array([13], np.uint16)) -> [13]
    let r = one("clip", vec![arr(vec![36334u16]), int(-9), arr(vec![13u16])]).unwrap();
    assert_eq!(r.to_vec::<u16>().unwrap(), [13]);
    // An a_min above the range is kept, and overflows.
    let e = one("clip", vec![arr(vec![5u8]), int(300), int(400)]).unwrap_err();
    assert_eq!(e.kind(), ErrorKind::Overflow);
}

#[test]
fn unary_calls_on_a_python_scalar_see_asarray() {
    // np.imag(False) is the int 0; np.negative(2**63) is uint64.
    let r = one("imag", vec![Arg::Scalar(PyScalar::Bool(false))]).unwrap();
    assert_eq!(r.dtype(), DType::I64);
    let r = one("negative", vec![int(1 << 63)]).unwrap();
    assert_eq!(r.to_vec::<u64>().unwrap(), [1u64 << 63]);
    // np.arctan(-2**63 - 1): an object array, which has no arctan loop.
    let e = one("arctan", vec![int(-(1 << 63) - 1)]).unwrap_err();
    assert_eq!(e.kind(), ErrorKind::Type);
}

#[test]
fn out_checks_come_in_numpy_order() {
    // np.log1p(np.array([], np.int64), out=np.array([False])): the casting error wins.
    let x = arr(Vec::<i64>::new());
    let out = Tensor::from_vec(vec![false], &[1]).unwrap();
    let e = call("log1p", &[x], &[out]).unwrap_err();
    assert_eq!(e.kind(), ErrorKind::Casting);
    // A read-only out= comes first of all, before casting and shape errors.
    let ro = Tensor::zeros(&[1], DType::I8)
        .unwrap()
        .broadcast_to(&[3])
        .unwrap();
    let e = call("sin", &[arr(vec![0.0f64; 4])], std::slice::from_ref(&ro)).unwrap_err();
    assert_eq!(e.kind(), ErrorKind::Value);
    let e = call(
        "divmod",
        &[arr(vec![1.0f64; 3]), 1.0.into()],
        &[ro.clone(), ro],
    )
    .unwrap_err();
    assert_eq!(e.kind(), ErrorKind::Value);
    // np.divmod(zeros(3), 1.0, out=(zeros(3, int), zeros(4))): casting before shape.
    let outs = [
        Tensor::zeros(&[3], DType::I64).unwrap(),
        Tensor::zeros(&[4], DType::F64).unwrap(),
    ];
    let e = call("divmod", &[arr(vec![1.0f64; 3]), 1.0.into()], &outs).unwrap_err();
    assert_eq!(e.kind(), ErrorKind::Casting);
}

#[test]
fn broadcast_views_are_read_only_and_stay_so() {
    let base = Tensor::zeros(&[3], DType::F64).unwrap();
    assert!(base.is_writeable());
    // Even a broadcast that repeats nothing is read-only, as in NumPy.
    let v = base.broadcast_to(&[3]).unwrap();
    assert!(!v.is_writeable());
    assert!(!v.transpose().is_writeable());
    assert!(!v.reshape(&[3, 1]).unwrap().is_writeable());
    assert!(v.copy().unwrap().is_writeable());
    let e = v.add_(1.0).unwrap_err();
    assert_eq!(e.kind(), ErrorKind::Value);
    let e = v.copy_from(&base).unwrap_err();
    assert_eq!(e.kind(), ErrorKind::Value);
    assert_eq!(base.to_vec::<f64>().unwrap(), [0.0; 3]);
}

#[test]
fn complex_sqrt_of_subnormal_parts() {
    // np.sqrt(np.array([complex(0.0, -5e-324)])) -> 1.5717277847026288e-162-1.5717277847026288e-162j
    let r = one("sqrt", vec![arr(vec![Cf64::new(0.0, -5e-324)])]).unwrap();
    let z = r.to_vec::<Cf64>().unwrap()[0];
    assert!((z.re - 1.5717277847026288e-162).abs() <= 1e-177);
    assert!((z.im + 1.5717277847026288e-162).abs() <= 1e-177);
    // Both parts subnormal: scaled by 2^54 on the way, never 0 or inf.
    let r = one("sqrt", vec![arr(vec![Cf64::new(-7.2e-322, 1e-320)])]).unwrap();
    let z = r.to_vec::<Cf64>().unwrap()[0];
    assert!(z.re.is_finite() && z.re > 0.0 && z.im.is_finite() && z.im > 0.0);
}
