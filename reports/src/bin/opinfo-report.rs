//! `opinfo-report`: summarise, validate and diff OpInfo divergence reports.
//!
//! ```text
//! opinfo-report summary [PATH]    counts, failures with repro commands, declared divergences
//! opinfo-report validate [PATH]   exit 1 and list the problems if the report is invalid
//! opinfo-report diff OLD NEW      status changes; exit 1 if NEW has failures OLD did not
//! ```
//! PATH defaults to `$OPINFO_REPORT`, else `<workspace>/target/opinfo/report.json`.
//! Exit status: 0 fine, 1 invalid report or regression, 2 usage or I/O error.

use std::path::{Path, PathBuf};
use std::process::ExitCode;

const USAGE: &str = "usage:
  opinfo-report summary [PATH]    counts by status and template, failures with repro, divergences
  opinfo-report validate [PATH]   check PATH against the schema; exit 1 if invalid
  opinfo-report diff OLD NEW      status changes between two reports; exit 1 on new failures
PATH defaults to $OPINFO_REPORT, else <workspace>/target/opinfo/report.json";

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

fn path_arg(rest: &[&str]) -> Result<PathBuf, String> {
    match rest {
        [] => Ok(reports::default_path()),
        [p] => Ok(PathBuf::from(p)),
        _ => Err(format!("too many arguments\n{USAGE}")),
    }
}

fn load(path: &Path) -> Result<reports::Report, String> {
    let report = reports::read(path).map_err(|e| format!("{}: {e}", path.display()))?;
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

fn run(args: &[&str]) -> Result<ExitCode, String> {
    match args {
        ["summary", rest @ ..] => {
            let path = path_arg(rest)?;
            print!("{}", reports::render_summary(&load(&path)?));
            Ok(ExitCode::SUCCESS)
        }
        ["validate", rest @ ..] => {
            let path = path_arg(rest)?;
            let value =
                reports::read_value(&path).map_err(|e| format!("{}: {e}", path.display()))?;
            match reports::validate(&value) {
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
        ["diff", old, new] => {
            let d = reports::diff(&load(Path::new(old))?, &load(Path::new(new))?);
            print!("{}", reports::render_diff(&d));
            Ok(if d.is_regression() {
                ExitCode::FAILURE
            } else {
                ExitCode::SUCCESS
            })
        }
        ["-h" | "--help" | "help"] => {
            println!("{USAGE}");
            Ok(ExitCode::SUCCESS)
        }
        _ => Err(format!("bad arguments\n{USAGE}")),
    }
}
