//! Merging the reports of a sharded run (`OPINFO_SHARD=k/n`) into one report.
//!
//! Each shard runs a deterministic slice of the matrix and writes its own report (or, if it was
//! killed, at least its stream). [`merge`] combines them into the report a single run would
//! have written, refusing inputs that cannot belong together (a trial recorded twice, different
//! builds, mismatched shard counts, another major schema version), and says what is still
//! missing ([`Missing`]): shards never merged, trials of the matrix never recorded.

use std::collections::{BTreeMap, BTreeSet, HashMap};
use std::fmt;
use std::io;
use std::path::{Path, PathBuf};

use crate::model::{DeclaredDivergence, DeviceInfo, Report, RunMeta, Shard, SCHEMA_VERSION};
use crate::stream::read_stream;
use crate::time::parse_rfc3339_utc;
use crate::validate::validate_report;

/// How many ids (or problems) a refusal lists; the count says how many there were.
pub const LIST_CAP: usize = 20;

/// One input of a merge: a report and the name (usually its path) it is reported under.
#[derive(Debug, Clone)]
pub struct MergeInput {
    /// Shown in refusals and in the merged report's `run.command`.
    pub name: String,
    /// The shard's report.
    pub report: Report,
}

/// What a merged report still lacks.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Missing {
    /// Shard indices of `1..=count` no input covers; computed only when every input is a shard
    /// of the same `count` (otherwise which slices exist is unknown) and empty otherwise.
    pub shards: Vec<usize>,
    /// `(merged, matrix)`: trials merged and trials of the whole matrix (`run.matrix.trials`),
    /// when the matrix is known and fewer were merged.
    pub trials: Option<(usize, usize)>,
}

impl Missing {
    /// Whether nothing is known to be missing.
    pub fn is_empty(&self) -> bool {
        self.shards.is_empty() && self.trials.is_none()
    }
}

impl fmt::Display for Missing {
    /// `shards 2, 4; 30 of 40 trials (10 merged)`, `shard 3`, or `nothing`.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.is_empty() {
            return f.write_str("nothing");
        }
        let mut parts = Vec::new();
        if !self.shards.is_empty() {
            let list: Vec<String> = self.shards.iter().map(usize::to_string).collect();
            let noun = if self.shards.len() == 1 {
                "shard"
            } else {
                "shards"
            };
            parts.push(format!("{noun} {}", list.join(", ")));
        }
        if let Some((merged, total)) = self.trials {
            parts.push(format!(
                "{} of {total} trials ({merged} merged)",
                total - merged
            ));
        }
        f.write_str(&parts.join("; "))
    }
}

/// The result of a merge.
#[derive(Debug, Clone)]
pub struct Merged {
    /// The merged report (valid when the inputs were).
    pub report: Report,
    /// What it still lacks.
    pub missing: Missing,
}

/// Why inputs could not be merged. Every variant but [`MergeError::Io`] is a refusal: the
/// inputs were read but do not belong together.
#[derive(Debug)]
pub enum MergeError {
    /// An input could not be read or parsed.
    Io {
        /// The input's path.
        path: PathBuf,
        /// What went wrong.
        error: io::Error,
    },
    /// Nothing to merge.
    NoInputs,
    /// An input's `schema_version` has another major version than [`SCHEMA_VERSION`].
    SchemaMajor {
        /// The input.
        input: String,
        /// Its `schema_version`.
        version: String,
    },
    /// An input is not a valid report ([`validate_report`]), so the merge would not be either.
    Invalid {
        /// The input.
        input: String,
        /// The first [`LIST_CAP`] problems.
        problems: Vec<String>,
        /// How many problems there were.
        count: usize,
    },
    /// A shard field out of range (`index` not in `1..=count`).
    BadShard {
        /// The input.
        input: String,
        /// Its shard.
        shard: Shard,
    },
    /// Two inputs are shards of different splits of the matrix.
    ShardCountMismatch {
        /// The first shard input and its count.
        first: (String, usize),
        /// The first input that disagrees and its count.
        other: (String, usize),
    },
    /// Two inputs are the same shard.
    RepeatedShard {
        /// The shard.
        shard: Shard,
        /// The inputs that are it.
        inputs: Vec<String>,
    },
    /// Two inputs were drawn from different matrices (`run.matrix.digest`): other builds,
    /// other registries or other machines.
    MatrixMismatch {
        /// The first input with a matrix and its digest.
        first: (String, String),
        /// The first input that disagrees and its digest.
        other: (String, String),
    },
    /// Two inputs tested different commits (or one says and another does not know).
    CommitMismatch {
        /// The first input and its commit.
        first: (String, Option<String>),
        /// The first input that disagrees and its commit.
        other: (String, Option<String>),
    },
    /// Trial ids recorded more than once across the inputs.
    DuplicateTrials {
        /// The first [`LIST_CAP`] such ids, sorted.
        ids: Vec<String>,
        /// How many ids are recorded more than once.
        count: usize,
        /// The inputs holding them.
        inputs: Vec<String>,
    },
}

