//! The matrix as CI infrastructure, end to end through the `opinfo-matrix` binary: a trial
//! that aborts its process or hangs is recorded (`crash`, `timeout`) while every other trial
//! is still run and reported, records are streamed as they finish, and shards of the matrix
//! merged give exactly the records of one whole run.

use reports::{DivergenceKind, Report, Status};
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

/// A small slice of the matrix, cheap to run several times: one op, every template and dtype.
const FILTER: &str = "::absolute::cpu::";

fn tmpdir(name: &str) -> PathBuf {
    let d = std::env::temp_dir().join(format!("opinfo-supervisor-{name}-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&d);
    std::fs::create_dir_all(&d).unwrap();
    d
}

fn matrix(args: &[&str], env: &[(&str, &str)], report: &Path) -> Output {
    let mut c = Command::new(env!("CARGO_BIN_EXE_opinfo-matrix"));
    c.args(args).env("OPINFO_REPORT", report);
    for v in [
        "OPINFO_FAULT",
        "OPINFO_SHARD",
        "OPINFO_ISOLATION",
        "OPINFO_TRIAL_TIMEOUT",
        "NEXTEST_RUN_ID",
    ] {
        c.env_remove(v);
    }
    for (k, v) in env {
        c.env(k, v);
    }
    c.output().expect("run opinfo-matrix")
}

/// The ids `--list` shows for `FILTER` (ignored ones excluded: they do not run).
fn listed() -> Vec<String> {
    let dir = tmpdir("list");
    let o = matrix(&["--list", FILTER], &[], &dir.join("unused.json"));
    assert!(o.status.success(), "{o:?}");
    String::from_utf8_lossy(&o.stdout)
        .lines()
        .filter_map(|l| l.strip_suffix(": test"))
        .map(str::to_string)
        .collect()
}

fn statuses(r: &Report) -> BTreeMap<String, Status> {
    r.trials.iter().map(|t| (t.id.clone(), t.status)).collect()
}

#[test]
fn an_aborting_and_a_hanging_trial_are_recorded_and_the_rest_still_runs() {
    let ids = listed();
    assert!(ids.len() >= 10, "{ids:?}");
    // Two trials that pass on their own (checked below through the others' statuses).
    let (abort, hang) = (ids[1].clone(), ids[ids.len() - 2].clone());
    let dir = tmpdir("faults");
    let report = dir.join("report.json");
    let faults = format!("abort:{abort},hang:{hang}");
    let o = matrix(
        &[FILTER, "--test-threads", "2"],
        &[("OPINFO_FAULT", &faults), ("OPINFO_TRIAL_TIMEOUT", "4")],
        &report,
    );
    let stderr = String::from_utf8_lossy(&o.stderr);
    assert_eq!(
        o.status.code(),
        Some(101),
        "libtest's failure exit code\n{stderr}"
    );
    let stdout = String::from_utf8_lossy(&o.stdout);
    // libtest's own line for it (names are padded to a column).
    let line = |id: &str| {
        stdout
            .lines()
            .find(|l| l.starts_with(&format!("test {id} ")))
            .unwrap_or_default()
            .to_string()
    };
    assert!(line(&abort).ends_with("... FAILED"), "{stdout}");
    assert!(line(&hang).ends_with("... FAILED"), "{stdout}");
    assert!(line(&ids[0]).ends_with("... ok"), "{stdout}");

    let r = reports::read(&report).expect("the report was written");
    assert!(reports::validate(&reports::read_value(&report).unwrap()).is_ok());
    let got = statuses(&r);
    for id in &ids {
        assert!(got.contains_key(id), "{id} missing from the report");
    }
    let crash = r.trial(&abort).unwrap();
    assert_eq!(
        (crash.status, crash.divergence),
        (Status::Fail, Some(DivergenceKind::Crash))
    );
    let msg = crash.message.as_deref().unwrap_or("");
    assert!(
        msg.contains("SIGABRT") && msg.contains("aborting in"),
        "{msg}"
    );
    let slow = r.trial(&hang).unwrap();
    assert_eq!(
        (slow.status, slow.divergence),
        (Status::Fail, Some(DivergenceKind::Timeout))
    );
    assert!(slow.duration_ms >= 4000.0, "{}", slow.duration_ms);
    let others_failing: Vec<_> = r
        .trials
        .iter()
        .filter(|t| t.id != abort && t.id != hang && t.status.is_failure())
        .map(|t| &t.id)
        .collect();
    assert!(others_failing.is_empty(), "{others_failing:?}");

    // The stream holds the same records, each written as its trial finished.
    let streamed = reports::stream::read_stream(&reports::stream::stream_path(&report)).unwrap();
    assert_eq!(statuses(&streamed), got);
}

#[test]
fn three_shards_merged_equal_one_whole_run() {
    let dir = tmpdir("shards");
    let whole = dir.join("whole.json");
    let o = matrix(&[FILTER], &[], &whole);
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    let whole = reports::read(&whole).unwrap();
    let mut shards = Vec::new();
    for k in 1..=3 {
        let p = dir.join(format!("shard{k}.json"));
        let o = matrix(&[FILTER], &[("OPINFO_SHARD", &format!("{k}/3"))], &p);
        assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
        let r = reports::read(&p).unwrap();
        assert_eq!(r.run.shard, Some(reports::Shard { index: k, count: 3 }));
        assert!(!r.trials.is_empty() && r.trials.len() < whole.trials.len());
        shards.push(reports::merge::MergeInput {
            name: p.display().to_string(),
            report: r,
        });
    }
    let merged = reports::merge::merge(&shards).expect("disjoint shards merge");
    assert!(merged.missing.shards.is_empty());
    assert_eq!(statuses(&merged.report), statuses(&whole));
    assert!(reports::validate(&serde_json::to_value(&merged.report).unwrap()).is_ok());
}
