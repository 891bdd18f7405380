//! The test templates. Each is instantiated per op × device × dtype and returns an [`Outcome`].

mod accuracy;
mod cross_device;
mod determinism;
mod dtypes;
mod errors;
mod fp_flags;
mod identities;
mod noncontiguous;
mod out_dtypes;
mod result_dtype;
pub mod values;
mod variants;

use crate::outcome::{not_applicable, Checker, Outcome};
use backends::{Arg, DType, Device, Tensor};
use opinfo::samples::Sample;
use opinfo::OpInfo;
use reports::DivergenceKind;

/// Everything a template needs to know about its trial.
pub struct Ctx<'a> {
    /// The op's record.
    pub op: &'a OpInfo,
    /// Device type name.
    pub device: &'a str,
    /// The engine device the trial runs on.
    pub dev: Device,
    /// The trial's dtype.
    pub dtype: DType,
    /// Seed derived from the trial id.
    pub seed: u64,
    /// A principled divergence declared for this trial: (name, kind).
    pub divergence: Option<(String, DivergenceKind)>,
}

impl Ctx<'_> {
    /// Whether the op claims this trial's dtype on this device.
    pub fn claimed(&self) -> bool {
        self.op.supports(self.device, self.dtype)
    }

    /// `t` on the trial's device, layout kept (a view of the same storage on the CPU).
    pub fn place(&self, t: &Tensor) -> backends::Result<Tensor> {
        t.to_device(self.dev)
    }

    /// Operands on the trial's device (Python scalars stay scalars).
    pub fn place_args(&self, args: &[Arg]) -> backends::Result<Vec<Arg>> {
        args.iter()
            .map(|a| match a {
                Arg::Tensor(t) => self.place(t).map(Arg::Tensor),
                s => Ok(s.clone()),
            })
            .collect()
    }

    /// [`Ctx::place_sample`], or `None` after recording a `device` failure on `c` for sample
    /// `i` (a transfer that fails is the device's fault, not the op's).
    pub fn placed(&self, s: &Sample, i: usize, c: &mut Checker) -> Option<Sample> {
        match self.place_sample(s) {
            Ok(p) => Some(p),
            Err(e) => {
                c.fail(
                    s,
                    i,
                    DivergenceKind::Device,
                    format!("moving the sample: {e}"),
                );
                None
            }
        }
    }

    /// A sample with its operands and `out` on the trial's device.
    pub fn place_sample(&self, s: &Sample) -> backends::Result<Sample> {
        let kwargs = s
            .kwargs
            .iter()
            .map(|(k, v)| match v {
                opinfo::Kw::Tensor(t) => self.place(t).map(|t| (*k, opinfo::Kw::Tensor(t))),
                other => Ok((*k, other.clone())),
            })
            .collect::<backends::Result<_>>()?;
        Ok(Sample {
            kind: s.kind,
            description: s.description.clone(),
            args: self.place_args(&s.args)?,
            kwargs,
            out: s
                .out
                .iter()
                .map(|o| self.place(o))
                .collect::<backends::Result<_>>()?,
        })
    }

    /// The op's samples for `template` on this trial's dtype (empty when it has none); the
    /// `reference` template also gets the record's saved regression cases
    /// (`opinfo/regressions/`).
    pub fn samples(&self, template: &str) -> Vec<Sample> {
        let mut v: Vec<Sample> = self
            .op
            .gen(template)
            .map(|g| g(self.op, self.dtype, self.seed))
            .unwrap_or_default();
        if template == "reference" {
            v.extend(opinfo::regressions::samples(self.op.name, self.dtype));
        }
        v
    }
}

/// A value template: the op's samples for `template` on the engine and in NumPy.
fn value_template(template: &str, ctx: &Ctx<'_>) -> Outcome {
    if !ctx.claimed() {
        return not_applicable(format!("{} does not claim {}", ctx.op.name, ctx.dtype));
    }
    let samples = ctx.samples(template);
    if samples.is_empty() {
        return not_applicable("no samples of this kind for the op");
    }
    values::check_samples(ctx, &samples)
}

/// Runs template `name` for `ctx`.
pub fn run(name: &str, ctx: &Ctx<'_>) -> Outcome {
    match name {
        "result_dtype" => result_dtype::run(ctx),
        "noncontiguous" => noncontiguous::run(ctx),
        "variants" => variants::run(ctx),
        "dtypes" => dtypes::run(ctx),
        "errors" => errors::run(ctx),
        "cross_device" => cross_device::run(ctx),
        "determinism" => determinism::run(ctx),
        "accuracy" => accuracy::run(ctx),
        "fp_flags" => fp_flags::run(ctx),
        "identities" => identities::run(ctx),
        // Every other template compares the op's samples of that name with NumPy.
        other => value_template(other, ctx),
    }
}

/// The operands of the first sample the record's `reference` generator makes for `dtype`: a
/// probe in the shapes the op takes (for families whose ops differ in them).
fn first_sample_args(op: &OpInfo, dtype: DType, seed: u64) -> Vec<Arg> {
    (op.gens.sample)(op, dtype, seed)
        .into_iter()
        .next()
        .map(|s| s.args)
        .unwrap_or_default()
}