impl MergeError {
    /// Whether the inputs were refused (exit 1), rather than unreadable (exit 2).
    pub fn is_refusal(&self) -> bool {
        !matches!(self, MergeError::Io { .. })
    }
}

fn more(shown: usize, count: usize) -> String {
    if count > shown {
        format!(" (and {} more)", count - shown)
    } else {
        String::new()
    }
}

impl fmt::Display for MergeError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let commit = |c: &Option<String>| c.clone().unwrap_or_else(|| "null".into());
        match self {
            MergeError::Io { path, error } => write!(f, "{}: {error}", path.display()),
            MergeError::NoInputs => f.write_str("no inputs to merge"),
            MergeError::SchemaMajor { input, version } => write!(
                f,
                "{input}: schema {version} is not of this tool's major version ({SCHEMA_VERSION})"
            ),
            MergeError::Invalid {
                input,
                problems,
                count,
            } => write!(
                f,
                "{input}: not a valid report, {count} problem(s):\n  {}{}",
                problems.join("\n  "),
                more(problems.len(), *count)
            ),
            MergeError::BadShard { input, shard } => write!(
                f,
                "{input}: shard {}/{} is out of range",
                shard.index, shard.count
            ),
            MergeError::ShardCountMismatch { first, other } => write!(
                f,
                "shards of different splits: {} is one of {} shards, {} one of {}",
                first.0, first.1, other.0, other.1
            ),
            MergeError::RepeatedShard { shard, inputs } => write!(
                f,
                "shard {}/{} is in more than one input: {}",
                shard.index,
                shard.count,
                inputs.join(", ")
            ),
            MergeError::MatrixMismatch { first, other } => write!(
                f,
                "inputs drawn from different matrices (builds): {} has digest {}, {} has {}",
                first.0, first.1, other.0, other.1
            ),
            MergeError::CommitMismatch { first, other } => write!(
                f,
                "inputs tested different commits: {} has {}, {} has {}",
                first.0,
                commit(&first.1),
                other.0,
                commit(&other.1)
            ),
            MergeError::DuplicateTrials { ids, count, inputs } => write!(
                f,
                "{count} trial id(s) recorded more than once (in {}):\n  {}{}",
                inputs.join(", "),
                ids.join("\n  "),
                more(ids.len(), *count)
            ),
        }
    }
}

impl std::error::Error for MergeError {}

