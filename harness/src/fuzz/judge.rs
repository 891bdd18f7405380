//! Running one case on the CPU engine and in NumPy, judged as a matrix trial judges a sample
//! (`templates::values::check_samples`): the same error kind when both raise
//! ([`numpy::error_matches`]), an engine error beside a NumPy result is a mismatch, and results
//! are compared by the record's own comparison ([`compare_outputs`]). A mismatch of the kind
//! a declared divergence names for the op and dtype, or any mismatch of an (op, dtype) with a
//! strict expected failure, is declared behaviour, not a finding.

use super::repro::{render_engine, render_numpy};
use crate::numpy;
use crate::templates::values::{judge as judge_outcomes, Judgement};
use backends::DType;
use opinfo::skips::{self, DivergenceKind as DeclKind};
use opinfo::{Case, OpInfo};
use reference::RefError;
use reports::DivergenceKind;
use std::panic::{catch_unwind, AssertUnwindSafe};

/// What a case showed.
#[derive(Clone, Debug, PartialEq)]
pub enum Verdict {
    /// Both returned, and the results agree under the record's comparison.
    Agree,
    /// Both raised errors of matching kinds.
    BothRaised,
    /// A mismatch the registry declares (the divergence's or expected failure's name).
    Declared(String),
    /// A mismatch.
    Mismatch {
        /// Its kind.
        kind: DivergenceKind,
        /// What differs.
        message: String,
    },
    /// The oracle cannot express the case (an unsupported value); not a judgement.
    Unsupported(String),
}

/// A judged case: the verdict and both sides' results, rendered.
#[derive(Clone, Debug)]
pub struct Judged {
    /// The verdict.
    pub verdict: Verdict,
    /// The engine's outputs or error.
    pub engine: String,
    /// NumPy's outputs or exception.
    pub numpy: String,
}

/// The registry's declared divergences and strict expected failures, matched on op, device
/// and dtype: a fuzz case belongs to no template, so an entry's template is not compared.
pub struct Declared {
    divergences: Vec<skips::Divergence>,
    xfails: Vec<skips::XFail>,
    /// Whether the argument-selected divergences ([`opinfo::case_divergences`]) apply.
    cases: bool,
}

impl Declared {
    /// The registry's tables.
    pub fn load() -> Declared {
        Declared {
            divergences: skips::divergences(),
            xfails: skips::xfails(),
            cases: true,
        }
    }

    /// No declarations (for tests that want every mismatch).
    pub fn none() -> Declared {
        Declared {
            divergences: Vec::new(),
            xfails: Vec::new(),
            cases: false,
        }
    }

    /// The name of the declaration covering a mismatch of `kind` on `case` of `op`: an
    /// argument-selected divergence (a value divergence covers NaN mismatches too), or an
    /// entry for the op on the case's `dtype` (none for a case of Python scalars only).
    pub fn find(
        &self,
        op: &OpInfo,
        case: &Case,
        dtype: Option<DType>,
        kind: DivergenceKind,
    ) -> Option<String> {
        let decl = crate::outcome::decl_kind(kind);
        if let Some(k) = decl.filter(|_| self.cases) {
            if let Some(name) = opinfo::case_divergences::find(op, case, k) {
                return Some(name.to_string());
            }
        }
        let (op, dtype) = (op.name, dtype?);
        let hit = |s: &skips::Selector| s.matches(s.template.unwrap_or(""), op, "cpu", dtype);
        let d = self.divergences.iter().find(|d| {
            let k = match d.kind {
                DeclKind::Dtype => DivergenceKind::Dtype,
                DeclKind::Value => DivergenceKind::Value,
                DeclKind::SignedZero => DivergenceKind::SignedZero,
                DeclKind::Shape => DivergenceKind::Shape,
                DeclKind::ErrorKind => DivergenceKind::ErrorKind,
            };
            k == kind && hit(&d.select)
        });
        if let Some(d) = d {
            return Some(d.name.to_string());
        }
        self.xfails
            .iter()
            .find(|x| hit(&x.select))
            .map(|x| format!("xfail {}::{op}::{dtype}", x.select.template.unwrap_or("*")))
    }
}

fn panic_message(p: Box<dyn std::any::Any + Send>) -> String {
    p.downcast_ref::<String>()
        .cloned()
        .or_else(|| p.downcast_ref::<&str>().map(|s| s.to_string()))
        .unwrap_or_else(|| "non-string panic payload".into())
}

/// Why the oracle must not run `case`: calls that crash NumPy itself (and with it the
/// process). NumPy 2.4.6 segfaults in `np.cumsum(x, out=np.zeros(()))` and
/// `np.add.accumulate(np.zeros(3), out=np.zeros(()))`: a cumulative op into a 0-d `out=`
/// (which can only be a shape error, since a cumulative result is never 0-d).
pub fn crashes_numpy(op: &OpInfo, case: &Case) -> Option<&'static str> {
    let cumulative = op.reduction.as_ref().is_some_and(|r| r.cumulative);
    (cumulative && case.out.iter().any(|o| o.shape.is_empty())).then_some(
        "NumPy 2.4.6 segfaults on a cumulative op (cumsum, ufunc.accumulate) into a 0-d out=",
    )
}

/// Runs `case` on the engine and in NumPy (each on its own copy of every buffer, so `out=`
/// written by one side is not seen by the other) and judges it.
pub fn judge(op: &OpInfo, case: &Case, declared: &Declared) -> Judged {
    if let Some(why) = crashes_numpy(op, case) {
        return Judged {
            verdict: Verdict::Unsupported(why.into()),
            engine: String::new(),
            numpy: String::new(),
        };
    }
    let (s_engine, s_numpy) = match (case.to_sample(), case.to_sample()) {
        (Ok(a), Ok(b)) => (a, b),
        (Err(e), _) | (_, Err(e)) => {
            return Judged {
                verdict: Verdict::Unsupported(format!("the case does not build: {e}")),
                engine: String::new(),
                numpy: String::new(),
            }
        }
    };
    let got = catch_unwind(AssertUnwindSafe(|| op.call(&s_engine)));
    let want = numpy::call_sample(op, &s_numpy, true);
    let engine = match &got {
        Ok(r) => render_engine(r),
        Err(_) => "panicked".to_string(),
    };
    let numpy_text = render_numpy(&want);
    let mismatch = |kind, message| Verdict::Mismatch { kind, message };
    let verdict = match (got, want) {
        (_, Err(e @ (RefError::Setup(_) | RefError::Unsupported(_)))) => {
            Verdict::Unsupported(e.to_string())
        }
        (Err(p), _) => mismatch(
            DivergenceKind::Panic,
            format!("engine panicked: {}", panic_message(p)),
        ),
        (Ok(got), want) => match judge_outcomes(op, &s_numpy, got, want) {
            Judgement::Agree(_) => Verdict::Agree,
            Judgement::BothRaised => Verdict::BothRaised,
            Judgement::Differ(m) => mismatch(m.kind, m.message),
        },
    };
    let verdict = match verdict {
        Verdict::Mismatch { kind, message } => {
            match declared.find(op, case, case.trial_dtype(), kind) {
                Some(name) => Verdict::Declared(name),
                None => Verdict::Mismatch { kind, message },
            }
        }
        v => v,
    };
    Judged {
        verdict,
        engine,
        numpy: numpy_text,
    }
}

/// True when the oracle itself cannot start (no venv, wrong interpreter): the run must stop.
pub fn oracle_setup_error(v: &Verdict) -> Option<&str> {
    match v {
        Verdict::Unsupported(m) if m.starts_with("NumPy oracle setup failed") => Some(m),
        _ => None,
    }
}
