//! Fault injection, for testing the supervisor only: `OPINFO_FAULT=abort:ID,hang:ID` makes the
//! named trials abort their process or never finish, so a test can check that the run records
//! them as `crash` and `timeout` and still reports every other trial.

/// The environment variable naming the faults.
pub const FAULT_ENV: &str = "OPINFO_FAULT";

/// Aborts or hangs here if `OPINFO_FAULT` names trial `id`.
pub fn inject(id: &str) {
    let Some(spec) = std::env::var_os(FAULT_ENV) else {
        return;
    };
    for item in spec.to_string_lossy().split(',') {
        match item.trim().split_once(':') {
            Some(("abort", t)) if t == id => {
                eprintln!("{FAULT_ENV}: aborting in {id}");
                std::process::abort();
            }
            Some(("hang", t)) if t == id => {
                eprintln!("{FAULT_ENV}: hanging in {id}");
                loop {
                    std::thread::sleep(std::time::Duration::from_secs(3600));
                }
            }
            _ => {}
        }
    }
}
