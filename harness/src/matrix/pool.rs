//! The supervisor side of process isolation. Each libtest thread borrows a worker process
//! (this executable with `OPINFO_WORKER` set) and sends it one trial at a time. A worker that
//! dies mid-trial is recorded as a `crash` of that trial, one that runs past the time limit
//! is killed and recorded as a `timeout`; either way a fresh worker takes the next trial, so
//! one bad trial never costs the others.

use super::plan::Planned;
use super::record;
use super::trial::Finished;
use super::worker::{MARK, WORKER_ENV};
use reports::{DivergenceKind, Status};
use std::collections::VecDeque;
use std::io::{BufRead, BufReader, Write};
use std::process::{Child, ChildStdin, Command, ExitStatus, Stdio};
use std::sync::mpsc::{self, Receiver, RecvTimeoutError};
use std::sync::{Arc, Mutex};
use std::thread::JoinHandle;
use std::time::{Duration, Instant};

/// Environment variable: the per-trial time limit in seconds (default [`DEFAULT_TIMEOUT_S`]).
pub const TIMEOUT_ENV: &str = "OPINFO_TRIAL_TIMEOUT";

/// Generous: the slowest trial of the matrix takes a few seconds on two cores.
pub const DEFAULT_TIMEOUT_S: f64 = 120.0;

/// Lines of a dead worker's stderr (since its trial began) quoted in its crash record: the
/// first ones (where Rust and the C runtime say what happened: "memory allocation of N bytes
/// failed") and the last ones.
const HEAD_LINES: usize = 4;
const TAIL_LINES: usize = 8;

/// What a worker wrote to stderr during its current trial, abridged.
#[derive(Default)]
struct Output {
    head: Vec<String>,
    tail: VecDeque<String>,
    dropped: usize,
}

impl Output {
    fn push(&mut self, line: String) {
        if self.head.len() < HEAD_LINES {
            self.head.push(line);
            return;
        }
        if self.tail.len() == TAIL_LINES {
            self.tail.pop_front();
            self.dropped += 1;
        }
        self.tail.push_back(line);
    }

    fn lines(&self) -> Vec<String> {
        let mut v = self.head.clone();
        if self.dropped > 0 {
            v.push(format!("[{} lines]", self.dropped));
        }
        v.extend(self.tail.iter().cloned());
        v
    }
}

/// The per-trial limit from [`TIMEOUT_ENV`]; `Err` for a value that is not a positive number.
pub fn timeout_from_env() -> Result<Duration, String> {
    match std::env::var(TIMEOUT_ENV) {
        Err(_) => Ok(Duration::from_secs_f64(DEFAULT_TIMEOUT_S)),
        Ok(v) => match v.trim().parse::<f64>() {
            Ok(s) if s > 0.0 && s.is_finite() => Ok(Duration::from_secs_f64(s)),
            _ => Err(format!(
                "{TIMEOUT_ENV}={v:?}: expected a positive number of seconds"
            )),
        },
    }
}

/// A running worker process.
struct Worker {
    child: Child,
    stdin: ChildStdin,
    answers: Receiver<Finished>,
    output: Arc<Mutex<Output>>,
    stderr: Option<JoinHandle<()>>,
}

impl Worker {
    fn spawn() -> std::io::Result<Worker> {
        let exe = std::env::current_exe()?;
        let mut child = Command::new(exe)
            .env(WORKER_ENV, "1")
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()?;
        let stdin = child.stdin.take().expect("piped stdin");
        let stdout = child.stdout.take().expect("piped stdout");
        let stderr = child.stderr.take().expect("piped stderr");
        let (tx, answers) = mpsc::channel();
        std::thread::spawn(move || {
            for line in BufReader::new(stdout).lines() {
                let Ok(line) = line else { break };
                // A trial may print; only marked lines are answers, the rest is passed on.
                match line.find(MARK) {
                    Some(at) => {
                        if at > 0 {
                            eprintln!("{}", &line[..at]);
                        }
                        match serde_json::from_str::<Finished>(&line[at + MARK.len()..]) {
                            Ok(f) => {
                                if tx.send(f).is_err() {
                                    break;
                                }
                            }
                            Err(e) => eprintln!("opinfo: unreadable answer from a worker: {e}"),
                        }
                    }
                    None => eprintln!("{line}"),
                }
            }
        });
        let output = Arc::new(Mutex::new(Output::default()));
        let keep = output.clone();
        let stderr = std::thread::spawn(move || {
            for line in BufReader::new(stderr).lines() {
                let Ok(line) = line else { break };
                eprintln!("{line}");
                keep.lock().unwrap_or_else(|e| e.into_inner()).push(line);
            }
        });
        Ok(Worker {
            child,
            stdin,
            answers,
            output,
            stderr: Some(stderr),
        })
    }

    /// Waits for the dead (or killed) process; returns its status and its last stderr lines.
    fn reap(mut self) -> (Option<ExitStatus>, Vec<String>) {
        let status = self.child.wait().ok();
        if let Some(h) = self.stderr.take() {
            let _ = h.join();
        }
        let lines = self
            .output
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .lines();
        (status, lines)
    }
}

