//! Engine smoke tests independent of NumPy: views, broadcasting and promotion wiring.

use backends::ops::view::Slice;
use backends::{ufunc, Arg, DType, PyScalar, Tensor};

#[test]
fn add_broadcasts_negative_stride_and_promotes() {
    let a = Tensor::from_vec((0..6).map(|x| x as i8).collect::<Vec<_>>(), &[2, 3]).unwrap();
    let b = Tensor::from_vec(vec![10.0f32, 20.0, 30.0], &[3]).unwrap();
    let b_rev = b.slice(&[Slice::step(-1)]).unwrap();
    let r = ufunc("add")
        .unwrap()
        .call(&[Arg::from(&a), Arg::from(&b_rev)], None)
        .unwrap();
    assert_eq!(r.dtype(), DType::F32);
    assert_eq!(
        r.to_vec::<f32>().unwrap(),
        vec![30.0, 21.0, 12.0, 33.0, 24.0, 15.0]
    );
    let t = a.transpose();
    let r = ufunc("add")
        .unwrap()
        .call(&[Arg::from(&t), Arg::Scalar(PyScalar::Int(1))], None)
        .unwrap();
    assert_eq!(r.dtype(), DType::I8);
    assert_eq!(r.shape(), &[3, 2]);
    assert_eq!(r.to_vec::<i8>().unwrap(), vec![1, 4, 2, 5, 3, 6]);
}

#[test]
fn in_place_add_writes_through_views() {
    let a = Tensor::from_vec(vec![1.0f64, 2.0, 3.0, 4.0], &[4]).unwrap();
    let v = a.slice(&[Slice::step(2)]).unwrap();
    ufunc("add")
        .unwrap()
        .call(
            &[Arg::from(&v), Arg::Scalar(PyScalar::Float(0.5))],
            Some(&v),
        )
        .unwrap();
    assert_eq!(a.to_vec::<f64>().unwrap(), vec![1.5, 2.0, 3.5, 4.0]);
    let i = Tensor::from_vec(vec![1i32, 2], &[2]).unwrap();
    let err = ufunc("add").unwrap().call(
        &[Arg::from(&i), Arg::Scalar(PyScalar::Float(0.5))],
        Some(&i),
    );
    assert_eq!(err.unwrap_err().kind(), backends::ErrorKind::Casting);
}
