//! Bad input gets NumPy's error, never an abort: sizes NumPy refuses (ValueError), allocations
//! that fail (MemoryError), element counts that overflow. The cases are the ones NumPy answers
//! without allocating; 2**44 float64 elements (128 TiB) exceed any machine's memory and the
//! 47-bit address space, so the allocation fails even where memory is overcommitted.

use backends::{ufunc, Arg, DType, ErrorKind, Tensor};

fn kind<T: std::fmt::Debug>(r: backends::Result<T>) -> ErrorKind {
    r.expect_err("an error, as NumPy raises").kind()
}

fn one() -> Tensor {
    Tensor::from_vec(vec![1.0f64], &[1]).unwrap()
}

#[test]
fn zeros_too_big_or_too_large_to_allocate() {
    // np.zeros((2**44,)) -> MemoryError; np.zeros((2**62, 8)) -> ValueError "array is too big".
    assert_eq!(
        kind(Tensor::zeros(&[1 << 44], DType::F64)),
        ErrorKind::Memory
    );
    assert_eq!(
        kind(Tensor::zeros(&[1 << 62, 8], DType::F64)),
        ErrorKind::Value
    );
    // A zero dimension does not hide the overflow of the others (NumPy: ValueError).
    assert_eq!(
        kind(Tensor::zeros(&[0, 1 << 62, 8], DType::F64)),
        ErrorKind::Value
    );
    assert_eq!(Tensor::zeros(&[0, 3], DType::F64).unwrap().numel(), 0);
}

#[test]
fn from_vec_refuses_a_shape_whose_size_overflows() {
    // The element count of [2**62, 8] wraps to 0 in usize arithmetic: it must not match an
    // empty vector.
    assert_eq!(
        kind(Tensor::from_vec(Vec::<f32>::new(), &[1 << 62, 8])),
        ErrorKind::Value
    );
    assert_eq!(
        kind(Tensor::from_vec(Vec::<f32>::new(), &[1 << 32, 1 << 32])),
        ErrorKind::Value
    );
}

#[test]
fn broadcasting_beyond_any_index_is_a_value_error() {
    // np.broadcast_to(np.array([1.0]), (2**62, 4)) -> ValueError.
    assert_eq!(kind(one().broadcast_to(&[1 << 62, 4])), ErrorKind::Value);
    // Two views NumPy allows whose broadcast overflows: ValueError "iterator is too large".
    let a = one().broadcast_to(&[1 << 58, 1]).unwrap();
    let b = one().broadcast_to(&[1, 64]).unwrap();
    let add = ufunc("add").unwrap();
    assert_eq!(
        kind(add.call(&[Arg::from(&a), Arg::from(&b)], None)),
        ErrorKind::Value
    );
}

#[test]
fn a_result_that_cannot_be_allocated_is_a_memory_error() {
    // np.add(np.broadcast_to(np.array([1.0]), (2**44,)), 1.0) -> MemoryError, quickly.
    let big = one().broadcast_to(&[1 << 44]).unwrap();
    let add = ufunc("add").unwrap();
    let e = add.call(&[Arg::from(&big), 1.0.into()], None).unwrap_err();
    assert_eq!(e.kind(), ErrorKind::Memory);
    assert!(e.to_string().contains("Unable to allocate 128. TiB"), "{e}");
    // A reduction over a broadcast view allocates its outputs fallibly too.
    let wide = one().broadcast_to(&[1 << 44, 2]).unwrap();
    let per_row = backends::ops::reduce::ReduceArgs::axis(1isize);
    assert_eq!(kind(wide.sum(&per_row)), ErrorKind::Memory);
}
