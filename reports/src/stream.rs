//! The crash-proof record stream the matrix writes while it runs (JSON Lines).
//!
//! The report (`report.json`) is written once, at the end of a run; a run killed before then
//! (OOM killer, CI timeout, a crash outside a trial) would leave nothing. So the matrix also
//! appends every finished trial to a stream beside the report ([`stream_path`]):
//!
//! ```text
//! {"opinfo_stream": 1, "run": <RunMeta>, "divergences": [<DeclaredDivergence>...]}
//! <TrialRecord>
//! <TrialRecord>
//! ...
//! ```
//!
//! one compact JSON object per line. serde_json escapes control characters inside strings, so
//! a record never contains a raw newline and one line is one record. [`read_stream`] turns a
//! stream, complete or cut short, back into a [`Report`].
//!
//! Stream format 1 ([`STREAM_FORMAT`]) carries the `RunMeta`, `DeclaredDivergence` and
//! `TrialRecord` objects of report schema 3.x; a change of the report's major version changes
//! the stream format number too.

use std::collections::HashMap;
use std::fs::{self, File};
use std::io::{self, Write};
use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};

use crate::model::{DeclaredDivergence, Report, RunMeta, TrialRecord};

/// Version of the stream format, the value of the header's `opinfo_stream` field.
pub const STREAM_FORMAT: u64 = 1;

/// The first line of a stream.
#[derive(Serialize, Deserialize)]
struct Header {
    opinfo_stream: u64,
    run: RunMeta,
    divergences: Vec<DeclaredDivergence>,
}

/// Where the stream of the report at `report` goes: the same path with the extension
/// `jsonl` (`target/opinfo/report.json` -> `target/opinfo/report.jsonl`).
pub fn stream_path(report: &Path) -> PathBuf {
    report.with_extension("jsonl")
}

/// Appends trial records to a stream, one complete line per [`StreamWriter::append`].
///
/// Lines go straight to the file (no user-space buffer), so a process killed between two
/// appends leaves only complete lines, and one killed inside an append leaves at most one
/// truncated last line, which [`read_stream`] ignores. There is no fsync per record (too slow
/// for tens of thousands of trials); the records survive the process, and [`finish`] syncs
/// them to disk once so they also survive the machine.
///
/// [`finish`]: StreamWriter::finish
#[derive(Debug)]
pub struct StreamWriter {
    file: File,
    path: PathBuf,
    records: usize,
}

impl StreamWriter {
    /// Creates (or truncates) the stream at `path`, creating its parent directories, and
    /// writes the header line.
    pub fn create(
        path: &Path,
        run: &RunMeta,
        divergences: &[DeclaredDivergence],
    ) -> io::Result<StreamWriter> {
        if let Some(dir) = path.parent().filter(|d| !d.as_os_str().is_empty()) {
            fs::create_dir_all(dir)?;
        }
        let header = Header {
            opinfo_stream: STREAM_FORMAT,
            run: run.clone(),
            divergences: divergences.to_vec(),
        };
        let mut writer = StreamWriter {
            file: File::create(path)?,
            path: path.to_path_buf(),
            records: 0,
        };
        writer.write_line(&header)?;
        Ok(writer)
    }

    /// Appends one record as one line.
    pub fn append(&mut self, rec: &TrialRecord) -> io::Result<()> {
        self.write_line(rec)?;
        self.records += 1;
        Ok(())
    }

    /// Serialises `value` with its newline into one buffer and writes it with one
    /// `write_all`, so a line is never interleaved with or split by another write of ours.
    fn write_line<T: Serialize>(&mut self, value: &T) -> io::Result<()> {
        let mut line = serde_json::to_vec(value).map_err(io::Error::other)?;
        line.push(b'\n');
        self.file.write_all(&line)?;
        self.file.flush()
    }

    /// Number of records appended so far.
    pub fn records(&self) -> usize {
        self.records
    }

    /// The stream's path.
    pub fn path(&self) -> &Path {
        &self.path
    }

    /// Flushes and syncs the stream to disk (once, at the end of a run) and closes it.
    pub fn finish(mut self) -> io::Result<()> {
        self.file.flush()?;
        self.file.sync_all()
    }
}

impl Drop for StreamWriter {
    fn drop(&mut self) {
        // Nothing is buffered in user space; flush anyway so this stays true if a buffer is
        // ever added. Errors cannot be reported from drop: call `finish` to see them.
        let _ = self.file.flush();
    }
}

fn bad(path: &Path, line: usize, what: impl std::fmt::Display) -> io::Error {
    io::Error::new(
        io::ErrorKind::InvalidData,
        format!("{}:{line}: {what}", path.display()),
    )
}