/// Expands the command line's inputs: a directory stands for every `*.json` and `*.jsonl`
/// file directly inside it (sorted, not recursive, hidden files such as the report writer's
/// temporaries skipped), except a `X.jsonl` beside a `X.json` (the stream of a run that
/// finished and wrote its report: taking both would count every trial twice) and the paths
/// in `exclude` (the merge's own output, from an earlier merge into the same directory).
/// Other paths are kept as they are, so a missing file is reported when it is loaded.
pub fn expand_inputs(args: &[PathBuf], exclude: &[PathBuf]) -> io::Result<Vec<PathBuf>> {
    let exclude: Vec<PathBuf> = exclude
        .iter()
        .filter_map(|p| p.canonicalize().ok())
        .collect();
    let mut out = Vec::new();
    for arg in args {
        if !arg.is_dir() {
            out.push(arg.clone());
            continue;
        }
        let mut found: Vec<PathBuf> = Vec::new();
        for entry in std::fs::read_dir(arg)? {
            let path = entry?.path();
            let hidden = path
                .file_name()
                .is_some_and(|n| n.to_string_lossy().starts_with('.'));
            let ext = path.extension().and_then(|e| e.to_str());
            if hidden || !matches!(ext, Some("json" | "jsonl")) || !path.is_file() {
                continue;
            }
            if path.canonicalize().is_ok_and(|c| exclude.contains(&c)) {
                continue;
            }
            found.push(path);
        }
        found.sort();
        let reports: BTreeSet<PathBuf> = found
            .iter()
            .filter(|p| p.extension().is_some_and(|e| e == "json"))
            .cloned()
            .collect();
        found.retain(|p| {
            p.extension().is_some_and(|e| e == "json")
                || !reports.contains(&p.with_extension("json"))
        });
        out.extend(found);
    }
    Ok(out)
}

fn major(version: &str) -> &str {
    version.split('.').next().unwrap_or("")
}

/// Loads one input: a stream (`*.jsonl`, [`read_stream`]) or a report (anything else). A
/// report of another major schema version is refused before it is parsed, since its enums
/// may not parse here.
pub fn load_input(path: &Path) -> Result<Report, MergeError> {
    let io_err = |error: io::Error| MergeError::Io {
        path: path.to_path_buf(),
        error,
    };
    if path.extension().is_some_and(|e| e == "jsonl") {
        return read_stream(path).map_err(io_err);
    }
    let value = crate::writer::read_value(path).map_err(io_err)?;
    if let Some(v) = value.get("schema_version").and_then(|v| v.as_str()) {
        if major(v) != major(SCHEMA_VERSION) {
            return Err(MergeError::SchemaMajor {
                input: path.display().to_string(),
                version: v.to_string(),
            });
        }
    }
    serde_json::from_value(value).map_err(|e| io_err(io::Error::new(io::ErrorKind::InvalidData, e)))
}

/// Quotes `s` for a POSIX shell when it needs it, so `run.command` can be pasted.
fn shell_word(s: &str) -> String {
    let plain = !s.is_empty()
        && s.chars()
            .all(|c| c.is_ascii_alphanumeric() || "_./:=@%+,-".contains(c));
    if plain {
        s.to_string()
    } else {
        format!("'{}'", s.replace('\'', r"'\''"))
    }
}

