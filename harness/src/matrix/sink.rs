//! Where finished trial records go: kept for the report, and appended at once to the stream
//! file beside it (`reports::stream`), so a run that is killed leaves every finished record.

use reports::stream::StreamWriter;
use reports::{DeclaredDivergence, RunMeta, TrialRecord};
use std::path::Path;
use std::sync::Mutex;

/// The run's records.
pub struct Sink {
    records: Mutex<Vec<TrialRecord>>,
    stream: Mutex<Option<StreamWriter>>,
}

impl Sink {
    /// Keeps records and streams them to `path`; a stream that cannot be created is reported
    /// and the run goes on without it.
    pub fn stream_to(path: &Path, run: &RunMeta, divergences: &[DeclaredDivergence]) -> Sink {
        let stream = StreamWriter::create(path, run, divergences)
            .map_err(|e| eprintln!("opinfo: cannot stream records to {}: {e}", path.display()))
            .ok();
        Sink {
            records: Mutex::new(Vec::new()),
            stream: Mutex::new(stream),
        }
    }

    /// Keeps records only (for `--list`, which runs nothing).
    pub fn discard() -> Sink {
        Sink {
            records: Mutex::new(Vec::new()),
            stream: Mutex::new(None),
        }
    }

    /// Records one finished trial.
    pub fn push(&self, rec: TrialRecord) {
        let mut stream = self.stream.lock().unwrap_or_else(|e| e.into_inner());
        if let Some(w) = stream.as_mut() {
            if let Err(e) = w.append(&rec) {
                eprintln!("opinfo: record stream stopped: {e}");
                *stream = None;
            }
        }
        drop(stream);
        self.records
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .push(rec);
    }

    /// Every record so far.
    pub fn take(&self) -> Vec<TrialRecord> {
        std::mem::take(&mut *self.records.lock().unwrap_or_else(|e| e.into_inner()))
    }
}
