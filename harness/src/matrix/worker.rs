//! The worker side of process isolation: a child process of the matrix that builds the same
//! plan, reads trial ids on stdin (one per line; `!ID` runs a skipped trial anyway, for
//! `--include-ignored`) and answers each with one marked line on stdout.

use super::plan::{Kind, Plan};
use super::trial::{self, Finished};
use super::{record, repro};
use reports::Status;
use std::io::{BufRead, Write};

/// Set in a worker's environment.
pub const WORKER_ENV: &str = "OPINFO_WORKER";

/// Marks answer lines, so that anything else a trial prints to stdout (Python's `print`, say)
/// cannot be mistaken for one.
pub const MARK: &str = "\u{1e}OPINFO-TRIAL ";

/// Whether this process is a worker.
pub fn is_worker() -> bool {
    std::env::var_os(WORKER_ENV).is_some()
}

/// Serves trials until stdin closes; returns the exit code.
pub fn serve() -> i32 {
    let plan = match Plan::build() {
        Ok(p) => p,
        Err(e) => {
            eprintln!("{e}");
            return 2;
        }
    };
    let stdin = std::io::stdin();
    for line in stdin.lock().lines() {
        let Ok(line) = line else { break };
        let (force, id) = match line.strip_prefix('!') {
            Some(id) => (true, id),
            None => (false, line.as_str()),
        };
        let finished = match plan.get(id) {
            Some(t) if force || matches!(t.kind, Kind::Run) => trial::run(&plan, t),
            Some(t) => unrunnable(t, "the supervisor asked for a trial the tables skip"),
            None => {
                eprintln!("opinfo worker: no trial {id} in this build's matrix");
                return 2;
            }
        };
        let json = serde_json::to_string(&finished).expect("a trial record serialises");
        let mut out = std::io::stdout().lock();
        if writeln!(out, "{MARK}{json}")
            .and_then(|()| out.flush())
            .is_err()
        {
            break;
        }
    }
    0
}

/// An error record for a request the worker cannot honour.
fn unrunnable(t: &super::plan::Planned, why: &str) -> Finished {
    let mut rec = record(t, Status::Error, None, None, 0.0);
    rec.message = Some(why.into());
    Finished {
        failure: Some(format!("could not run: {why}\n  repro: {}", repro(&t.id))),
        record: rec,
    }
}
