//! Typed kernels, one file per op family, and the macros that turn a loop's dtype into a Rust
//! type for a scalar closure (the CPU side's per-op dtype dispatch).
//!
//! A closure passed to these macros is pasted into every listed dtype's arm, so one generic
//! expression (`|x| x.sin()`) serves float16 through float64; half's types compute through
//! float32 and round, as NumPy's float16 loops do.

pub mod arith;
pub mod binary_math;
pub mod bitwise;
pub mod compare;
pub mod float_parts;
pub mod math;
pub mod ternary;
pub mod unary;

/// The Rust element type of a dtype variant name.
#[macro_export]
macro_rules! elem {
    (Bool) => {
        bool
    };
    (I8) => {
        i8
    };
    (U8) => {
        u8
    };
    (I16) => {
        i16
    };
    (U16) => {
        u16
    };
    (I32) => {
        i32
    };
    (U32) => {
        u32
    };
    (I64) => {
        i64
    };
    (U64) => {
        u64
    };
    (F16) => {
        $crate::half::f16
    };
    (BF16) => {
        $crate::half::bf16
    };
    (F32) => {
        f32
    };
    (F64) => {
        f64
    };
    (C64) => {
        $crate::element::Cf32
    };
    (C128) => {
        $crate::element::Cf64
    };
}

/// `unary!(op, lp, ins, [F32, F64] => |x| ..., [C64, C128] => |z| ...)`: dispatches on the
/// loop's input dtype; the output element type is the closure's return type.
#[macro_export]
macro_rules! unary {
    ($op:expr, $lp:expr, $ins:expr, $( [$($D:ident),+] => $f:expr ),+ $(,)?) => {{
        #[allow(unused_imports)]
        use $crate::element::Element as _;
        let a = &$ins[0];
        match $lp.ins[0] {
            $( $( $crate::dtype::DType::$D => {
                type T = $crate::elem!($D);
                let v = $crate::cpu::map1::<T, _>(<T as $crate::element::Element>::slice(a.data), &a.layout, $f)?;
                Ok($crate::element::Element::into_storage(v))
            } )+ )+
            #[allow(unreachable_patterns)]
            d => Err($crate::error::Error::NoLoop { op: $op, dtypes: vec![d] }),
        }
    }};
}

/// `binary!(op, lp, ins, [I8, ...] => |a, b| ...)`: both inputs of the loop's dtype.
#[macro_export]
macro_rules! binary {
    ($op:expr, $lp:expr, $ins:expr, $( [$($D:ident),+] => $f:expr ),+ $(,)?) => {{
        let (a, b) = (&$ins[0], &$ins[1]);
        match $lp.ins[0] {
            $( $( $crate::dtype::DType::$D => {
                type T = $crate::elem!($D);
                let v = $crate::cpu::map2::<T, T, _>(
                    <T as $crate::element::Element>::slice(a.data), &a.layout,
                    <T as $crate::element::Element>::slice(b.data), &b.layout, $f)?;
                Ok($crate::element::Element::into_storage(v))
            } )+ )+
            #[allow(unreachable_patterns)]
            d => Err($crate::error::Error::NoLoop { op: $op, dtypes: vec![d] }),
        }
    }};
}

pub use crate::{binary, elem, unary};
