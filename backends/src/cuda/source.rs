//! The CUDA kernel sources: which `.cu` file implements which ops, kernel names, and the full
//! text of each module (shared header + op file + one instantiation line per loop).
//!
//! Instantiations are generated from the ufunc loop tables, so every loop the CPU has gets a
//! CUDA kernel pair (`_contig`, `_strided`), and a loop without a device implementation is a
//! compile error that the NVRTC check reports.

use crate::backend::{Loop, LoopTable, RedOp};
use crate::dtype::DType;

const COMMON: &str = include_str!("kernels/common.cuh");

/// One NVRTC compile unit.
pub struct Module {
    /// Module name (the `.cu` file's stem).
    pub name: &'static str,
    /// The op file's text.
    body: &'static str,
    /// NumPy names of the ufuncs it implements (empty for the cast module).
    pub ops: &'static [&'static str],
}

/// Every ufunc module.
pub const MODULES: &[Module] = &[
    Module {
        name: "arith",
        body: include_str!("kernels/arith.cu"),
        ops: &[
            "add",
            "subtract",
            "multiply",
            "divide",
            "true_divide",
            "floor_divide",
            "remainder",
            "fmod",
            "power",
            "float_power",
        ],
    },
    Module {
        name: "math",
        body: include_str!("kernels/math.cu"),
        ops: &[
            "sqrt",
            "cbrt",
            "square",
            "reciprocal",
            "exp",
            "exp2",
            "expm1",
            "log",
            "log2",
            "log10",
            "log1p",
            "deg2rad",
            "rad2deg",
            "floor",
            "ceil",
            "trunc",
            "rint",
            "sinc",
        ],
    },
    Module {
        name: "trig",
        body: include_str!("kernels/trig.cu"),
        ops: &[
            "sin", "cos", "tan", "arcsin", "arccos", "arctan", "sinh", "cosh", "tanh", "arcsinh",
            "arccosh", "arctanh",
        ],
    },
    Module {
        name: "compare",
        body: include_str!("kernels/compare.cu"),
        ops: &[
            "isnan",
            "equal",
            "not_equal",
            "less",
            "less_equal",
            "greater",
            "greater_equal",
            "logical_and",
            "logical_or",
            "logical_xor",
        ],
    },
    Module {
        name: "ternary",
        body: include_str!("kernels/ternary.cu"),
        ops: &["where", "clip"],
    },
    Module {
        name: "unary",
        body: include_str!("kernels/unary.cu"),
        ops: &[
            "negative",
            "positive",
            "conjugate",
            "absolute",
            "sign",
            "invert",
            "logical_not",
            "isinf",
            "isfinite",
            "signbit",
            "real",
            "imag",
            "angle",
        ],
    },
    Module {
        name: "binary_math",
        body: include_str!("kernels/binary_math.cu"),
        ops: &[
            "fabs",
            "spacing",
            "ldexp",
            "frexp_mantissa",
            "frexp_exponent",
            "modf_fractional",
            "modf_integral",
            "complex_from_parts",
            "maximum",
            "minimum",
            "fmax",
            "fmin",
            "hypot",
            "arctan2",
            "copysign",
            "nextafter",
            "logaddexp",
            "logaddexp2",
            "heaviside",
        ],
    },
    Module {
        name: "bitwise",
        body: include_str!("kernels/bitwise.cu"),
        ops: &[
            "bitwise_count",
            "bitwise_and",
            "bitwise_or",
            "bitwise_xor",
            "left_shift",
            "right_shift",
            "gcd",
            "lcm",
        ],
    },
];

/// The cast module (every dtype pair).
pub const CAST: Module = Module {
    name: "cast",
    body: include_str!("kernels/cast.cu"),
    ops: &[],
};

/// The reduction module: one kernel per (reducing op, dtype) the CPU reduction accepts.
pub const REDUCE: Module = Module {
    name: "reduce",
    body: include_str!("kernels/reduce.cu"),
    ops: &[],
};

/// `reduce_{op}_{dtype}`: the reduction kernel of `op` over an input of dtype `d`.
pub fn reduce_kernel(op: RedOp, d: DType) -> String {
    format!("reduce_{}_{}", op.name(), d.name())
}

/// The C op template of reduce.cu implementing `op`.
fn reduce_template(op: RedOp) -> &'static str {
    match op {
        RedOp::Add => "RAdd",
        RedOp::Mul => "RMul",
        RedOp::Max => "RMax",
        RedOp::Min => "RMin",
        RedOp::FMax => "RFMax",
        RedOp::FMin => "RFMin",
        RedOp::And => "RAnd",
        RedOp::Or => "ROr",
        RedOp::Xor => "RXor",
        RedOp::ArgMax => "RArgMax",
        RedOp::ArgMin => "RArgMin",
    }
}

/// The module implementing ufunc `op`.
pub fn module_of(op: &str) -> Option<&'static Module> {
    MODULES.iter().find(|m| m.ops.contains(&op))
}

/// The C type name of a dtype in the kernel sources.
pub fn c_type(d: DType) -> &'static str {
    match d {
        DType::Bool => "bool",
        DType::I8 => "i8",
        DType::U8 => "u8",
        DType::I16 => "i16",
        DType::U16 => "u16",
        DType::I32 => "i32",
        DType::U32 => "u32",
        DType::I64 => "i64",
        DType::U64 => "u64",
        DType::F16 => "f16",
        DType::BF16 => "bf16",
        DType::F32 => "f32",
        DType::F64 => "f64",
        DType::C64 => "c64",
        DType::C128 => "c128",
    }
}

