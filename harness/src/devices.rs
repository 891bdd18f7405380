//! Device discovery: `cpu` always; `cuda` when a driver, a device and NVRTC are present (else
//! it is listed with the reason, and its trials are listed as ignored).

use backends::Device;
use reports::DeviceInfo;

/// Device types found (and why the others are absent), for trial instantiation and the report.
pub fn discover() -> Vec<DeviceInfo> {
    let cuda = backends::cuda::info();
    vec![
        DeviceInfo {
            name: "cpu".into(),
            available: true,
            detail: cpu_model().unwrap_or_else(|| "host CPU".into()),
            ignored_trials: 0,
        },
        DeviceInfo {
            name: "cuda".into(),
            available: cuda.is_ok(),
            detail: match cuda {
                Ok(info) => info.describe(),
                Err(reason) => reason.to_string(),
            },
            ignored_trials: 0,
        },
    ]
}

/// The engine device a device-type name runs on (its first device).
pub fn engine_device(name: &str) -> Device {
    match name {
        "cuda" => Device::Cuda(0),
        _ => Device::Cpu,
    }
}

/// The CPU model name from /proc/cpuinfo, where there is one.
pub fn cpu_model() -> Option<String> {
    let info = std::fs::read_to_string("/proc/cpuinfo").ok()?;
    info.lines()
        .find(|l| l.starts_with("model name"))
        .and_then(|l| l.split(':').nth(1))
        .map(|s| s.trim().to_string())
}
