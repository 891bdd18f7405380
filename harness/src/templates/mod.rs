//! The test templates. Each is instantiated per op × device × dtype and returns an [`Outcome`].

mod broadcasting;
mod dtypes;
mod errors;
mod extremal;
mod noncontiguous;
mod reference;
mod result_dtype;
mod values;
mod variants;

use crate::outcome::Outcome;
use backends::DType;
use opinfo::OpInfo;
use reports::DivergenceKind;

/// Everything a template needs to know about its trial.
pub struct Ctx<'a> {
    /// The op's record.
    pub op: &'a OpInfo,
    /// Device type name.
    pub device: &'a str,
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
}

/// Runs template `name` for `ctx`.
pub fn run(name: &str, ctx: &Ctx<'_>) -> Outcome {
    match name {
        "reference" => reference::run(ctx),
        "result_dtype" => result_dtype::run(ctx),
        "noncontiguous" => noncontiguous::run(ctx),
        "variants" => variants::run(ctx),
        "dtypes" => dtypes::run(ctx),
        "errors" => errors::run(ctx),
        "broadcasting" => broadcasting::run(ctx),
        "extremal" => extremal::run(ctx),
        other => crate::outcome::not_applicable(format!("unknown template {other}")),
    }
}
