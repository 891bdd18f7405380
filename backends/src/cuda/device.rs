//! CUDA discovery and the per-device state: context, stream, and the compiled-module cache.
//!
//! Discovery never panics: cudarc panics on any call when libcuda is absent, so its presence is
//! checked first, and the whole probe runs under `catch_unwind` as a second line of defence.

use super::nvrtc::{Nvrtc, Target};
use super::source::{module_source, Module};
use crate::backend::LoopTable;
use crate::error::{Error, Result};
use cudarc::driver::{CudaContext, CudaFunction, CudaModule, CudaStream};
use std::collections::HashMap;
use std::sync::{Arc, Mutex, OnceLock};

/// One CUDA device as the engine uses it.
pub struct CudaDevice {
    /// Device ordinal.
    pub ordinal: usize,
    /// Marketing name (`NVIDIA H100 80GB HBM3`).
    pub name: String,
    /// Compute capability (major, minor).
    pub compute_capability: (i32, i32),
    pub(crate) ctx: Arc<CudaContext>,
    pub(crate) stream: Arc<CudaStream>,
    modules: Mutex<HashMap<&'static str, Arc<CudaModule>>>,
    functions: Mutex<HashMap<String, CudaFunction>>,
}

impl std::fmt::Debug for CudaDevice {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "cuda:{} ({})", self.ordinal, self.name)
    }
}

/// What discovery found: the devices and the versions of the driver and NVRTC.
#[derive(Debug)]
pub struct CudaInfo {
    /// The devices, by ordinal.
    pub devices: Vec<Arc<CudaDevice>>,
    /// CUDA version the driver supports (`cuDriverGetVersion`, e.g. 12090 -> (12, 9)).
    pub driver_version: (i32, i32),
    /// NVRTC's version.
    pub nvrtc_version: (i32, i32),
}

impl CudaInfo {
    /// One line for reports: devices, compute capability, driver and NVRTC versions.
    pub fn describe(&self) -> String {
        let devs: Vec<String> = self
            .devices
            .iter()
            .map(|d| {
                format!(
                    "cuda:{} {} (sm_{}{})",
                    d.ordinal, d.name, d.compute_capability.0, d.compute_capability.1
                )
            })
            .collect();
        format!(
            "{}; driver supports CUDA {}.{}; NVRTC {}.{}",
            devs.join(", "),
            self.driver_version.0,
            self.driver_version.1,
            self.nvrtc_version.0,
            self.nvrtc_version.1
        )
    }
}

/// The CUDA devices, or "CUDA unavailable: <reason>". Probed once per process.
pub fn info() -> std::result::Result<&'static CudaInfo, &'static str> {
    static INFO: OnceLock<std::result::Result<CudaInfo, String>> = OnceLock::new();
    INFO.get_or_init(|| {
        std::panic::catch_unwind(probe)
            .unwrap_or_else(|_| Err("the CUDA driver library panicked during discovery".into()))
            .map_err(|r| format!("CUDA unavailable: {r}"))
    })
    .as_ref()
    .map_err(|s| s.as_str())
}

/// The device with this ordinal.
pub fn device(ordinal: usize) -> Result<Arc<CudaDevice>> {
    let info = info().map_err(|r| Error::Device {
        op: "cuda",
        msg: r.to_string(),
    })?;
    info.devices
        .get(ordinal)
        .cloned()
        .ok_or_else(|| Error::Device {
            op: "cuda",
            msg: format!("no CUDA device {ordinal} ({} present)", info.devices.len()),
        })
}

