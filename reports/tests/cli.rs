//! End-to-end tests of the `opinfo-report` binary.

use std::ffi::OsStr;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

use reports::example::{example_report, trial};
use reports::{MatrixInfo, Report, Shard, Status, StreamWriter};

fn bin(args: &[&Path], sub: &str) -> Output {
    Command::new(env!("CARGO_BIN_EXE_opinfo-report"))
        .arg(sub)
        .args(args)
        .output()
        .expect("run opinfo-report")
}

fn cli<S: AsRef<OsStr>>(args: &[S]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_opinfo-report"))
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

fn stderr(o: &Output) -> String {
    String::from_utf8_lossy(&o.stderr).into_owned()
}

/// The example report split into `count` shards (by position), each knowing the whole
/// matrix (the example's 11 trials).
fn shards(count: usize) -> Vec<Report> {
    let full = example_report();
    (1..=count)
        .map(|index| {
            let mut run = full.run.clone();
            run.shard = Some(Shard { index, count });
            run.matrix = Some(MatrixInfo {
                trials: full.trials.len(),
                digest: "0123abcd".into(),
            });
            let trials = full
                .trials
                .iter()
                .enumerate()
                .filter(|(n, _)| n % count == index - 1)
                .map(|(_, t)| t.clone())
                .collect();
            let mut r = Report::new(run, trials, full.divergences.clone());
            for d in &mut r.divergences {
                d.still_holds = d.trials;
            }
            r
        })
        .collect()
}

/// Writes `r` as a stream at `path`.
fn write_stream(r: &Report, path: &Path) {
    let mut w = StreamWriter::create(path, &r.run, &r.divergences).unwrap();
    for t in &r.trials {
        w.append(t).unwrap();
    }
    w.finish().unwrap();
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

#[test]
fn merge_reports_streams_and_directories() {
    let dir = tmpdir("merge");
    let shards_dir = dir.join("shards");
    let s = shards(3);
    // Shard 1 finished: report and stream. Shard 2 finished: report only. Shard 3 was
    // killed inside its last record: a stream with a truncated last line.
    reports::write(&s[0], &shards_dir.join("report-1.json")).unwrap();
    write_stream(&s[0], &shards_dir.join("report-1.jsonl"));
    reports::write(&s[1], &shards_dir.join("report-2.json")).unwrap();
    let third = shards_dir.join("report-3.jsonl");
    write_stream(&s[2], &third);
    let mut text = std::fs::read(&third).unwrap();
    text.extend_from_slice(b"{\"id\": \"sample::sin::cpu::dty");
    std::fs::write(&third, text).unwrap();

    let out = dir.join("out/merged.json");
    let o = cli(&[
        OsStr::new("merge"),
        "-o".as_ref(),
        out.as_os_str(),
        shards_dir.as_os_str(),
    ]);
    assert_eq!(o.status.code(), Some(0), "{o:?}");
    let text = stdout(&o);
    let line = |name: &str, n: usize, k: usize| {
        format!(
            "{}: {n} trials, shard {k}/3\n",
            shards_dir.join(name).display()
        )
    };
    assert!(text.contains(&line("report-1.json", 4, 1)), "{text}");
    assert!(
        !text.contains("report-1.jsonl"),
        "a stream beside its report is skipped: {text}"
    );
    assert!(text.contains(&line("report-2.json", 4, 2)), "{text}");
    assert!(
        text.contains(&format!(
            "{} (stream): 3 trials, shard 3/3\n",
            third.display()
        )),
        "{text}"
    );
    assert!(
        text.contains("merged 3 inputs into ")
            && text.contains(": 11 trials (pass 1, fail 6, xfail 1, xpass 1, skip 1, error 1)"),
        "{text}"
    );
    assert!(text.ends_with("missing: nothing\n"), "{text}");
    let o = cli(&[OsStr::new("validate"), out.as_os_str()]);
    assert_eq!(o.status.code(), Some(0), "{o:?}");
    let merged = reports::read(&out).unwrap();
    assert_eq!(merged.run.shard, None);
    assert_eq!(merged.summary, example_report().summary);

    // --complete passes when nothing is missing; merging into the input directory itself
    // twice does not pick up the previous output.
    let inside = shards_dir.join("merged.json");
    for _ in 0..2 {
        let o = cli(&[
            OsStr::new("merge"),
            "--complete".as_ref(),
            "-o".as_ref(),
            inside.as_os_str(),
            shards_dir.as_os_str(),
        ]);
        assert_eq!(o.status.code(), Some(0), "{o:?}");
    }

    // Without shard 3: written, but missing a shard and trials; --complete makes that exit 1.
    let two = [
        shards_dir.join("report-1.json"),
        shards_dir.join("report-2.json"),
    ];
    let o = cli(&[
        OsStr::new("merge"),
        "-o".as_ref(),
        out.as_os_str(),
        two[0].as_os_str(),
        two[1].as_os_str(),
    ]);
    assert_eq!(o.status.code(), Some(0), "{o:?}");
    assert!(
        stdout(&o).ends_with("missing: shard 3; 3 of 11 trials (8 merged)\n"),
        "{}",
        stdout(&o)
    );
    let o = cli(&[
        OsStr::new("merge"),
        "--complete".as_ref(),
        "-o".as_ref(),
        out.as_os_str(),
        two[0].as_os_str(),
        two[1].as_os_str(),
    ]);
    assert_eq!(o.status.code(), Some(1), "{o:?}");
    assert!(
        stderr(&o).contains("incomplete (--complete): shard 3;"),
        "{}",
        stderr(&o)
    );
    assert_eq!(
        reports::read(&out).unwrap().trials.len(),
        8,
        "written all the same"
    );

    // Refused: the same shard twice (exit 1, nothing written).
    std::fs::remove_file(&out).unwrap();
    let o = cli(&[
        OsStr::new("merge"),
        "-o".as_ref(),
        out.as_os_str(),
        two[0].as_os_str(),
        shards_dir.join("report-1.jsonl").as_os_str(),
    ]);
    assert_eq!(o.status.code(), Some(1), "{o:?}");
    assert!(
        stderr(&o).contains("refused: shard 1/3 is in more than one input"),
        "{}",
        stderr(&o)
    );
    assert!(!out.exists());
    // Refused: another build.
    let mut other = s[2].clone();
    other.run.matrix.as_mut().unwrap().digest = "ffff".into();
    let other_path = dir.join("other.json");
    reports::write(&other, &other_path).unwrap();
    let o = cli(&[
        OsStr::new("merge"),
        "-o".as_ref(),
        out.as_os_str(),
        two[0].as_os_str(),
        other_path.as_os_str(),
    ]);
    assert_eq!(o.status.code(), Some(1), "{o:?}");
    assert!(stderr(&o).contains("different matrices"), "{}", stderr(&o));
    // Refused: the same trials twice (unsharded copies).
    let mut copy = s[0].clone();
    copy.run.shard = None;
    let copy_path = dir.join("copy.json");
    reports::write(&copy, &copy_path).unwrap();
    let o = cli(&[
        OsStr::new("merge"),
        "-o".as_ref(),
        out.as_os_str(),
        two[0].as_os_str(),
        copy_path.as_os_str(),
    ]);
    assert_eq!(o.status.code(), Some(1), "{o:?}");
    assert!(
        stderr(&o).contains("4 trial id(s) recorded more than once"),
        "{}",
        stderr(&o)
    );
    // Refused: another major schema version.
    let v3 = std::fs::read_to_string(&copy_path).unwrap().replacen(
        "\"schema_version\": \"3.",
        "\"schema_version\": \"4.",
        1,
    );
    std::fs::write(&copy_path, v3).unwrap();
    let o = cli(&[
        OsStr::new("merge"),
        "-o".as_ref(),
        out.as_os_str(),
        copy_path.as_os_str(),
    ]);
    assert_eq!(o.status.code(), Some(1), "{o:?}");
    assert!(
        stderr(&o).contains("is not of this tool's major version"),
        "{}",
        stderr(&o)
    );

    // Usage and I/O errors exit 2.
    let o = cli(&["merge"]);
    assert_eq!(o.status.code(), Some(2), "{o:?}");
    assert!(stderr(&o).contains("usage:"));
    let o = cli(&[
        OsStr::new("merge"),
        "-o".as_ref(),
        out.as_os_str(),
        dir.join("nope.json").as_os_str(),
    ]);
    assert_eq!(o.status.code(), Some(2), "{o:?}");
    let o = cli(&["merge", "--frobnicate", "x.json"]);
    assert_eq!(o.status.code(), Some(2), "{o:?}");
    std::fs::remove_dir_all(&dir).unwrap();
}

#[test]
fn junit_to_stdout_and_file() {
    let dir = tmpdir("junit");
    let path = dir.join("report.json");
    let r = example_report();
    reports::write(&r, &path).unwrap();
    let o = cli(&[OsStr::new("junit"), path.as_os_str()]);
    assert_eq!(o.status.code(), Some(0), "{o:?}");
    let xml = stdout(&o);
    let doc = roxmltree::Document::parse(&xml).unwrap();
    let root = doc.root_element();
    assert_eq!(root.attribute("tests"), Some("11"));
    assert_eq!(root.attribute("failures"), Some("7"));
    assert_eq!(root.attribute("errors"), Some("1"));
    assert_eq!(root.attribute("skipped"), Some("2"));

    let out = dir.join("ci/junit.xml");
    let o = cli(&[
        OsStr::new("junit"),
        path.as_os_str(),
        "-o".as_ref(),
        out.as_os_str(),
    ]);
    assert_eq!(o.status.code(), Some(0), "{o:?}");
    assert!(o.stdout.is_empty());
    assert_eq!(std::fs::read_to_string(&out).unwrap(), xml);
    // A stream (a run that was killed) gives a JUnit file too.
    let stream = dir.join("report.jsonl");
    write_stream(&r, &stream);
    let o = cli(&[OsStr::new("junit"), stream.as_os_str()]);
    assert_eq!(o.status.code(), Some(0), "{o:?}");
    assert_eq!(stdout(&o), xml);
    let o = cli(&[OsStr::new("junit"), path.as_os_str(), "-o".as_ref()]);
    assert_eq!(o.status.code(), Some(2), "{o:?}");
    std::fs::remove_dir_all(&dir).unwrap();
}

#[test]
fn markdown_with_and_without_base() {
    let dir = tmpdir("markdown");
    let base = dir.join("base.json");
    let new = dir.join("new.json");
    let r = example_report();
    reports::write(&r, &base).unwrap();
    let mut n = r.clone();
    n.trials
        .push(trial("reference", "cos", "cpu", "float32", Status::Error));
    n.refresh();
    reports::write(&n, &new).unwrap();
    let o = cli(&[OsStr::new("markdown"), new.as_os_str()]);
    assert_eq!(o.status.code(), Some(0), "{o:?}");
    assert!(
        stdout(&o).contains("### New failures (9)"),
        "{}",
        stdout(&o)
    );
    let o = cli(&[
        OsStr::new("markdown"),
        new.as_os_str(),
        "--base".as_ref(),
        base.as_os_str(),
    ]);
    assert_eq!(o.status.code(), Some(0), "{o:?}");
    let md = stdout(&o);
    assert!(
        md.starts_with("## ❌ OpInfo: 12 trials, 9 failing\n"),
        "{md}"
    );
    assert!(md.contains("### New failures (1)"), "{md}");
    assert!(
        md.contains("| `reference::cos::cpu::float32` | error |"),
        "{md}"
    );
    let o = cli(&[
        OsStr::new("markdown"),
        new.as_os_str(),
        "--base".as_ref(),
        dir.join("none.json").as_os_str(),
    ]);
    assert_eq!(o.status.code(), Some(2), "{o:?}");
    std::fs::remove_dir_all(&dir).unwrap();
}

#[test]
fn diff_gate_on_xpasses_and_disappeared_trials() {
    let dir = tmpdir("gate");
    let base = dir.join("base.json");
    let new = dir.join("new.json");
    let r = example_report();
    reports::write(&r, &base).unwrap();

    // A trial of BASE missing from NEW (here: NEW is a stream of a run killed early).
    let mut n = r.clone();
    n.trials.truncate(9);
    let stream = dir.join("new.jsonl");
    write_stream(&n, &stream);
    let o = cli(&[OsStr::new("diff"), base.as_os_str(), stream.as_os_str()]);
    assert_eq!(o.status.code(), Some(1), "{o:?}");
    let text = stdout(&o);
    assert!(
        text.contains("disappeared (in BASE, absent from NEW) (2):"),
        "{text}"
    );
    assert!(text.ends_with("regression\n"), "{text}");

    // xfail -> xpass.
    let mut n = r.clone();
    n.trials[2].status = Status::Xpass;
    n.refresh();
    reports::write(&n, &new).unwrap();
    let o = bin(&[&base, &new], "diff");
    assert_eq!(o.status.code(), Some(1), "{o:?}");
    assert!(
        stdout(&o).contains("new xpasses (expected failures that passed: stale expectations) (1):"),
        "{}",
        stdout(&o)
    );

    // Only fixes and new passing trials: exit 0.
    let mut n = r.clone();
    n.trials[5].status = Status::Pass;
    n.trials
        .push(trial("reference", "cos", "cpu", "float64", Status::Pass));
    n.refresh();
    reports::write(&n, &new).unwrap();
    let o = bin(&[&base, &new], "diff");
    assert_eq!(o.status.code(), Some(0), "{o:?}");
    let text = stdout(&o);
    assert!(
        text.contains("fixed (1):\n  error::sin::cpu::bfloat16 error -> pass"),
        "{text}"
    );
    assert!(text.contains("new trials (1):"), "{text}");
    assert!(text.ends_with("no regression\n"), "{text}");
    std::fs::remove_dir_all(&dir).unwrap();
}

#[test]
fn summary_and_validate_read_streams() {
    let dir = tmpdir("streams");
    let stream = dir.join("report.jsonl");
    write_stream(&example_report(), &stream);
    let o = bin(&[&stream], "summary");
    assert_eq!(o.status.code(), Some(0), "{o:?}");
    assert!(stdout(&o).contains("11 trials"), "{}", stdout(&o));
    let o = bin(&[&stream], "validate");
    assert_eq!(o.status.code(), Some(0), "{o:?}");
    std::fs::write(&stream, "{\"opinfo_stream\": 1}\n").unwrap();
    let o = bin(&[&stream], "validate");
    assert_eq!(o.status.code(), Some(2), "{o:?}");
    assert!(
        stderr(&o).contains("report.jsonl:1: missing field"),
        "{}",
        stderr(&o)
    );
    std::fs::remove_dir_all(&dir).unwrap();
}

#[test]
fn html_to_stdout_and_file() {
    let dir = tmpdir("html");
    let path = dir.join("report.json");
    let r = example_report();
    reports::write(&r, &path).unwrap();
    let o = cli(&[OsStr::new("html"), path.as_os_str()]);
    assert_eq!(o.status.code(), Some(0), "{o:?}");
    let page = stdout(&o);
    assert!(page.starts_with("<!DOCTYPE html>\n"), "{page}");
    assert!(page.trim_end().ends_with("</html>"));
    assert!(page.contains("<script type=\"application/json\" id=\"opinfo-data\">"));
    assert!(page.contains("OpInfo report: 11 trials, 8 failing</h1>"));
    let expected = reports::html::html(&reports::read(&path).unwrap());
    assert!(
        page == expected,
        "the CLI's page differs from reports::html::html"
    );

    let out = dir.join("site/index.html");
    let o = cli(&[
        OsStr::new("html"),
        path.as_os_str(),
        "-o".as_ref(),
        out.as_os_str(),
    ]);
    assert_eq!(o.status.code(), Some(0), "{o:?}");
    assert!(o.stdout.is_empty());
    assert!(
        std::fs::read_to_string(&out).unwrap() == page,
        "-o wrote another page"
    );
    // A stream (a run that was killed) gives a page too.
    let stream = dir.join("report.jsonl");
    write_stream(&r, &stream);
    let o = cli(&[OsStr::new("html"), stream.as_os_str()]);
    assert_eq!(o.status.code(), Some(0), "{o:?}");
    let expected = reports::html::html(&reports::read_stream(&stream).unwrap());
    assert!(stdout(&o) == expected, "the stream's page differs");
    // PATH defaults to $OPINFO_REPORT.
    let o = Command::new(env!("CARGO_BIN_EXE_opinfo-report"))
        .arg("html")
        .env(reports::PATH_ENV, &path)
        .output()
        .unwrap();
    assert_eq!(o.status.code(), Some(0), "{o:?}");
    assert!(stdout(&o) == page, "the page of $OPINFO_REPORT differs");

    // Usage and I/O errors exit 2.
    let o = cli(&[OsStr::new("html"), path.as_os_str(), "-o".as_ref()]);
    assert_eq!(o.status.code(), Some(2), "{o:?}");
    assert!(stderr(&o).contains("-o needs a value"), "{}", stderr(&o));
    let o = cli(&[OsStr::new("html"), dir.join("none.json").as_os_str()]);
    assert_eq!(o.status.code(), Some(2), "{o:?}");
    let o = cli(&["html", "--frobnicate"]);
    assert_eq!(o.status.code(), Some(2), "{o:?}");
    let o = cli(&["html", "a.json", "b.json"]);
    assert_eq!(o.status.code(), Some(2), "{o:?}");
    let o = cli(&["--help"]);
    assert!(
        stdout(&o).contains("opinfo-report html [PATH] [-o OUT]"),
        "{}",
        stdout(&o)
    );
    std::fs::remove_dir_all(&dir).unwrap();
}