/// `{op}_{dtype}` for a loop whose inputs share one dtype, else `{op}_{in0}_{in1}...`; the
/// kernels are this name plus `_contig` / `_strided`.
pub fn kernel_base(op: &str, lp: &Loop) -> String {
    let first = lp.ins[0];
    if lp.ins.iter().all(|&d| d == first) {
        format!("{op}_{}", first.name())
    } else {
        let ins: Vec<&str> = lp.ins.iter().map(|d| d.name()).collect();
        format!("{op}_{}", ins.join("_"))
    }
}

/// `cast_{from}_{to}`.
pub fn cast_base(from: DType, to: DType) -> String {
    format!("cast_{}_{}", from.name(), to.name())
}

/// The instantiation line of one ufunc loop.
fn instantiation(op: &str, lp: &Loop) -> String {
    let stamp = match lp.ins.len() {
        1 => "UNARY_KERNELS",
        2 => "BINARY_KERNELS",
        _ => "TERNARY_KERNELS",
    };
    let types: Vec<&str> = lp.ins.iter().map(|&d| c_type(d)).collect();
    format!(
        "{stamp}({}, op_{op}, {}, {})",
        kernel_base(op, lp),
        types.join(", "),
        c_type(lp.out)
    )
}

/// The header and an op file joined into one translation unit (NVRTC gets no file system
/// access to the repository at run time).
fn prelude(m: &Module) -> String {
    let mut s = String::with_capacity(COMMON.len() + m.body.len() + 4096);
    for line in COMMON.lines().filter(|l| l.trim() != "#pragma once") {
        s.push_str(line);
        s.push('\n');
    }
    s.push_str(&format!("// ---- kernels/{}.cu ----\n", m.name));
    for line in m
        .body
        .lines()
        .filter(|l| l.trim() != "#include \"common.cuh\"")
    {
        s.push_str(line);
        s.push('\n');
    }
    s.push_str("// ---- instantiations ----\n");
    s
}

/// The full source of a module and the base names of its kernels (each has `_contig` and
/// `_strided`).
pub fn module_source(m: &Module, loops: LoopTable) -> (String, Vec<String>) {
    let mut s = prelude(m);
    let mut names = Vec::new();
    if m.name == REDUCE.name {
        for (op, d) in super::reduce::instantiations() {
            let name = reduce_kernel(op, d);
            s.push_str(&format!(
                "REDUCE_KERNEL({name}, {}<{}>)\n",
                reduce_template(op),
                c_type(d)
            ));
            names.push(name);
        }
        return (s, names);
    }
    if m.name == CAST.name {
        for from in DType::ALL {
            for to in DType::ALL {
                let base = cast_base(from, to);
                s.push_str(&format!(
                    "CAST_KERNELS({base}, {}, {})\n",
                    c_type(from),
                    c_type(to)
                ));
                names.push(base);
            }
        }
        return (s, names);
    }
    for op in m.ops {
        let Some(lps) = loops(op) else {
            continue;
        };
        for lp in lps {
            s.push_str(&instantiation(op, lp));
            s.push('\n');
            names.push(kernel_base(op, lp));
            if *op == "clip" {
                // NumPy's constant-bounds path (`clip_float_const` on the CPU).
                let line = instantiation(op, lp).replacen(", op_clip,", ", op_clip_const,", 1);
                let base = kernel_base(op, lp);
                s.push_str(&line.replacen(&base, &format!("{base}_const"), 1));
                s.push('\n');
                names.push(format!("{base}_const"));
            }
        }
    }
    (s, names)
}

/// Every module, the ufunc ones, the cast module and the reduce module.
pub fn all_modules() -> impl Iterator<Item = &'static Module> {
    MODULES.iter().chain([&CAST, &REDUCE])
}

/// The kernel entry points of a module: each base name of [`module_source`] with `_contig` and
/// `_strided`, except the reduce module's kernels, which take every layout (one each).
pub fn entry_names(m: &Module, loops: LoopTable) -> Vec<String> {
    let names = module_source(m, loops).1;
    if m.name == REDUCE.name {
        return names;
    }
    names
        .iter()
        .flat_map(|n| [format!("{n}_contig"), format!("{n}_strided")])
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_ufunc_has_exactly_one_module_and_every_module_op_exists() {
        for u in crate::ops::ufuncs() {
            let n = MODULES.iter().filter(|m| m.ops.contains(&u.name)).count();
            assert_eq!(n, 1, "{} is in {n} CUDA modules", u.name);
        }
        for m in MODULES {
            for op in m.ops {
                assert!(
                    crate::ops::ufunc(op).is_some(),
                    "{}: unknown op {op}",
                    m.name
                );
            }
        }
    }

    #[test]
    fn kernel_names_are_unique_and_follow_op_dtype() {
        let mut seen = std::collections::HashSet::new();
        for m in all_modules() {
            for n in module_source(m, crate::ops::loops_of).1 {
                assert!(seen.insert(n.clone()), "duplicate kernel {n}");
            }
        }
        let add = crate::ops::ufunc("add").unwrap();
        let f32_loop = add.loops.iter().find(|l| l.ins[0] == DType::F32).unwrap();
        assert_eq!(kernel_base("add", f32_loop), "add_float32");
        let eq = crate::ops::ufunc("equal").unwrap();
        let mixed = eq
            .loops
            .iter()
            .find(|l| l.ins == [DType::I64, DType::U64])
            .unwrap();
        assert_eq!(kernel_base("equal", mixed), "equal_int64_uint64");
    }
}