/// Reads a stream into a [`Report`] at [`crate::SCHEMA_VERSION`]: the header's run metadata
/// and divergence table, and the records in stream order, with the summary and each
/// divergence's `trials` recomputed ([`Report::new`]) and `still_holds` set to the number of
/// trials naming the divergence (what the matrix writes in its report).
///
/// A last line that does not parse is ignored when the file does not end with a newline: the
/// writer was killed inside that line. Any other line that does not parse is an error naming
/// its (1-based) line number, as is a missing header or a header of another stream format.
///
/// When records repeat an id, the later one replaces the earlier (keeping the earlier's
/// position). The matrix writes each trial once, so none are expected; but a retried trial
/// appended twice must not yield a report with duplicate ids, and the later record is the
/// newer outcome.
pub fn read_stream(path: &Path) -> io::Result<Report> {
    let bytes = fs::read(path)?;
    let complete = bytes.ends_with(b"\n");
    let body = bytes.strip_suffix(b"\n").unwrap_or(&bytes);
    let lines: Vec<&[u8]> = if body.is_empty() {
        Vec::new()
    } else {
        body.split(|&b| b == b'\n').collect()
    };
    let last = lines.len();
    // Parses line `n` (1-based); `Ok(None)` for a truncated last line.
    let parse = |n: usize, line: &[u8]| -> io::Result<Option<serde_json::Value>> {
        match serde_json::from_slice::<serde_json::Value>(line) {
            Ok(v) => Ok(Some(v)),
            Err(_) if n == last && !complete => Ok(None),
            Err(e) => Err(bad(path, n, e)),
        }
    };

    let header = match lines.first() {
        Some(l) => parse(1, l)?,
        None => None,
    };
    let Some(header) = header else {
        return Err(bad(path, 1, "no header line (empty or truncated stream)"));
    };
    let format = header
        .get("opinfo_stream")
        .and_then(serde_json::Value::as_u64);
    if format != Some(STREAM_FORMAT) {
        return Err(bad(
            path,
            1,
            format_args!(
                "not an opinfo stream header of format {STREAM_FORMAT} (opinfo_stream: {})",
                header
                    .get("opinfo_stream")
                    .map_or("missing".into(), |v| v.to_string())
            ),
        ));
    }
    let header: Header = serde_json::from_value(header).map_err(|e| bad(path, 1, e))?;

    let mut trials: Vec<TrialRecord> = Vec::new();
    let mut index: HashMap<String, usize> = HashMap::new();
    for (i, line) in lines.iter().enumerate().skip(1) {
        let n = i + 1;
        let Some(value) = parse(n, line)? else {
            break;
        };
        let rec: TrialRecord = serde_json::from_value(value).map_err(|e| bad(path, n, e))?;
        match index.get(&rec.id) {
            Some(&at) => trials[at] = rec,
            None => {
                index.insert(rec.id.clone(), trials.len());
                trials.push(rec);
            }
        }
    }

    let mut report = Report::new(header.run, trials, header.divergences);
    for d in &mut report.divergences {
        d.still_holds = d.trials;
    }
    Ok(report)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::example::{example_report, trial};
    use crate::{validate_report, Status};

    fn tmp(name: &str) -> PathBuf {
        std::env::temp_dir().join(format!("reports-stream-{name}-{}", std::process::id()))
    }

    #[test]
    fn stream_path_replaces_the_extension() {
        assert_eq!(
            stream_path(Path::new("target/opinfo/report.json")),
            PathBuf::from("target/opinfo/report.jsonl")
        );
        assert_eq!(stream_path(Path::new("out")), PathBuf::from("out.jsonl"));
    }

    /// Writes the example report's trials as a stream; returns the stream's path.
    fn write_example(dir: &Path) -> PathBuf {
        let r = example_report();
        let path = dir.join("nested/report.jsonl");
        let mut w = StreamWriter::create(&path, &r.run, &r.divergences).unwrap();
        for t in &r.trials {
            w.append(t).unwrap();
        }
        assert_eq!(w.records(), r.trials.len());
        assert_eq!(w.path(), path);
        w.finish().unwrap();
        path
    }

    #[test]
    fn round_trips_the_example_report() {
        let dir = tmp("round");
        let path = write_example(&dir);
        let text = fs::read_to_string(&path).unwrap();
        let r = example_report();
        assert_eq!(text.lines().count(), 1 + r.trials.len());
        assert!(text.starts_with("{\"opinfo_stream\":1,\"run\":{"), "{text}");
        let back = read_stream(&path).unwrap();
        assert_eq!(validate_report(&back), Ok(()));
        // The example's still_holds (1) becomes the number of trials naming the divergence.
        assert_eq!(back.divergences[0].trials, 2);
        assert_eq!(back.divergences[0].still_holds, 2);
        let mut want = r;
        want.divergences[0].still_holds = 2;
        // NaN metrics: compare serialised.
        assert_eq!(
            serde_json::to_string(&back).unwrap(),
            serde_json::to_string(&want).unwrap()
        );
        fs::remove_dir_all(&dir).unwrap();
    }

    #[test]
    fn a_truncated_last_line_is_ignored_only_without_a_final_newline() {
        let dir = tmp("trunc");
        let path = write_example(&dir);
        let text = fs::read_to_string(&path).unwrap();
        let n = example_report().trials.len();
        // Killed in the middle of the last record (inside a multi-byte character, even).
        let cut = format!("{}{{\"id\":\"ref\u{e9}", text);
        let cut = &cut.as_bytes()[..cut.len() - 1];
        fs::write(&path, cut).unwrap();
        assert_eq!(read_stream(&path).unwrap().trials.len(), n);
        // The same garbage followed by a newline is not a writer killed mid-line.
        let mut terminated = cut.to_vec();
        terminated.push(b'\n');
        fs::write(&path, &terminated).unwrap();
        let e = read_stream(&path).unwrap_err().to_string();
        assert!(e.contains(&format!(":{}: ", n + 2)), "{e}");
        // A bad line that is not the last is an error with its line number.
        let mut lines: Vec<&str> = text.lines().collect();
        lines[3] = "{\"id\": oops}";
        fs::write(&path, lines.join("\n")).unwrap();
        let e = read_stream(&path).unwrap_err();
        assert_eq!(e.kind(), io::ErrorKind::InvalidData);
        assert!(e.to_string().contains("report.jsonl:4: "), "{e}");
        // A well-formed JSON line that is not a TrialRecord is an error too.
        lines[3] = "{\"id\": 1}";
        fs::write(&path, lines.join("\n") + "\n").unwrap();
        assert!(read_stream(&path).unwrap_err().to_string().contains(":4: "));
        fs::remove_dir_all(&dir).unwrap();
    }

    #[test]
    fn header_only_and_broken_headers() {
        let dir = tmp("header");
        let path = dir.join("s.jsonl");
        let r = example_report();
        StreamWriter::create(&path, &r.run, &r.divergences)
            .unwrap()
            .finish()
            .unwrap();
        let empty = read_stream(&path).unwrap();
        assert_eq!(empty.summary.total, 0);
        assert_eq!(empty.divergences[0].trials, 0);
        assert_eq!(validate_report(&empty), Ok(()));

        for (text, needle) in [
            ("", "s.jsonl:1: no header line"),
            ("{\"opinfo_str", "s.jsonl:1: no header line"),
            ("{\"opinfo_stream\": 2}\n", "opinfo_stream: 2"),
            ("{\"id\": \"x\"}\n", "opinfo_stream: missing"),
            ("{\"opinfo_stream\": 1}\n", "s.jsonl:1: missing field"),
        ] {
            fs::write(&path, text).unwrap();
            let e = read_stream(&path).unwrap_err().to_string();
            assert!(e.contains(needle), "{text:?}: {e}");
        }
        fs::remove_dir_all(&dir).unwrap();
    }

    #[test]
    fn a_repeated_id_keeps_the_later_record_in_the_earlier_place() {
        let dir = tmp("dup");
        let path = dir.join("s.jsonl");
        let r = example_report();
        let mut w = StreamWriter::create(&path, &r.run, &r.divergences).unwrap();
        let first = trial("reference", "sin", "cpu", "float64", Status::Error);
        let mut first = TrialRecord {
            message: Some("oracle timed out".into()),
            ..first
        };
        w.append(&first).unwrap();
        w.append(&trial("reference", "cos", "cpu", "float64", Status::Pass))
            .unwrap();
        first.status = Status::Pass;
        first.message = None;
        w.append(&first).unwrap();
        drop(w);
        let back = read_stream(&path).unwrap();
        let ids: Vec<&str> = back.trials.iter().map(|t| t.id.as_str()).collect();
        assert_eq!(
            ids,
            [
                "reference::sin::cpu::float64",
                "reference::cos::cpu::float64"
            ]
        );
        assert_eq!(back.trials[0].status, Status::Pass);
        assert_eq!(back.summary.count(Status::Pass), 2);
        assert_eq!(validate_report(&back), Ok(()));
        fs::remove_dir_all(&dir).unwrap();
    }

    #[test]
    fn create_truncates_an_old_stream() {
        let dir = tmp("truncate");
        let path = write_example(&dir);
        let r = example_report();
        let w = StreamWriter::create(&path, &r.run, &[]).unwrap();
        drop(w);
        assert_eq!(fs::read_to_string(&path).unwrap().lines().count(), 1);
        fs::remove_dir_all(&dir).unwrap();
    }
}
