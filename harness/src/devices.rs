//! Device discovery: `cpu` always; other device types only when present at run time.

use reports::DeviceInfo;

/// Device types found (and why the others are absent), for trial instantiation and the report.
pub fn discover() -> Vec<DeviceInfo> {
    vec![
        DeviceInfo {
            name: "cpu".into(),
            available: true,
            detail: cpu_model().unwrap_or_else(|| "host CPU".into()),
        },
        DeviceInfo {
            name: "cuda".into(),
            available: false,
            detail: "CUDA unavailable: the engine has no CUDA backend yet".into(),
        },
    ]
}

/// The CPU model name from /proc/cpuinfo, where there is one.
pub fn cpu_model() -> Option<String> {
    let info = std::fs::read_to_string("/proc/cpuinfo").ok()?;
    info.lines()
        .find(|l| l.starts_with("model name"))
        .and_then(|l| l.split(':').nth(1))
        .map(|s| s.trim().to_string())
}