/// Checks everything that makes inputs impossible to merge, cheapest first.
fn check(inputs: &[MergeInput]) -> Result<(), MergeError> {
    for i in inputs {
        let v = &i.report.schema_version;
        if major(v) != major(SCHEMA_VERSION) {
            return Err(MergeError::SchemaMajor {
                input: i.name.clone(),
                version: v.clone(),
            });
        }
        if let Some(s) = i.report.run.shard {
            if s.index == 0 || s.index > s.count {
                return Err(MergeError::BadShard {
                    input: i.name.clone(),
                    shard: s,
                });
            }
        }
    }

    let shards: Vec<(&str, Shard)> = inputs
        .iter()
        .filter_map(|i| i.report.run.shard.map(|s| (i.name.as_str(), s)))
        .collect();
    if let Some(&(first, s0)) = shards.first() {
        if let Some(&(other, s)) = shards.iter().find(|(_, s)| s.count != s0.count) {
            return Err(MergeError::ShardCountMismatch {
                first: (first.into(), s0.count),
                other: (other.into(), s.count),
            });
        }
    }
    let mut by_index: BTreeMap<usize, Vec<&str>> = BTreeMap::new();
    for &(name, s) in &shards {
        by_index.entry(s.index).or_default().push(name);
    }
    if let Some((&index, names)) = by_index.iter().find(|(_, n)| n.len() > 1) {
        return Err(MergeError::RepeatedShard {
            shard: Shard {
                index,
                count: shards[0].1.count,
            },
            inputs: names.iter().map(|n| n.to_string()).collect(),
        });
    }

    let digests: Vec<(&str, &str)> = inputs
        .iter()
        .filter_map(|i| {
            let m = i.report.run.matrix.as_ref()?;
            Some((i.name.as_str(), m.digest.as_str()))
        })
        .collect();
    if let Some(&(first, d0)) = digests.first() {
        if let Some(&(other, d)) = digests.iter().find(|(_, d)| *d != d0) {
            return Err(MergeError::MatrixMismatch {
                first: (first.into(), d0.into()),
                other: (other.into(), d.into()),
            });
        }
    }

    // A null commit is not a wildcard: a shard that does not know its commit may have been
    // built from another tree, so mixing it with known commits is refused too.
    let c0 = &inputs[0].report.run.commit;
    if let Some(other) = inputs.iter().find(|i| i.report.run.commit != *c0) {
        return Err(MergeError::CommitMismatch {
            first: (inputs[0].name.clone(), c0.clone()),
            other: (other.name.clone(), other.report.run.commit.clone()),
        });
    }

    for i in inputs {
        if let Err(problems) = validate_report(&i.report) {
            return Err(MergeError::Invalid {
                input: i.name.clone(),
                count: problems.len(),
                problems: problems.into_iter().take(LIST_CAP).collect(),
            });
        }
    }

    let mut holders: HashMap<&str, Vec<usize>> = HashMap::new();
    for (n, i) in inputs.iter().enumerate() {
        for t in &i.report.trials {
            holders.entry(&t.id).or_default().push(n);
        }
    }
    let mut dups: Vec<(&str, Vec<usize>)> =
        holders.into_iter().filter(|(_, h)| h.len() > 1).collect();
    if !dups.is_empty() {
        dups.sort();
        let involved: BTreeSet<usize> = dups.iter().flat_map(|(_, h)| h.iter().copied()).collect();
        return Err(MergeError::DuplicateTrials {
            count: dups.len(),
            ids: dups
                .iter()
                .take(LIST_CAP)
                .map(|(id, _)| id.to_string())
                .collect(),
            inputs: involved.iter().map(|&n| inputs[n].name.clone()).collect(),
        });
    }
    Ok(())
}

/// The run metadata of the merge (inputs already [`check`]ed, so commits and digests agree).
fn merged_run(inputs: &[MergeInput]) -> RunMeta {
    let runs: Vec<&RunMeta> = inputs.iter().map(|i| &i.report.run).collect();
    // The span from the earliest start to the latest end; a start that does not parse cannot
    // occur in a valid input, a non-finite wall time counts as zero.
    let start_of = |r: &RunMeta| parse_rfc3339_utc(&r.started_at).unwrap_or(f64::INFINITY);
    let first = runs
        .iter()
        .copied()
        .min_by(|a, b| start_of(a).total_cmp(&start_of(b)))
        .expect("at least one input");
    let end = runs
        .iter()
        .map(|r| {
            let wall = if r.wall_time_s.is_finite() {
                r.wall_time_s
            } else {
                0.0
            };
            start_of(r) + wall
        })
        .fold(f64::NEG_INFINITY, f64::max);

    let mut devices: Vec<DeviceInfo> = Vec::new();
    for d in runs.iter().flat_map(|r| &r.devices) {
        match devices.iter_mut().find(|m| m.name == d.name) {
            Some(m) => {
                m.ignored_trials += d.ignored_trials;
                // The detail of the first input where the device is available.
                if d.available && !m.available {
                    m.available = true;
                    m.detail = d.detail.clone();
                }
            }
            None => devices.push(d.clone()),
        }
    }

    // Each version from the first input that knows it (a shard whose oracle failed to start
    // knows none).
    let pick = |f: fn(&RunMeta) -> &Option<String>| runs.iter().find_map(|r| f(r).clone());
    let names: Vec<String> = inputs.iter().map(|i| shell_word(&i.name)).collect();
    RunMeta {
        commit: first.commit.clone(),
        started_at: first.started_at.clone(),
        wall_time_s: (end - start_of(first)).max(0.0),
        numpy_version: pick(|r| &r.numpy_version),
        python_version: pick(|r| &r.python_version),
        ml_dtypes_version: pick(|r| &r.ml_dtypes_version),
        scipy_version: pick(|r| &r.scipy_version),
        rustc_version: pick(|r| &r.rustc_version),
        cpu_model: pick(|r| &r.cpu_model),
        threads: runs.iter().map(|r| r.threads).sum(),
        devices,
        filter: if runs.iter().all(|r| r.filter == runs[0].filter) {
            runs[0].filter.clone()
        } else {
            None
        },
        command: format!("opinfo-report merge {}", names.join(" ")),
        shard: None,
        matrix: runs.iter().find_map(|r| r.matrix.clone()),
    }
}

