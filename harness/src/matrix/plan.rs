//! The matrix as data: every trial (template × op × device × dtype) with what the tables say
//! about it. The supervising process and its workers build the same plan, so a trial id is all
//! a worker needs to be told.

use crate::devices;
use backends::DType;
use opinfo::record::Reference;
use opinfo::skips::{self, DivergenceKind as DeclKind};
use opinfo::{OpInfo, TEMPLATES};
use reports::{DeviceInfo, DivergenceKind, MatrixInfo};
use std::borrow::Cow;
use std::collections::HashMap;
use std::sync::Arc;

/// What the tables say a trial is.
#[derive(Clone, Debug)]
pub enum Kind {
    /// Its device is not available here: listed, never run.
    Unavailable,
    /// The skip table skips it, or its oracle is missing here, for this reason.
    Skip(Cow<'static, str>),
    /// It runs: maybe expected to fail (strict), maybe with a declared divergence.
    Run,
}

/// One trial of the matrix.
#[derive(Clone, Debug)]
pub struct Planned {
    /// `template::op::device::dtype`.
    pub id: String,
    /// The template.
    pub template: &'static str,
    /// Index of the op in [`Plan::ops`].
    pub op: usize,
    /// Device name (`cpu`, `cuda`).
    pub device: String,
    /// The dtype.
    pub dtype: DType,
    /// Skip, unavailable, or run.
    pub kind: Kind,
    /// The xfail table's reason, when it expects the trial to fail.
    pub xfail: Option<&'static str>,
    /// The divergence table's entry (name, kind) that covers the trial.
    pub divergence: Option<(String, DivergenceKind)>,
}

/// The whole matrix of this build on this machine.
pub struct Plan {
    /// The registry.
    pub ops: Arc<Vec<OpInfo>>,
    /// Devices considered, available or not (`ignored_trials` still zero).
    pub devices: Vec<DeviceInfo>,
    /// Every trial, in a fixed order (device, template, op, dtype).
    pub trials: Vec<Planned>,
    by_id: HashMap<String, usize>,
}

/// The report's kind for a divergence-table entry's kind.
fn report_kind(k: DeclKind) -> DivergenceKind {
    match k {
        DeclKind::Dtype => DivergenceKind::Dtype,
        DeclKind::Value => DivergenceKind::Value,
        DeclKind::SignedZero => DivergenceKind::SignedZero,
        DeclKind::Shape => DivergenceKind::Shape,
        DeclKind::ErrorKind => DivergenceKind::ErrorKind,
    }
}

impl Plan {
    /// Builds the plan; `Err` lists table entries that name no op, template or device.
    pub fn build() -> Result<Plan, String> {
        let ops: Arc<Vec<OpInfo>> = Arc::new(opinfo::registry());
        let problems = skips::validate(&ops);
        if !problems.is_empty() {
            return Err(format!(
                "opinfo tables name unknown entries:\n  {}",
                problems.join("\n  ")
            ));
        }
        let devices = devices::discover();
        let (skip_table, xfail_table, div_table) =
            (skips::skips(), skips::xfails(), skips::divergences());
        let mut trials = Vec::new();
        let mut modules = HashMap::new();
        for dev in &devices {
            for template in TEMPLATES
                .into_iter()
                .filter(|t| skips::template_applies(t, &dev.name))
            {
                for (oi, op) in ops.iter().enumerate() {
                    // Only the templates the record says apply, and only on devices that have
                    // the op: `--list` shows no trial that cannot run.
                    if !op.checks(template) || !op.on_device(&dev.name) {
                        continue;
                    }
                    for dtype in DType::ALL {
                        if !op.instantiates(template, &dev.name, dtype) {
                            continue;
                        }
                        let hits =
                            |s: &skips::Selector| s.matches(template, op.name, &dev.name, dtype);
                        let kind = if !dev.available {
                            Kind::Unavailable
                        } else if let Some(s) = skip_table.iter().find(|s| hits(&s.select)) {
                            Kind::Skip(Cow::Borrowed(s.reason))
                        } else if let Some(why) = missing_oracle(op, &mut modules) {
                            Kind::Skip(Cow::Owned(why))
                        } else {
                            Kind::Run
                        };
                        trials.push(Planned {
                            id: format!("{template}::{}::{}::{}", op.name, dev.name, dtype.name()),
                            template,
                            op: oi,
                            device: dev.name.clone(),
                            dtype,
                            kind,
                            xfail: xfail_table
                                .iter()
                                .find(|x| hits(&x.select))
                                .map(|x| x.reason),
                            divergence: div_table
                                .iter()
                                .find(|x| hits(&x.select))
                                .map(|x| (x.name.to_string(), report_kind(x.kind))),
                        });
                    }
                }
            }
        }
        let by_id = trials
            .iter()
            .enumerate()
            .map(|(i, t)| (t.id.clone(), i))
            .collect();
        Ok(Plan {
            ops,
            devices,
            trials,
            by_id,
        })
    }

    /// The trial with this id.
    pub fn get(&self, id: &str) -> Option<&Planned> {
        self.by_id.get(id).map(|&i| &self.trials[i])
    }

    /// The matrix a full run records (every trial on an available device), for merging.
    pub fn matrix_info(&self) -> MatrixInfo {
        let mut ids: Vec<&str> = self
            .trials
            .iter()
            .filter(|t| !matches!(t.kind, Kind::Unavailable))
            .map(|t| t.id.as_str())
            .collect();
        ids.sort_unstable();
        MatrixInfo {
            trials: ids.len(),
            digest: digest(&ids),
        }
    }
}

/// Why `op`'s trials cannot run here: its reference lives in a module this Python environment
/// lacks (SciPy, in a bundle that does not carry it). `None` when the module is there, and when
/// the oracle cannot start at all (its trials then run and fail saying why). `seen` caches the
/// answer per module.
fn missing_oracle(op: &OpInfo, seen: &mut HashMap<&'static str, bool>) -> Option<String> {
    let Reference::Dotted(name) = op.reference else {
        return None;
    };
    let module = name.split('.').next().filter(|m| *m != "numpy")?;
    let here = *seen
        .entry(module)
        .or_insert_with(|| reference::module_available(module).unwrap_or(true));
    (!here).then(|| {
        format!(
            "oracle missing: the reference {name} needs the Python module `{module}`, which \
             this Python environment does not have"
        )
    })
}

/// A 128-bit FNV-1a digest (two 64-bit lanes with different offsets) of `ids`, one per line:
/// enough to tell two builds' matrices apart, not a cryptographic hash.
fn digest(ids: &[&str]) -> String {
    let mut lanes: [u64; 2] = [0xcbf2_9ce4_8422_2325, 0x6c62_272e_07bb_0142];
    for id in ids {
        for b in id.bytes().chain([b'\n']) {
            for (k, h) in lanes.iter_mut().enumerate() {
                *h ^= u64::from(b) + k as u64;
                *h = h.wrapping_mul(0x0100_0000_01b3);
            }
        }
    }
    format!("{:016x}{:016x}", lanes[0], lanes[1])
}

#[cfg(test)]
mod tests {
    use super::digest;

    #[test]
    fn digest_depends_on_every_id_and_their_order() {
        let a = digest(&["a::b", "c::d"]);
        assert_eq!(a.len(), 32);
        assert_ne!(a, digest(&["a::b"]));
        assert_ne!(a, digest(&["c::d", "a::b"]));
        assert_ne!(a, digest(&["a::b", "c::e"]));
        assert_eq!(a, digest(&["a::b", "c::d"]));
    }
}
