//! `opinfo-report`: summarise, validate, diff, merge and render (JUnit, Markdown, HTML) OpInfo
//! divergence reports.
//!
//! ```text
//! opinfo-report summary [PATH]                       counts, failures with repro, divergences
//! opinfo-report validate [PATH]                      exit 1 and list the problems if invalid
//! opinfo-report diff BASE NEW                        regression gate: exit 1 on new failures,
//!                                                    new xpasses or disappeared trials
//! opinfo-report merge [-o OUT] [--complete] INPUT... merge shard reports / streams / dirs
//! opinfo-report junit [PATH] [-o OUT]                JUnit XML for CI test reporters
//! opinfo-report markdown [PATH] [--base BASE]        Markdown CI summary ($GITHUB_STEP_SUMMARY)
//! opinfo-report html [PATH] [-o OUT]                 self-contained interactive HTML page
//! opinfo-report repro ID [PATH] [-o DIR]             a failing trial's inputs and NumPy snippet
//! opinfo-report coverage [PATH]                      NumPy's public functions vs the registry
//! ```
//! PATH defaults to `$OPINFO_REPORT`, else `<workspace>/target/opinfo/report.json`; any PATH,
//! BASE or NEW may also be a record stream (`*.jsonl`, read as `reports::read_stream` does).
//! merge's INPUTs are reports, streams or directories (their `*.json` and `*.jsonl`, a stream
//! beside its report skipped); OUT defaults to PATH's default.
//! Exit status: 0 fine; 1 invalid report (`validate`), regression (`diff`), inputs refused or,
//! with `--complete`, something missing (`merge`); 2 usage or I/O error.

use std::path::{Path, PathBuf};
use std::process::ExitCode;

use reports::{MergeError, MergeInput};

const USAGE: &str = "usage:
  opinfo-report summary [PATH]      counts by status and template, failures with repro, divergences
  opinfo-report validate [PATH]     check PATH against the schema; exit 1 if invalid
  opinfo-report diff BASE NEW       what got fixed, what is new, what disappeared; exit 1 on new
                                    failures, new xpasses or trials of BASE absent from NEW
  opinfo-report merge [-o OUT] [--complete] INPUT...
                                    merge shard reports into OUT; INPUT is a report (.json), a
                                    stream (.jsonl) or a directory of them; exit 1 if refused
                                    (a trial twice, other builds, shard mismatch, other major
                                    schema) or, with --complete, if shards or trials are missing
  opinfo-report junit [PATH] [-o OUT]
                                    JUnit XML (one testsuite per template::device) to OUT or stdout
  opinfo-report markdown [PATH] [--base BASE]
                                    Markdown summary for a CI job page; new failures vs BASE
  opinfo-report html [PATH] [-o OUT]
                                    one self-contained HTML page (heatmaps per template and
                                    device, filters, trial details) to OUT or stdout
  opinfo-report repro ID [PATH] [-o DIR]
                                    a failing trial: its message, the cargo command rerunning the
                                    engine's side, and its bundle (inputs as .npy, repro.py for
                                    NumPy's side; copied to DIR with -o)
  opinfo-report coverage [PATH]     NumPy's public functions against the registry: N of M
PATH defaults to $OPINFO_REPORT, else <workspace>/target/opinfo/report.json, and may be a
record stream (.jsonl); OUT of merge defaults to the same path.
exit status: 0 fine, 1 invalid / regression / refused / incomplete, 2 usage or I/O error";

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let args: Vec<&str> = args.iter().map(String::as_str).collect();
    match run(&args) {
        Ok(code) => code,
        Err(msg) => {
            eprintln!("opinfo-report: {msg}");
            ExitCode::from(2)
        }
    }
}

fn usage(what: &str) -> String {
    format!("{what}\n{USAGE}")
}

fn path_arg(rest: &[&str]) -> Result<PathBuf, String> {
    match rest {
        [] => Ok(reports::default_path()),
        [p] if !p.starts_with('-') => Ok(PathBuf::from(p)),
        _ => Err(usage("bad arguments")),
    }
}

fn is_stream(path: &Path) -> bool {
    path.extension().is_some_and(|e| e == "jsonl")
}

/// Reads a report or a stream; warns (only) about another major schema version.
fn load(path: &Path) -> Result<reports::Report, String> {
    let report = if is_stream(path) {
        reports::read_stream(path)
    } else {
        reports::read(path)
    }
    .map_err(|e| format!("{}: {e}", path.display()))?;
    if report.schema_version.split('.').next() != reports::SCHEMA_VERSION.split('.').next() {
        eprintln!(
            "opinfo-report: warning: {} has schema {}, this tool reads {}",
            path.display(),
            report.schema_version,
            reports::SCHEMA_VERSION
        );
    }
    Ok(report)
}

/// Writes `text` to `path`, creating its directories.
fn write_text(path: &Path, text: &str) -> Result<(), String> {
    if let Some(dir) = path.parent().filter(|d| !d.as_os_str().is_empty()) {
        std::fs::create_dir_all(dir).map_err(|e| format!("{}: {e}", dir.display()))?;
    }
    std::fs::write(path, text).map_err(|e| format!("{}: {e}", path.display()))
}