fn probe() -> std::result::Result<CudaInfo, String> {
    // SAFETY: only tries to dlopen the driver library.
    if !unsafe { cudarc::driver::sys::is_culib_present() } {
        return Err("no NVIDIA driver (libcuda.so could not be loaded)".into());
    }
    cudarc::driver::result::init().map_err(|e| format!("cuInit failed: {e}"))?;
    let mut v = 0;
    // SAFETY: writes one int.
    unsafe { cudarc::driver::sys::cuDriverGetVersion(&mut v) }
        .result()
        .map_err(|e| format!("cuDriverGetVersion failed: {e}"))?;
    let driver_version = (v / 1000, (v % 1000) / 10);
    let n = CudaContext::device_count().map_err(|e| format!("cuDeviceGetCount failed: {e}"))?;
    if n <= 0 {
        return Err("the driver reports no CUDA device".into());
    }
    let nvrtc = Nvrtc::get().map_err(|e| format!("devices present but {e}"))?;
    let mut devices = Vec::new();
    for ordinal in 0..n as usize {
        let ctx = CudaContext::new(ordinal)
            .map_err(|e| format!("cannot create a context on device {ordinal}: {e}"))?;
        // One stream per device and raw pointers in kernel arguments: stream order is the only
        // synchronisation needed, so cudarc's per-buffer events are off.
        // SAFETY: no buffer of this context exists yet.
        unsafe { ctx.disable_event_tracking() };
        let name = ctx
            .name()
            .map_err(|e| format!("cuDeviceGetName failed: {e}"))?;
        let compute_capability = ctx
            .compute_capability()
            .map_err(|e| format!("compute capability query failed: {e}"))?;
        let stream = ctx.default_stream();
        devices.push(Arc::new(CudaDevice {
            ordinal,
            name,
            compute_capability,
            ctx,
            stream,
            modules: Mutex::new(HashMap::new()),
            functions: Mutex::new(HashMap::new()),
        }));
    }
    Ok(CudaInfo {
        devices,
        driver_version,
        nvrtc_version: nvrtc.version,
    })
}

pub(crate) fn driver_err(op: &'static str, e: impl std::fmt::Display) -> Error {
    Error::Device {
        op,
        msg: format!("CUDA error: {e}"),
    }
}

impl CudaDevice {
    /// Compiles (once per process) and loads `module`: a cubin for this device's architecture,
    /// or PTX for the driver to JIT when this NVRTC does not know the architecture.
    fn module(&self, m: &'static Module, loops: LoopTable) -> Result<Arc<CudaModule>> {
        let mut cache = self.modules.lock().unwrap_or_else(|e| e.into_inner());
        if let Some(md) = cache.get(m.name) {
            return Ok(md.clone());
        }
        let nvrtc = Nvrtc::get().map_err(|e| Error::Device { op: "cuda", msg: e })?;
        let (src, _) = module_source(m, loops);
        let cc = (self.compute_capability.0 * 10 + self.compute_capability.1) as u32;
        let image = match nvrtc.compile(m.name, &src, Target::Cubin(cc)) {
            Ok(c) => cudarc::nvrtc::Ptx::from_binary(c.image),
            Err(cubin_err) => match nvrtc.compile(m.name, &src, Target::Ptx(cc)) {
                Ok(c) => cudarc::nvrtc::Ptx::from_src(String::from_utf8_lossy(&c.image)),
                Err(_) => {
                    return Err(Error::Device {
                        op: "cuda",
                        msg: format!("kernel module {} failed to compile: {cubin_err}", m.name),
                    })
                }
            },
        };
        let md = self
            .ctx
            .load_module(image)
            .map_err(|e| driver_err("cuda", e))?;
        cache.insert(m.name, md.clone());
        Ok(md)
    }

    /// The kernel `name` of `module`, loaded and cached.
    pub(crate) fn function(
        &self,
        m: &'static Module,
        name: &str,
        loops: LoopTable,
    ) -> Result<CudaFunction> {
        if let Some(f) = self
            .functions
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .get(name)
        {
            return Ok(f.clone());
        }
        let md = self.module(m, loops)?;
        let f = md.load_function(name).map_err(|e| Error::Device {
            op: "cuda",
            msg: format!("kernel {name} missing from module {}: {e}", m.name),
        })?;
        self.functions
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .insert(name.to_string(), f.clone());
        Ok(f)
    }

    /// Waits for all work on the device and reports any asynchronous error (a faulting
    /// kernel surfaces here).
    pub fn synchronize(&self) -> Result<()> {
        self.stream
            .synchronize()
            .map_err(|e| driver_err("synchronize", e))?;
        self.ctx
            .check_err()
            .map_err(|e| driver_err("synchronize", e))
    }

    /// The stream every engine operation on this device is ordered on.
    pub fn stream(&self) -> &Arc<CudaStream> {
        &self.stream
    }

    /// (free, total) device memory in bytes.
    pub fn mem_info(&self) -> Result<(usize, usize)> {
        self.ctx
            .mem_get_info()
            .map_err(|e| driver_err("mem_info", e))
    }
}
