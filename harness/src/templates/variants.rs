//! `variants`: function, method, `out=` and in-place agree; in-place writes through a strided
//! view into its own storage and nowhere else; `out=` of a wrong shape or dtype fails as NumPy's
//! does.

use super::values::empty_metrics;
use super::Ctx;
use crate::compare::{identical, identical_outputs};
use crate::numpy;
use crate::outcome::{not_applicable, Checker, Outcome};
use crate::templates::values::{compare_numpy, compare_outputs};
use backends::ops::view::Slice;
use backends::{Arg, Casting};
use opinfo::rng::Rng;
use opinfo::samples::{random, Sample};
use opinfo::Family;
use reports::DivergenceKind;

/// Runs the template.
pub fn run(ctx: &Ctx<'_>) -> Outcome {
    if !ctx.claimed() {
        return not_applicable(format!("{} does not claim {}", ctx.op.name, ctx.dtype));
    }
    let (op, d) = (ctx.op, ctx.dtype);
    let mut rng = Rng::new(ctx.seed);
    let mut c = Checker::new(ctx.seed, ctx.divergence.clone());
    // Matrix functions differ in the shapes they take: the record's first sample's operands.
    let host: Vec<Arg> = match op.family {
        Family::Linalg => super::first_sample_args(op, d, ctx.seed),
        _ => (0..op.nin)
            .map(|i| Arg::Tensor(random(d, &[2, 3], &mut rng, op.domain(i))))
            .collect(),
    };
    let args = match ctx.place_args(&host) {
        Ok(a) => a,
        Err(e) => {
            return crate::outcome::Outcome {
                verdict: crate::outcome::Verdict::Fail(
                    DivergenceKind::Device,
                    format!("moving operands: {e}"),
                ),
                metrics: None,
                sample: None,
                samples_checked: 0,
                declared_divergence: None,
                failing: None,
            }
        }
    };
    let s = op.sample("variants", "function vs method vs out= vs in-place", args);
    let fs = match op.call(&s) {
        Ok(fs) if !fs.is_empty() => fs,
        Ok(_) => {
            c.fail(
                &s,
                0,
                DivergenceKind::Value,
                "the engine returned no output".into(),
            );
            return c.finish();
        }
        Err(e) => {
            c.fail(
                &s,
                0,
                DivergenceKind::ErrorKind,
                format!("function form failed on a valid sample: {e}"),
            );
            return c.finish();
        }
    };
    if op.variants.method {
        match op.method.map(|m| m(op, &s)) {
            Some(Ok(m)) => c.record(&s, 0, identical_outputs(&m, &fs)),
            Some(Err(e)) => c.fail(
                &s,
                0,
                DivergenceKind::ErrorKind,
                format!("method failed: {e}"),
            ),
            None => c.fail(
                &s,
                0,
                DivergenceKind::Value,
                "record claims a method; Tensor has none".into(),
            ),
        }
    }
    if op.variants.out {
        out_variant(ctx, &s, &fs, &mut c);
        super::out_dtypes::check(ctx, &s, &fs, &mut c);
    }
    if op.variants.inplace {
        inplace(ctx, &s, &mut c, &mut rng);
    }
    // Wrong out= shape and dtype (the generic error inputs that carry an out=).
    for (i, e) in (op.gens.errors)(op, d, ctx.seed)
        .into_iter()
        .filter(|e| !e.sample.out.is_empty())
        .enumerate()
    {
        if !op.variants.out {
            break;
        }
        let got = ctx.place_sample(&e.sample).and_then(|s| op.call(&s));
        let want = numpy::call_sample(op, &e.sample, true);
        match (got, want) {
            (Err(g), Err(w)) if g.kind() == e.expected && numpy::error_matches(e.expected, &w) => {
                c.record(&e.sample, 10 + i, Ok(empty_metrics()))
            }
            // NumPy refuses for another reason first (an int8 out= a float result cannot be
            // cast into, before its shape is looked at): the engine must refuse the same way.
            (Err(g), Err(w))
                if !numpy::error_matches(e.expected, &w) && numpy::error_matches(g.kind(), &w) =>
            {
                c.record(&e.sample, 10 + i, Ok(empty_metrics()))
            }
            (g, w) => c.fail(
                &e.sample,
                10 + i,
                DivergenceKind::ErrorKind,
                format!(
                    "expected {:?} from both; engine: {:?}; NumPy: {:?}",
                    e.expected,
                    g.err(),
                    w.err()
                ),
            ),
        }
    }
    c.finish()
}