/// A subcommand's arguments: positionals, options with a value, flags.
#[derive(Default)]
struct Parsed<'a> {
    pos: Vec<&'a str>,
    opts: Vec<(&'a str, &'a str)>,
    flags: Vec<&'a str>,
}

impl<'a> Parsed<'a> {
    /// Splits `args`: the options in `valued` take the next argument, those in `flags` none;
    /// any other argument starting with `-` is an error.
    fn new(args: &[&'a str], valued: &[&str], flags: &[&str]) -> Result<Parsed<'a>, String> {
        let mut p = Parsed::default();
        let mut it = args.iter().copied();
        while let Some(a) = it.next() {
            if valued.contains(&a) {
                let v = it
                    .next()
                    .ok_or_else(|| usage(&format!("{a} needs a value")))?;
                if p.opt(a).is_some() {
                    return Err(usage(&format!("{a} given twice")));
                }
                p.opts.push((a, v));
            } else if flags.contains(&a) {
                p.flags.push(a);
            } else if a.starts_with('-') && a != "-" {
                return Err(usage(&format!("unknown option {a}")));
            } else {
                p.pos.push(a);
            }
        }
        Ok(p)
    }

    /// The value of option `name`, if given.
    fn opt(&self, name: &str) -> Option<&'a str> {
        self.opts.iter().find(|(o, _)| *o == name).map(|(_, v)| *v)
    }
}

fn validate(rest: &[&str]) -> Result<ExitCode, String> {
    let path = path_arg(rest)?;
    let checked = if is_stream(&path) {
        let r = reports::read_stream(&path).map_err(|e| format!("{}: {e}", path.display()))?;
        reports::validate_report(&r)
    } else {
        let value = reports::read_value(&path).map_err(|e| format!("{}: {e}", path.display()))?;
        reports::validate(&value)
    };
    match checked {
        Ok(()) => {
            println!(
                "{}: valid (schema {})",
                path.display(),
                reports::SCHEMA_VERSION
            );
            Ok(ExitCode::SUCCESS)
        }
        Err(errors) => {
            println!("{}: {} problem(s)", path.display(), errors.len());
            for e in errors {
                println!("  {e}");
            }
            Ok(ExitCode::FAILURE)
        }
    }
}

fn merge(rest: &[&str]) -> Result<ExitCode, String> {
    let p = Parsed::new(rest, &["-o"], &["--complete"])?;
    if p.pos.is_empty() {
        return Err(usage("merge needs at least one INPUT"));
    }
    let out = p
        .opt("-o")
        .map_or_else(reports::default_path, PathBuf::from);
    let args: Vec<PathBuf> = p.pos.iter().map(PathBuf::from).collect();
    // The output is excluded from directories, so merging again into the same place works.
    let paths = reports::expand_inputs(&args, std::slice::from_ref(&out))
        .map_err(|e| format!("reading an input directory: {e}"))?;
    let refused = |e: MergeError| -> Result<ExitCode, String> {
        if e.is_refusal() {
            eprintln!("opinfo-report merge: refused: {e}");
            Ok(ExitCode::FAILURE)
        } else {
            Err(e.to_string())
        }
    };
    let mut inputs = Vec::new();
    for p in &paths {
        let report = match reports::load_input(p) {
            Ok(r) => r,
            Err(e) => return refused(e),
        };
        let shard = report.run.shard.map_or("unsharded".to_string(), |s| {
            format!("shard {}/{}", s.index, s.count)
        });
        let kind = if is_stream(p) { " (stream)" } else { "" };
        println!(
            "{}{kind}: {} trials, {shard}",
            p.display(),
            report.trials.len()
        );
        inputs.push(MergeInput {
            name: p.display().to_string(),
            report,
        });
    }
    let merged = match reports::merge(&inputs) {
        Ok(m) => m,
        Err(e) => return refused(e),
    };
    let r = &merged.report;
    // Valid by construction when the inputs are; checked so a bug never writes a bad report.
    if let Err(problems) = reports::validate_report(r) {
        return Err(format!(
            "internal error: the merged report is invalid:\n  {}",
            problems.join("\n  ")
        ));
    }
    reports::write(r, &out).map_err(|e| format!("{}: {e}", out.display()))?;
    let counts: Vec<String> = reports::Status::ALL
        .iter()
        .map(|s| format!("{s} {}", r.summary.count(*s)))
        .collect();
    println!(
        "merged {} inputs into {}: {} trials ({})",
        inputs.len(),
        out.display(),
        r.summary.total,
        counts.join(", ")
    );
    println!("missing: {}", merged.missing);
    if p.flags.contains(&"--complete") && !merged.missing.is_empty() {
        eprintln!(
            "opinfo-report merge: incomplete (--complete): {} missing",
            merged.missing
        );
        return Ok(ExitCode::FAILURE);
    }
    Ok(ExitCode::SUCCESS)
}

fn junit(rest: &[&str]) -> Result<ExitCode, String> {
    let p = Parsed::new(rest, &["-o"], &[])?;
    let xml = reports::junit(&load(&path_arg(&p.pos)?)?);
    match p.opt("-o") {
        Some(out) => write_text(Path::new(out), &xml)?,
        None => print!("{xml}"),
    }
    Ok(ExitCode::SUCCESS)
}

fn html(rest: &[&str]) -> Result<ExitCode, String> {
    let p = Parsed::new(rest, &["-o"], &[])?;
    let page = reports::html::html(&load(&path_arg(&p.pos)?)?);
    match p.opt("-o") {
        Some(out) => write_text(Path::new(out), &page)?,
        None => print!("{page}"),
    }
    Ok(ExitCode::SUCCESS)
}

/// The repro bundle folder the matrix writes for trial `id` beside `report`.
fn bundle_dir(report: &Path, id: &str) -> PathBuf {
    report
        .parent()
        .unwrap_or(Path::new("."))
        .join("repro")
        .join(id.replace("::", "__"))
}

fn repro(rest: &[&str]) -> Result<ExitCode, String> {
    let p = Parsed::new(rest, &["-o"], &[])?;
    let (id, path) = match p.pos.as_slice() {
        [id, path @ ..] => (*id, path_arg(path)?),
        [] => return Err(usage("repro needs a trial id")),
    };
    let report = load(&path)?;
    let t = report
        .trial(id)
        .ok_or_else(|| format!("no trial {id} in {}", path.display()))?;
    println!(
        "{} ({}{})",
        t.id,
        t.status,
        t.divergence.map(|d| format!(", {d}")).unwrap_or_default()
    );
    if let Some(m) = &t.message {
        println!("{m}");
    }
    println!("engine's side: {}", t.repro);
    let dir = bundle_dir(&path, id);
    let script = dir.join("repro.py");
    let Ok(text) = std::fs::read_to_string(&script) else {
        println!(
            "no repro bundle at {} (the matrix writes one for each failing trial)",
            dir.display()
        );
        return Ok(ExitCode::FAILURE);
    };
    let dir = match p.opt("-o") {
        Some(out) => {
            let out = Path::new(out);
            std::fs::create_dir_all(out).map_err(|e| format!("{}: {e}", out.display()))?;
            for entry in std::fs::read_dir(&dir).map_err(|e| format!("{}: {e}", dir.display()))? {
                let from = entry.map_err(|e| e.to_string())?.path();
                if let Some(name) = from.file_name() {
                    std::fs::copy(&from, out.join(name))
                        .map_err(|e| format!("{}: {e}", from.display()))?;
                }
            }
            out.to_path_buf()
        }
        None => dir,
    };
    println!("NumPy's side: python {}\n", dir.join("repro.py").display());
    print!("{text}");
    Ok(ExitCode::SUCCESS)
}

fn coverage(rest: &[&str]) -> Result<ExitCode, String> {
    let path = path_arg(rest)?;
    match load(&path)?.coverage {
        Some(c) => {
            print!("{}", reports::coverage::render_coverage(&c));
            Ok(ExitCode::SUCCESS)
        }
        None => Err(format!(
            "{} has no coverage table (NumPy was not reachable)",
            path.display()
        )),
    }
}

fn markdown(rest: &[&str]) -> Result<ExitCode, String> {
    let p = Parsed::new(rest, &["--base"], &[])?;
    let report = load(&path_arg(&p.pos)?)?;
    let base = p.opt("--base").map(|b| load(Path::new(b))).transpose()?;
    print!("{}", reports::markdown(&report, base.as_ref()));
    Ok(ExitCode::SUCCESS)
}

fn run(args: &[&str]) -> Result<ExitCode, String> {
    match args {
        ["summary", rest @ ..] => {
            let path = path_arg(rest)?;
            print!("{}", reports::render_summary(&load(&path)?));
            Ok(ExitCode::SUCCESS)
        }
        ["validate", rest @ ..] => validate(rest),
        ["diff", base, new] if !base.starts_with('-') && !new.starts_with('-') => {
            let d = reports::diff(&load(Path::new(base))?, &load(Path::new(new))?);
            print!("{}", reports::render_diff(&d));
            Ok(if d.is_regression() {
                ExitCode::FAILURE
            } else {
                ExitCode::SUCCESS
            })
        }
        ["merge", rest @ ..] => merge(rest),
        ["junit", rest @ ..] => junit(rest),
        ["markdown", rest @ ..] => markdown(rest),
        ["html", rest @ ..] => html(rest),
        ["repro", rest @ ..] => repro(rest),
        ["coverage", rest @ ..] => coverage(rest),
        ["-h" | "--help" | "help"] => {
            println!("{USAGE}");
            Ok(ExitCode::SUCCESS)
        }
        _ => Err(usage("bad arguments")),
    }
}