/// The workers, shared by the libtest threads.
pub struct Pool {
    idle: Mutex<Vec<Worker>>,
    timeout: Duration,
}

impl Pool {
    /// A pool with a per-trial time limit; workers start on first use.
    pub fn new(timeout: Duration) -> Pool {
        Pool {
            idle: Mutex::new(Vec::new()),
            timeout,
        }
    }

    /// Runs `t` in a worker (`force`: even though the tables skip it).
    pub fn run(&self, t: &Planned, force: bool) -> Finished {
        let t0 = Instant::now();
        let request = if force {
            format!("!{}", t.id)
        } else {
            t.id.clone()
        };
        let started = |w: std::io::Result<Worker>| {
            w.map_err(|e| {
                let why = format!("could not start a worker process: {e}");
                Box::new(failed(t, Status::Error, None, why, t0))
            })
        };
        let idle = self.idle.lock().unwrap_or_else(|e| e.into_inner()).pop();
        let mut worker = match started(idle.map_or_else(Worker::spawn, Ok)) {
            Ok(w) => w,
            Err(f) => return *f,
        };
        // The crash record quotes what this trial printed, not the worker's earlier trials.
        *worker.output.lock().unwrap_or_else(|e| e.into_inner()) = Output::default();
        if writeln!(worker.stdin, "{request}")
            .and_then(|()| worker.stdin.flush())
            .is_err()
        {
            // It died while idle (nothing of this trial ran): start a fresh one, once.
            let _ = worker.reap();
            worker = match started(Worker::spawn()) {
                Ok(w) => w,
                Err(f) => return *f,
            };
            if writeln!(worker.stdin, "{request}")
                .and_then(|()| worker.stdin.flush())
                .is_err()
            {
                let (status, tail) = worker.reap();
                return crashed(t, status, &tail, t0);
            }
        }
        match worker.answers.recv_timeout(self.timeout) {
            Ok(finished) => {
                self.idle
                    .lock()
                    .unwrap_or_else(|e| e.into_inner())
                    .push(worker);
                finished
            }
            Err(RecvTimeoutError::Disconnected) => {
                let (status, tail) = worker.reap();
                crashed(t, status, &tail, t0)
            }
            Err(RecvTimeoutError::Timeout) => {
                let _ = worker.child.kill();
                let _ = worker.reap();
                let limit = self.timeout.as_secs_f64();
                failed(
                    t,
                    Status::Fail,
                    Some(DivergenceKind::Timeout),
                    format!(
                        "ran past the per-trial limit of {limit} s ({TIMEOUT_ENV}); its worker process was killed"
                    ),
                    t0,
                )
            }
        }
    }
}

impl Drop for Pool {
    fn drop(&mut self) {
        // Closing stdin ends an idle worker's loop; wait so none outlives the run.
        for w in self
            .idle
            .get_mut()
            .unwrap_or_else(|e| e.into_inner())
            .drain(..)
        {
            let Worker {
                stdin,
                mut child,
                stderr,
                ..
            } = w;
            drop(stdin);
            let _ = child.wait();
            if let Some(h) = stderr {
                let _ = h.join();
            }
        }
    }
}

/// The record of a trial whose worker died under it.
fn crashed(t: &Planned, status: Option<ExitStatus>, tail: &[String], t0: Instant) -> Finished {
    let how = status.map_or_else(|| "died with an unknown status".to_string(), describe);
    let mut msg = format!("the trial's process {how}");
    if !tail.is_empty() {
        msg.push_str("; its last output:\n    ");
        msg.push_str(&tail.join("\n    "));
    }
    failed(t, Status::Fail, Some(DivergenceKind::Crash), msg, t0)
}

/// "was killed by signal 6 (SIGABRT)" or "exited with status 3".
fn describe(status: ExitStatus) -> String {
    use std::os::unix::process::ExitStatusExt;
    match (status.signal(), status.code()) {
        (Some(sig), _) => {
            let name = match sig {
                4 => " (SIGILL)",
                6 => " (SIGABRT)",
                7 => " (SIGBUS)",
                8 => " (SIGFPE)",
                9 => " (SIGKILL)",
                11 => " (SIGSEGV)",
                _ => "",
            };
            format!("was killed by signal {sig}{name}")
        }
        (None, Some(code)) => format!("exited with status {code}"),
        (None, None) => "died with an unknown status".into(),
    }
}

fn failed(
    t: &Planned,
    status: Status,
    kind: Option<DivergenceKind>,
    msg: String,
    t0: Instant,
) -> Finished {
    let mut rec = record(t, status, kind, None, t0.elapsed().as_secs_f64() * 1e3);
    rec.message = Some(msg.clone());
    Finished {
        failure: Some(format!("{msg}\n  repro: {}", rec.repro)),
        record: rec,
    }
}
