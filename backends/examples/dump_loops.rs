//! Prints every ufunc loop, grouped by kernel family: `family op in,in->out`.
use backends::ops::kernels;
fn main() {
    let fams: [(&str, Vec<backends::Ufunc>); 7] = [
        ("arith", kernels::arith::ufuncs()),
        ("math", kernels::math::ufuncs()),
        ("compare", kernels::compare::ufuncs()),
        ("ternary", kernels::ternary::ufuncs()),
        ("unary", kernels::unary::ufuncs()),
        ("binary_math", kernels::binary_math::ufuncs()),
        ("bitwise", kernels::bitwise::ufuncs()),
    ];
    for (f, us) in fams {
        for u in us {
            for l in &u.loops {
                let ins: Vec<_> = l.ins.iter().map(|d| d.name()).collect();
                println!("{f} {} {}->{}", u.name, ins.join(","), l.out.name());
            }
        }
    }
}
