//! Where reports go and how they are written (atomically) and read back.

use std::fs;
use std::io::{self, Write};
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicU64, Ordering};

use crate::model::Report;

/// Environment variable overriding [`default_path`].
pub const PATH_ENV: &str = "OPINFO_REPORT";

/// The workspace root (parent of this crate's manifest directory, fixed at compile time).
pub fn workspace_root() -> PathBuf {
    let dir = Path::new(concat!(env!("CARGO_MANIFEST_DIR"), "/.."));
    // Drop the `..` when the parent is known, for readable paths in messages.
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .map_or_else(|| dir.to_path_buf(), Path::to_path_buf)
}

/// Where a run's report goes: `$OPINFO_REPORT` when set and non-empty, else
/// `<workspace root>/target/opinfo/report.json`.
pub fn default_path() -> PathBuf {
    match std::env::var_os(PATH_ENV) {
        Some(p) if !p.is_empty() => PathBuf::from(p),
        _ => workspace_root()
            .join("target")
            .join("opinfo")
            .join("report.json"),
    }
}

/// Writes `report` to `path` as pretty JSON (trailing newline), creating parent directories.
/// The file is written to a temporary sibling, flushed to disk and renamed over `path`, so
/// readers never see a half-written report.
pub fn write(report: &Report, path: &Path) -> io::Result<()> {
    let json = serde_json::to_vec_pretty(report).map_err(io::Error::other)?;
    let dir = match path.parent() {
        Some(d) if !d.as_os_str().is_empty() => d.to_path_buf(),
        _ => PathBuf::from("."),
    };
    fs::create_dir_all(&dir)?;
    static COUNTER: AtomicU64 = AtomicU64::new(0);
    let name = path
        .file_name()
        .map_or_else(|| "report.json".into(), |n| n.to_string_lossy());
    let tmp = dir.join(format!(
        ".{name}.tmp.{}.{}",
        std::process::id(),
        COUNTER.fetch_add(1, Ordering::Relaxed)
    ));
    let result = (|| {
        let mut f = fs::File::create(&tmp)?;
        f.write_all(&json)?;
        f.write_all(b"\n")?;
        f.sync_all()?;
        drop(f);
        fs::rename(&tmp, path)
    })();
    if result.is_err() {
        let _ = fs::remove_file(&tmp);
    }
    result
}

/// Reads a report as raw JSON (for [`crate::validate()`]).
pub fn read_value(path: &Path) -> io::Result<serde_json::Value> {
    let text = fs::read_to_string(path)?;
    serde_json::from_str(&text).map_err(|e| io::Error::new(io::ErrorKind::InvalidData, e))
}

/// Reads a report into the typed model (unknown fields from newer minor versions are ignored).
pub fn read(path: &Path) -> io::Result<Report> {
    let text = fs::read_to_string(path)?;
    serde_json::from_str(&text).map_err(|e| io::Error::new(io::ErrorKind::InvalidData, e))
}
