//! What a template returns, and the checker that folds per-sample results into it.

use crate::compare::Mismatch;
use backends::{Arg, Tensor};
use opinfo::samples::Sample;
use reports::{DivergenceKind, Metrics, OperandInfo, SampleInfo};
use std::collections::BTreeMap;

/// The template's verdict before xfail/skip policy is applied.
#[derive(Clone, Debug, PartialEq)]
pub enum Verdict {
    /// Everything agreed (or diverged only as declared).
    Pass,
    /// Something disagreed.
    Fail(DivergenceKind, String),
    /// The template does not apply to this trial.
    NotApplicable(String),
    /// The trial could not run (oracle setup).
    Error(String),
}

/// A finished trial's result.
#[derive(Clone, Debug)]
pub struct Outcome {
    /// The verdict.
    pub verdict: Verdict,
    /// Metrics of the worst (or first failing) sample.
    pub metrics: Option<Metrics>,
    /// The sample behind the verdict.
    pub sample: Option<SampleInfo>,
    /// Samples compared.
    pub samples_checked: usize,
    /// The principled divergence the trial exercised, if it showed.
    pub declared_divergence: Option<String>,
    /// The sample that failed, for its repro bundle (`crate::repro`).
    pub failing: Option<Sample>,
}

/// Describes a sample for the report.
pub fn sample_info(s: &Sample, index: usize, seed: u64) -> SampleInfo {
    let op = |a: &Arg| match a {
        Arg::Tensor(t) => tensor_info(t, None),
        Arg::Scalar(sc) => OperandInfo {
            dtype: "python".into(),
            shape: vec![],
            strides: vec![],
            offset: 0,
            python_scalar: Some(format!("{sc:?}")),
        },
    };
    let mut kwargs = BTreeMap::new();
    for (k, v) in &s.kwargs {
        kwargs.insert(k.to_string(), opinfo::kwargs::show(v));
    }
    if !s.out.is_empty() {
        let outs: Vec<String> = s
            .out
            .iter()
            .map(|o| format!("{} {:?} strides {:?}", o.dtype(), o.shape(), o.strides()))
            .collect();
        kwargs.insert("out".into(), outs.join(", "));
    }
    SampleInfo {
        index,
        kind: s.kind.into(),
        description: s.description.clone(),
        operands: s.args.iter().map(op).collect(),
        kwargs,
        seed,
    }
}

fn tensor_info(t: &Tensor, scalar: Option<String>) -> OperandInfo {
    OperandInfo {
        dtype: t.dtype().name().into(),
        shape: t.shape().to_vec(),
        strides: t.strides().to_vec(),
        offset: t.layout().offset(),
        python_scalar: scalar,
    }
}

/// Folds sample results: the first failure wins; the worst passing metrics are kept.
#[derive(Debug)]
pub struct Checker {
    seed: u64,
    checked: usize,
    failure: Option<(DivergenceKind, String, Option<Metrics>, SampleInfo)>,
    failing: Option<Sample>,
    best: Option<(Metrics, SampleInfo)>,
    /// Declared divergence for this trial: (name, kind) and how often it showed.
    divergence: Option<(String, DivergenceKind)>,
    diverged: usize,
    /// Argument-selected divergences (`opinfo::case_divergences`) samples showed.
    case_diverged: Vec<&'static str>,
}

impl Checker {
    /// A checker for a trial with seed `seed` and, maybe, a declared divergence.
    pub fn new(seed: u64, divergence: Option<(String, DivergenceKind)>) -> Checker {
        Checker {
            seed,
            checked: 0,
            failure: None,
            failing: None,
            best: None,
            divergence,
            diverged: 0,
            case_diverged: Vec::new(),
        }
    }

    /// Whether the trial's own declared divergence covers a mismatch of `kind` (it takes
    /// precedence over an argument-selected one, so a trial-level entry keeps showing).
    pub fn declares(&self, kind: DivergenceKind) -> bool {
        self.divergence.as_ref().is_some_and(|(_, k)| *k == kind)
    }

    /// Records a sample whose mismatch an argument-selected divergence declares
    /// (`opinfo::case_divergences`): checked, not failed, and named in the outcome.
    pub fn case_divergence(&mut self, name: &'static str) {
        self.checked += 1;
        if !self.case_diverged.contains(&name) {
            self.case_diverged.push(name);
        }
    }