/// Merges the reports of the shards of one run into one report, or says why they cannot be.
///
/// Refused ([`MergeError`]): no inputs; an input of another major schema version, or invalid;
/// a shard index out of range; shards of different counts, or one shard twice; different
/// `run.matrix.digest`s (when both inputs have one); different commits (all must be equal,
/// `null` included); a trial id in more than one input.
///
/// The merged run: `commit` the inputs'; `started_at` the earliest; `wall_time_s` the span
/// from the earliest start to the latest end (start + wall time); `threads` the sum; devices
/// merged by name (available if any input had it, `ignored_trials` summed, `detail` from the
/// first input where it is available, else the first); `filter` kept if all inputs agree,
/// else null; each version (and `cpu_model`) from the first input that has it; `command`
/// `opinfo-report merge <input names>`; `shard` null; `matrix` the inputs' (equal digests).
/// Divergences: the union by name (`op` and `reason` from the first input naming it), with
/// `trials` recomputed and `still_holds` the number of trials naming it. Trials sorted by id.
pub fn merge(inputs: &[MergeInput]) -> Result<Merged, MergeError> {
    if inputs.is_empty() {
        return Err(MergeError::NoInputs);
    }
    check(inputs)?;
    let run = merged_run(inputs);

    let mut divergences: Vec<DeclaredDivergence> = Vec::new();
    let mut names: BTreeSet<&str> = BTreeSet::new();
    for d in inputs.iter().flat_map(|i| &i.report.divergences) {
        if names.insert(&d.name) {
            divergences.push(d.clone());
        }
    }
    let mut trials: Vec<_> = inputs
        .iter()
        .flat_map(|i| i.report.trials.iter().cloned())
        .collect();
    trials.sort_by(|a, b| a.id.cmp(&b.id));

    let mut report = Report::new(run, trials, divergences);
    for d in &mut report.divergences {
        d.still_holds = d.trials;
    }
    // Every shard reads the same NumPy and registry: the first coverage table stands for all.
    report.coverage = inputs.iter().find_map(|i| i.report.coverage.clone());

    let shards: Vec<Shard> = inputs.iter().filter_map(|i| i.report.run.shard).collect();
    let missing = Missing {
        shards: if shards.len() == inputs.len() {
            let count = shards[0].count;
            (1..=count)
                .filter(|k| !shards.iter().any(|s| s.index == *k))
                .collect()
        } else {
            Vec::new()
        },
        trials: report
            .run
            .matrix
            .as_ref()
            .map(|m| (report.trials.len(), m.trials))
            .filter(|(merged, total)| merged < total),
    };
    Ok(Merged { report, missing })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::example::{example_report, trial};
    use crate::model::{MatrixInfo, Status};

    /// Splits the example report into `count` shards by trial position, round-robin (as
    /// `OPINFO_SHARD` does over the matrix's fixed order).
    fn shards(count: usize) -> Vec<MergeInput> {
        let full = example_report();
        (1..=count)
            .map(|index| {
                let trials = full
                    .trials
                    .iter()
                    .enumerate()
                    .filter(|(n, _)| n % count == index - 1)
                    .map(|(_, t)| t.clone())
                    .collect();
                let mut run = full.run.clone();
                run.shard = Some(Shard { index, count });
                run.started_at = format!("2024-05-01T12:00:0{index}Z");
                run.wall_time_s = 10.0;
                run.threads = 2;
                run.devices[1].ignored_trials = index;
                let mut r = Report::new(run, trials, full.divergences.clone());
                for d in &mut r.divergences {
                    d.still_holds = d.trials;
                }
                MergeInput {
                    name: format!("shard-{index}.json"),
                    report: r,
                }
            })
            .collect()
    }

    #[test]
    fn merging_all_shards_gives_back_the_whole_run() {
        let inputs = shards(3);
        let m = merge(&inputs).unwrap();
        let r = &m.report;
        assert_eq!(validate_report(r), Ok(()));
        let full = example_report();
        let mut want: Vec<&str> = full.trials.iter().map(|t| t.id.as_str()).collect();
        want.sort();
        let got: Vec<&str> = r.trials.iter().map(|t| t.id.as_str()).collect();
        assert_eq!(got, want, "every trial once, sorted by id");
        assert_eq!(r.summary, crate::Summary::of(&full.trials));
        assert_eq!(r.divergences[0].trials, 2);
        assert_eq!(r.divergences[0].still_holds, 2);
        assert_eq!(r.run.started_at, "2024-05-01T12:00:01Z");
        assert_eq!(r.run.wall_time_s, 12.0, "12:00:01 to 12:00:03 + 10 s");
        assert_eq!(r.run.threads, 6);
        assert_eq!(r.run.devices.len(), 2);
        assert_eq!(r.run.devices[1].ignored_trials, 1 + 2 + 3);
        assert!(!r.run.devices[1].available);
        assert_eq!(r.run.shard, None);
        assert_eq!(r.run.matrix, full.run.matrix);
        assert_eq!(r.run.filter.as_deref(), Some("sin"));
        assert_eq!(
            r.run.command,
            "opinfo-report merge shard-1.json shard-2.json shard-3.json"
        );
        // The example's matrix says 24 trials; 11 are merged.
        assert_eq!(
            m.missing,
            Missing {
                shards: vec![],
                trials: Some((11, 24))
            }
        );
        assert_eq!(m.missing.to_string(), "13 of 24 trials (11 merged)");
    }

    #[test]
    fn missing_shards_and_trials_are_reported() {
        let mut inputs = shards(4);
        inputs.remove(3);
        inputs.remove(1);
        for i in &mut inputs {
            i.report.run.matrix = Some(MatrixInfo {
                trials: 11,
                digest: "d".into(),
            });
        }
        let m = merge(&inputs).unwrap();
        assert_eq!(m.missing.shards, [2, 4]);
        let merged = m.report.trials.len();
        assert!(merged < 11);
        assert_eq!(m.missing.trials, Some((merged, 11)));
        assert_eq!(
            m.missing.to_string(),
            format!(
                "shards 2, 4; {} of 11 trials ({merged} merged)",
                11 - merged
            )
        );

        // An unsharded input: which shards exist is unknown; with the matrix complete and
        // unknown, nothing is missing.
        let mut whole = example_report();
        whole.run.matrix = None;
        let m = merge(&[MergeInput {
            name: "full.json".into(),
            report: whole,
        }])
        .unwrap();
        assert!(m.missing.is_empty());
        assert_eq!(m.missing.to_string(), "nothing");
    }

    #[test]
    fn run_metadata_merges_devices_versions_and_filters() {
        let mut inputs = shards(2);
        let (a, b) = inputs.split_at_mut(1);
        let (a, b) = (&mut a[0].report.run, &mut b[0].report.run);
        a.numpy_version = None;
        a.devices.push(DeviceInfo {
            name: "rocm".into(),
            available: false,
            detail: "no ROCm".into(),
            ignored_trials: 0,
        });
        b.devices[1].available = true;
        b.devices[1].detail = "NVIDIA H200".into();
        b.filter = None;
        b.started_at = "2024-05-01T11:59:59.5Z".into();
        b.wall_time_s = f64::NAN;
        let m = merge(&inputs).unwrap();
        let run = &m.report.run;
        assert_eq!(run.numpy_version.as_deref(), Some("2.1.0"), "from input 2");
        let names: Vec<&str> = run.devices.iter().map(|d| d.name.as_str()).collect();
        assert_eq!(names, ["cpu", "cuda", "rocm"]);
        assert!(run.devices[1].available);
        assert_eq!(run.devices[1].detail, "NVIDIA H200");
        assert_eq!(run.devices[1].ignored_trials, 3);
        assert_eq!(run.filter, None, "filters disagree");
        assert_eq!(run.started_at, "2024-05-01T11:59:59.5Z");
        // Ends: 12:00:01 + 10 s and (NaN wall time) 11:59:59.5.
        assert_eq!(run.wall_time_s, 11.5);
        assert_eq!(validate_report(&m.report), Ok(()));
    }

    #[test]
    fn divergence_tables_are_united_by_name() {
        let mut inputs = shards(2);
        let extra = DeclaredDivergence {
            name: "sin-extra".into(),
            op: "sin".into(),
            reason: "second table".into(),
            trials: 0,
            still_holds: 0,
        };
        inputs[1].report.divergences[0].reason = "a later wording".into();
        inputs[1].report.divergences.push(extra);
        let mut t = trial("values", "sin", "cpu", "float16", Status::Xfail);
        t.declared_divergence = Some("sin-extra".into());
        inputs[1].report.trials.push(t);
        inputs[1].report.refresh();
        let m = merge(&inputs).unwrap();
        let d = &m.report.divergences;
        assert_eq!(d.len(), 2);
        assert_eq!(d[0].reason, example_report().divergences[0].reason);
        assert_eq!(
            (d[1].name.as_str(), d[1].trials, d[1].still_holds),
            ("sin-extra", 1, 1)
        );
        assert_eq!(validate_report(&m.report), Ok(()));
    }

    #[test]
    fn refusals() {
        let refuse = |inputs: &[MergeInput]| merge(inputs).unwrap_err();
        assert!(matches!(refuse(&[]), MergeError::NoInputs));

        let mut inputs = shards(2);
        let again = inputs[0].report.trials[0].clone();
        inputs[1].report.trials.push(again);
        inputs[1].report.refresh();
        let e = refuse(&inputs);
        assert!(e.is_refusal());
        let text = e.to_string();
        assert!(
            text.starts_with(
                "1 trial id(s) recorded more than once (in shard-1.json, shard-2.json):"
            ),
            "{text}"
        );
        assert!(text.contains(&inputs[0].report.trials[0].id), "{text}");

        let mut inputs = shards(2);
        inputs[1].report.run.matrix.as_mut().unwrap().digest = "ff".into();
        assert!(matches!(
            refuse(&inputs),
            MergeError::MatrixMismatch { ref other, .. } if other.1 == "ff"
        ));
        // ...unless only one of them knows its matrix.
        inputs[1].report.run.matrix = None;
        assert!(merge(&inputs).is_ok());

        let mut inputs = shards(2);
        inputs[1].report.run.shard = Some(Shard { index: 2, count: 3 });
        assert!(matches!(
            refuse(&inputs),
            MergeError::ShardCountMismatch {
                first: (_, 2),
                other: (_, 3)
            }
        ));
        inputs[1].report.run.shard = Some(Shard { index: 1, count: 2 });
        let e = refuse(&inputs);
        assert_eq!(
            e.to_string(),
            "shard 1/2 is in more than one input: shard-1.json, shard-2.json"
        );
        inputs[1].report.run.shard = Some(Shard { index: 3, count: 2 });
        assert!(matches!(refuse(&inputs), MergeError::BadShard { .. }));

        let mut inputs = shards(2);
        inputs[1].report.run.commit = None;
        assert_eq!(
            refuse(&inputs).to_string(),
            "inputs tested different commits: shard-1.json has 10da0b6, shard-2.json has null"
        );
        for i in &mut inputs {
            i.report.run.commit = None;
        }
        assert_eq!(merge(&inputs).unwrap().report.run.commit, None);

        let mut inputs = shards(2);
        inputs[0].report.schema_version = "4.0.0".into();
        assert!(matches!(refuse(&inputs), MergeError::SchemaMajor { .. }));
        inputs[0].report.schema_version = "3.0.0".into();
        assert!(merge(&inputs).is_ok(), "older minors merge");

        let mut inputs = shards(2);
        inputs[0].report.summary.total = 99;
        let e = refuse(&inputs);
        assert!(
            e.to_string().contains("shard-1.json: not a valid report"),
            "{e}"
        );
    }

    #[test]
    fn duplicate_listing_is_capped() {
        let full = example_report();
        let many: Vec<_> = (0..30)
            .map(|n| {
                trial(
                    "reference",
                    "sin",
                    "cpu",
                    &format!("dt{n:02}"),
                    Status::Pass,
                )
            })
            .collect();
        let input = |name: &str| MergeInput {
            name: name.into(),
            report: Report::new(full.run.clone(), many.clone(), vec![]),
        };
        match merge(&[input("a"), input("b")]).unwrap_err() {
            MergeError::DuplicateTrials { ids, count, inputs } => {
                assert_eq!(count, 30);
                assert_eq!(ids.len(), LIST_CAP);
                assert_eq!(ids[0], "reference::sin::cpu::dt00");
                assert_eq!(inputs, ["a", "b"]);
            }
            e => panic!("{e}"),
        }
        let text = merge(&[input("a"), input("b")]).unwrap_err().to_string();
        assert!(text.ends_with(" (and 10 more)"), "{text}");
    }

    #[test]
    fn shell_words_are_quoted_when_needed() {
        assert_eq!(
            shell_word("target/opinfo/shard-1.json"),
            "target/opinfo/shard-1.json"
        );
        assert_eq!(shell_word("my dir/it's.json"), r"'my dir/it'\''s.json'");
        assert_eq!(shell_word(""), "''");
    }

    #[test]
    fn directories_expand_to_reports_and_orphan_streams() {
        let dir = std::env::temp_dir().join(format!("reports-merge-expand-{}", std::process::id()));
        let sub = dir.join("sub");
        std::fs::create_dir_all(&sub).unwrap();
        for f in [
            "b.json",
            "b.jsonl",
            "a.jsonl",
            "c.txt",
            ".c.json.tmp.1.0",
            ".hidden.json",
            "merged.json",
            "sub/deep.json",
        ] {
            std::fs::write(dir.join(f), "{}").unwrap();
        }
        let got = expand_inputs(
            &[dir.clone(), PathBuf::from("missing.json")],
            &[dir.join("merged.json")],
        )
        .unwrap();
        assert_eq!(
            got,
            [
                dir.join("a.jsonl"),
                dir.join("b.json"),
                PathBuf::from("missing.json")
            ]
        );
        std::fs::remove_dir_all(&dir).unwrap();
    }

    #[test]
    fn load_input_reads_streams_and_refuses_other_majors() {
        let dir = std::env::temp_dir().join(format!("reports-merge-load-{}", std::process::id()));
        let r = example_report();
        let json = dir.join("r.json");
        crate::write(&r, &json).unwrap();
        assert_eq!(load_input(&json).unwrap().trials.len(), r.trials.len());

        let jsonl = dir.join("r.jsonl");
        let mut w = crate::StreamWriter::create(&jsonl, &r.run, &r.divergences).unwrap();
        w.append(&r.trials[0]).unwrap();
        w.finish().unwrap();
        assert_eq!(load_input(&jsonl).unwrap().trials.len(), 1);

        let mut v = serde_json::to_value(&r).unwrap();
        v["schema_version"] = "4.0.0".into();
        v["trials"][0]["status"] = "new_status".into();
        std::fs::write(&json, v.to_string()).unwrap();
        let e = load_input(&json).unwrap_err();
        assert!(matches!(e, MergeError::SchemaMajor { ref version, .. } if version == "4.0.0"));

        let e = load_input(&dir.join("none.json")).unwrap_err();
        assert!(!e.is_refusal(), "{e}");
        std::fs::remove_dir_all(&dir).unwrap();
    }
}