/// `out=` of the result dtypes (a tuple for several outputs): returns the `out` tensors
/// themselves, holding the function's values.
fn out_variant(ctx: &Ctx<'_>, s: &opinfo::Sample, fs: &[backends::Tensor], c: &mut Checker) {
    let op = ctx.op;
    let s = s.clone();
    let zeros: Vec<backends::Tensor> = fs
        .iter()
        .map(|f| opinfo::samples::zeros(f.shape(), f.dtype()))
        .collect();
    let placed: backends::Result<Vec<backends::Tensor>> =
        zeros.iter().map(|z| ctx.place(z)).collect();
    let (out, called) = match placed {
        Ok(out) => {
            let r = op.call(&s.clone().with_outs(out.clone()));
            (out, r)
        }
        Err(e) => (zeros.clone(), Err(e)),
    };
    let returns_out = |r: &[backends::Tensor]| {
        r.len() == out.len() && r.iter().zip(&out).all(|(r, o)| r.shares_storage(o))
    };
    match called {
        // A ufunc writes the function's values; a reduction may compute in out='s dtype
        // (NumPy's `mean(float16, out=...)` sums in float16 where the function sums in
        // float32), so there NumPy's own out= call is the expectation.
        Ok(r) if returns_out(&r) && op.family == Family::Ufunc => {
            c.record(&s, 1, identical_outputs(&out, fs))
        }
        Ok(r) if returns_out(&r) => {
            let with_out = s.clone().with_outs(zeros.clone());
            match numpy::call_sample(op, &with_out, true).map(numpy::as_tensors) {
                Ok(Ok(e)) => c.record(&s, 1, compare_outputs(op, &with_out, &out, e)),
                Ok(Err(m)) => c.fail(&s, 1, DivergenceKind::Value, m),
                Err(e) => c.fail(
                    &s,
                    1,
                    DivergenceKind::ErrorKind,
                    format!("NumPy refused out= of the result dtype: {e}"),
                ),
            }
        }
        Ok(_) => c.fail(
            &s,
            1,
            DivergenceKind::Value,
            "out= returned tensors that are not the `out` tensors".into(),
        ),
        Err(e) => c.fail(
            &s,
            1,
            DivergenceKind::ErrorKind,
            format!("out= failed: {e}"),
        ),
    }
}

/// In place on a stepped view `base[:, ::2]`: the view gets the function's values cast to its
/// dtype (or a casting error when `same_kind` forbids it, as NumPy raises), the other columns
/// keep theirs, and the storage is the same buffer.
fn inplace(ctx: &Ctx<'_>, s: &Sample, c: &mut Checker, rng: &mut Rng) {
    let (op, d) = (ctx.op, ctx.dtype);
    let base = match ctx.place(&random(d, &[2, 6], rng, op.domain(0))) {
        Ok(b) => b,
        Err(e) => {
            return c.fail(
                s,
                2,
                DivergenceKind::Device,
                format!("moving the operand: {e}"),
            )
        }
    };
    let before = match base.copy() {
        Ok(b) => b,
        Err(e) => return c.fail(s, 2, DivergenceKind::Device, format!("copy failed: {e}")),
    };
    let x = base
        .slice(&[Slice::step(1), Slice::step(2)])
        .expect("valid view");
    let mut args = s.args.clone();
    args[0] = Arg::Tensor(x.clone());
    let s2 = op.sample("variants", "in place on base[:, ::2]", args.clone());
    let f = match op.call1(&s2) {
        Ok(f) => f,
        Err(e) => {
            return c.fail(
                &s2,
                2,
                DivergenceKind::ErrorKind,
                format!("function failed: {e}"),
            )
        }
    };
    // NumPy's side runs before the engine writes into x. A function without out= (np.real)
    // has its result cast back by NumPy under out='s same-kind rule.
    let numpy_inplace = if op.variants.out {
        numpy::call(op, &args, &[], std::slice::from_ref(&x), true)
    } else {
        numpy::call(op, &args, &[], &[], true).and_then(|r| {
            reference::eval_call(
                "lambda r, d: np.asarray(r).astype(d, casting='same_kind')",
                &[r, reference::Value::DType(d)],
                &[],
            )
        })
    };
    let Some(inplace) = op.inplace else {
        return c.fail(
            &s2,
            2,
            DivergenceKind::Value,
            "record claims an in-place form; it has none".into(),
        );
    };
    let r = inplace(op, &s2);
    let odd = |t: &backends::Tensor| {
        t.slice(&[Slice::step(1), Slice::new(Some(1), None, 2)])
            .expect("valid view")
    };
    if let Err(e) = identical(&odd(&base), &odd(&before)) {
        return c.fail(
            &s2,
            2,
            DivergenceKind::Value,
            format!("in-place wrote outside its view: {}", e.message),
        );
    }
    // Whether the in-place call must succeed is NumPy's answer (its own same-kind casting
    // rule on out=), never the engine's can_cast.
    if let Ok(v) = &numpy_inplace {
        match r {
            Err(e) => c.fail(
                &s2,
                2,
                DivergenceKind::ErrorKind,
                format!("in-place failed: {e}; NumPy's in-place call succeeded"),
            ),
            Ok(()) => {
                let expect = f
                    .astype(d, Casting::Unsafe)
                    .expect("any cast is valid unsafe");
                c.record(&s2, 2, identical(&x, &expect));
                match numpy::as_tensor(v.clone()) {
                    Ok(n) => {
                        let n = numpy::round_like_engine(n, d);
                        c.record(&s2, 3, compare_numpy(op, &x, &n));
                    }
                    Err(msg) => c.fail(&s2, 3, DivergenceKind::Value, msg),
                }
            }
        }
    } else {
        match (r, numpy_inplace) {
            (Err(g), Err(w)) if numpy::error_matches(g.kind(), &w) => {
                if let Err(e) = identical(&base, &before) {
                    c.fail(
                        &s2,
                        2,
                        DivergenceKind::Value,
                        format!("a refused in-place op changed data: {}", e.message),
                    );
                } else {
                    c.record(&s2, 2, Ok(empty_metrics()));
                }
            }
            (g, w) => c.fail(
                &s2,
                2,
                DivergenceKind::ErrorKind,
                format!(
                    "{} result into {d} in place: engine {:?}, NumPy {:?}",
                    f.dtype(),
                    g.err(),
                    w.err()
                ),
            ),
        }
    }
}