    /// Records one sample's comparison.
    pub fn record(&mut self, s: &Sample, index: usize, r: Result<Metrics, Mismatch>) {
        self.checked += 1;
        match r {
            Ok(m) => {
                if self
                    .best
                    .as_ref()
                    .is_none_or(|(b, _)| m.max_ulp > b.max_ulp)
                {
                    self.best = Some((m, sample_info(s, index, self.seed)));
                }
            }
            Err(mm) => {
                if self.divergence.as_ref().is_some_and(|(_, k)| *k == mm.kind) {
                    self.diverged += 1;
                    return;
                }
                if self.failure.is_none() {
                    let metrics = mm.metrics.map(|m| *m);
                    let there = metrics
                        .as_ref()
                        .and_then(|m| operands_at(s, m))
                        .map(|v| format!("; operands there: {v}"))
                        .unwrap_or_default();
                    self.failure = Some((
                        mm.kind,
                        format!("{}: {}{there}", s.description, mm.message),
                        metrics,
                        sample_info(s, index, self.seed),
                    ));
                    self.failing = Some(s.clone());
                }
            }
        }
    }

    /// Records a failure that is not a tensor comparison.
    pub fn fail(&mut self, s: &Sample, index: usize, kind: DivergenceKind, message: String) {
        self.record(
            s,
            index,
            Err(Mismatch {
                kind,
                message,
                metrics: None,
            }),
        );
    }

    /// True once some sample failed.
    pub fn failed(&self) -> bool {
        self.failure.is_some()
    }

    /// The outcome.
    pub fn finish(self) -> Outcome {
        let declared = self.divergence.as_ref().map(|d| d.0.clone());
        match self.failure {
            Some((kind, msg, metrics, sample)) => Outcome {
                verdict: Verdict::Fail(kind, msg),
                metrics,
                sample: Some(sample),
                samples_checked: self.checked,
                declared_divergence: None,
                failing: self.failing,
            },
            None => {
                let (metrics, sample) = self
                    .best
                    .map(|(m, s)| (Some(m), Some(s)))
                    .unwrap_or((None, None));
                let verdict = match (&declared, self.diverged) {
                    (Some(name), 0) => Verdict::Fail(
                        DivergenceKind::Value,
                        format!("declared divergence '{name}' no longer shows: the engine now matches NumPy; remove the entry"),
                    ),
                    _ => Verdict::Pass,
                };
                Outcome {
                    verdict,
                    metrics,
                    sample,
                    samples_checked: self.checked,
                    declared_divergence: match (self.diverged > 0, self.case_diverged.is_empty()) {
                        (true, _) => declared,
                        // The report names one declaration per trial: the first that showed.
                        (false, false) => Some(self.case_diverged[0].to_string()),
                        (false, true) => None,
                    },
                    failing: None,
                }
            }
        }
    }
}

/// The operands' values at the worst element of an elementwise result (`x0 = 1.5e0, x1 = 2`):
/// when the tensor operands broadcast to a shape of the result's rank and size, which is how an
/// elementwise op's result is indexed; `None` for reductions and the like.
fn operands_at(s: &Sample, m: &Metrics) -> Option<String> {
    let tensors: Vec<&Tensor> = s
        .args
        .iter()
        .filter_map(|a| match a {
            Arg::Tensor(t) => Some(t),
            Arg::Scalar(_) => None,
        })
        .collect();
    let shapes: Vec<&[usize]> = tensors.iter().map(|t| t.shape()).collect();
    let shape = backends::ops::ufunc::broadcast_shapes("repro", &shapes).ok()?;
    if shape.len() != m.worst_index.len() || shape.iter().product::<usize>() as u64 != m.total {
        return None;
    }
    let parts: Option<Vec<String>> =
        s.args
            .iter()
            .enumerate()
            .map(|(i, a)| match a {
                Arg::Tensor(t) => crate::compare::value_at(t, &shape, &m.worst_index)
                    .map(|v| format!("x{i} = {v}")),
                Arg::Scalar(sc) => Some(format!("x{i} = {sc:?}")),
            })
            .collect();
    parts.map(|p| p.join(", "))
}

/// An outcome for a template that does not apply.
pub fn not_applicable(why: impl Into<String>) -> Outcome {
    Outcome {
        verdict: Verdict::NotApplicable(why.into()),
        metrics: None,
        sample: None,
        samples_checked: 0,
        declared_divergence: None,
        failing: None,
    }
}

/// The declaration kind (`opinfo::skips`) that covers a mismatch of `kind`: a value
/// declaration covers NaN mismatches too; crashes, panics and the like have none.
pub fn decl_kind(kind: DivergenceKind) -> Option<opinfo::skips::DivergenceKind> {
    use opinfo::skips::DivergenceKind as D;
    match kind {
        DivergenceKind::Value | DivergenceKind::Nan => Some(D::Value),
        DivergenceKind::SignedZero => Some(D::SignedZero),
        DivergenceKind::Shape => Some(D::Shape),
        DivergenceKind::Dtype => Some(D::Dtype),
        DivergenceKind::ErrorKind => Some(D::ErrorKind),
        _ => None,
    }
}
