//! End-to-end tests of the `opinfo-report` binary.

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

use reports::example::example_report;
use reports::Status;

fn bin(args: &[&Path], sub: &str) -> Output {
    Command::new(env!("CARGO_BIN_EXE_opinfo-report"))
        .arg(sub)
        .args(args)
        .output()
        .expect("run opinfo-report")
}

fn tmpdir(name: &str) -> PathBuf {
    let d = std::env::temp_dir().join(format!("opinfo-report-cli-{name}-{}", std::process::id()));
    std::fs::create_dir_all(&d).unwrap();
    d
}

fn stdout(o: &Output) -> String {
    String::from_utf8_lossy(&o.stdout).into_owned()
}

#[test]
fn summary_validate_and_diff() {
    let dir = tmpdir("all");
    let old = dir.join("old.json");
    let new = dir.join("new.json");
    let r = example_report();
    reports::write(&r, &old).unwrap();

    let o = bin(&[&old], "summary");
    assert!(o.status.success(), "{o:?}");
    assert!(
        stdout(&o).contains("repro: cargo test -p harness -- --exact reference::sin::cpu::float32")
    );

    let o = bin(&[&old], "validate");
    assert!(o.status.success(), "{o:?}");
    assert!(stdout(&o).contains("valid"));

    let mut n = r.clone();
    n.trials[0].status = Status::Fail;
    n.trials[0].repro = "cargo test -p harness -- --exact reference::sin::cpu::float64".into();
    n.refresh();
    reports::write(&n, &new).unwrap();
    let o = bin(&[&old, &new], "diff");
    assert_eq!(o.status.code(), Some(1), "regression exits 1: {o:?}");
    assert!(stdout(&o).contains("reference::sin::cpu::float64 pass -> fail"));
    let o = bin(&[&new, &old], "diff");
    assert_eq!(o.status.code(), Some(0), "a fix is not a regression: {o:?}");
    assert!(stdout(&o).contains("fixed (1):"));

    // Break the summary by hand: validate exits 1 and names the field.
    let text = std::fs::read_to_string(&old)
        .unwrap()
        .replacen("\"total\": 11", "\"total\": 12", 1);
    std::fs::write(&old, text).unwrap();
    let o = bin(&[&old], "validate");
    assert_eq!(o.status.code(), Some(1), "{o:?}");
    assert!(
        stdout(&o).contains("/summary/total: 12 but there are 11 trials"),
        "{}",
        stdout(&o)
    );

    let o = bin(&[&dir.join("missing.json")], "validate");
    assert_eq!(o.status.code(), Some(2), "{o:?}");
    std::fs::remove_dir_all(&dir).unwrap();
}

#[test]
fn usage_errors_exit_2() {
    let o = Command::new(env!("CARGO_BIN_EXE_opinfo-report"))
        .arg("frobnicate")
        .output()
        .unwrap();
    assert_eq!(o.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&o.stderr).contains("usage:"));
}
