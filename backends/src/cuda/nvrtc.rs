//! NVRTC, loaded at run time from the project's virtual environment (the pip wheels
//! `nvidia-cuda-nvrtc-cu12` and `nvidia-cuda-runtime-cu12`) or a CUDA toolkit, and used to compile
//! the kernel sources to PTX or cubin. Needs no GPU and no driver.
//!
//! This is a small binding of our own rather than cudarc's `nvrtc` module: cudarc panics when the
//! library is missing and its safe layer emits PTX only, while the compile check needs cubin for
//! several architectures and a typed "NVRTC unavailable" answer.

use libloading::{Library, Symbol};
use std::ffi::{c_char, c_int, CStr, CString};
use std::path::{Path, PathBuf};
use std::sync::OnceLock;

type Prog = *mut std::ffi::c_void;

/// A loaded NVRTC with the include directory that holds `cuda_fp16.h` and `cuda_bf16.h`.
pub struct Nvrtc {
    lib: Library,
    /// The shared library that was loaded.
    pub library: PathBuf,
    /// Directory passed as `-I` (CUDA runtime headers).
    pub include: PathBuf,
    /// NVRTC's version (major, minor).
    pub version: (i32, i32),
}

/// What one compilation should produce.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Target {
    /// PTX for a virtual architecture (`compute_XY`).
    Ptx(u32),
    /// A cubin for a real architecture (`sm_XY`).
    Cubin(u32),
}

impl Target {
    /// NVRTC's `--gpu-architecture` value.
    pub fn arch(self) -> String {
        match self {
            Target::Ptx(cc) => format!("compute_{cc}"),
            Target::Cubin(cc) => format!("sm_{cc}"),
        }
    }
}

/// A successful compilation: the image (PTX text or cubin bytes) and NVRTC's log (warnings).
pub struct Compiled {
    /// PTX (NUL-free text) or cubin.
    pub image: Vec<u8>,
    /// The compile log; empty when NVRTC had nothing to say.
    pub log: String,
}

/// Options every kernel compile uses: C++17, IEEE-exact arithmetic (no fused multiply-add
/// contraction, as NumPy's C loops are not contracted; precise division and square root; no
/// flush-to-zero), and every warning reported.
pub const OPTIONS: [&str; 5] = [
    "--std=c++17",
    "--fmad=false",
    "--prec-div=true",
    "--prec-sqrt=true",
    "--ftz=false",
];

fn site_packages(venv: &Path) -> Vec<PathBuf> {
    let Ok(rd) = std::fs::read_dir(venv.join("lib")) else {
        return vec![];
    };
    rd.filter_map(|e| e.ok())
        .map(|e| e.path().join("site-packages"))
        .filter(|p| p.is_dir())
        .collect()
}

/// Candidate (library, include dir) pairs, most specific first: `OPINFO_NVRTC_LIB` +
/// `OPINFO_CUDA_INCLUDE`, the project venv (`OPINFO_VENV` or `<workspace>/.venv`; CUDA 12 or 13
/// wheels), `CUDA_HOME`, `/usr/local/cuda` (`libnvrtc.so`, `.so.13` or `.so.12`).
fn candidates() -> Vec<(PathBuf, PathBuf)> {
    let mut v = Vec::new();
    if let (Some(l), Some(i)) = (
        std::env::var_os("OPINFO_NVRTC_LIB"),
        std::env::var_os("OPINFO_CUDA_INCLUDE"),
    ) {
        v.push((PathBuf::from(l), PathBuf::from(i)));
    }
    let venv = std::env::var_os("OPINFO_VENV")
        .map(PathBuf::from)
        .unwrap_or_else(|| Path::new(env!("CARGO_MANIFEST_DIR")).join("../.venv"));
    for sp in site_packages(&venv) {
        // CUDA 12's wheels (`nvidia-cuda-nvrtc-cu12`), then CUDA 13's single `nvidia/cu13` tree.
        v.push((
            sp.join("nvidia/cuda_nvrtc/lib/libnvrtc.so.12"),
            sp.join("nvidia/cuda_runtime/include"),
        ));
        v.push((
            sp.join("nvidia/cu13/lib/libnvrtc.so.13"),
            sp.join("nvidia/cu13/include"),
        ));
    }
    for root in std::env::var_os("CUDA_HOME")
        .map(PathBuf::from)
        .into_iter()
        .chain([PathBuf::from("/usr/local/cuda")])
    {
        // A toolkit without its development symlink still has the versioned library.
        for name in ["libnvrtc.so", "libnvrtc.so.13", "libnvrtc.so.12"] {
            v.push((root.join("lib64").join(name), root.join("include")));
        }
    }
    v
}

impl Nvrtc {
    /// The process-wide NVRTC, loaded on first use; `Err` says why it could not be loaded.
    pub fn get() -> Result<&'static Nvrtc, String> {
        static NVRTC: OnceLock<Result<Nvrtc, String>> = OnceLock::new();
        NVRTC
            .get_or_init(Nvrtc::load)
            .as_ref()
            .map_err(Clone::clone)
    }

    fn load() -> Result<Nvrtc, String> {
        let mut tried = Vec::new();
        for (lib, inc) in candidates() {
            if !lib.is_file() || !inc.join("cuda_fp16.h").is_file() {
                tried.push(lib.display().to_string());
                continue;
            }
            // SAFETY: loading NVRTC runs no initialisers with preconditions of ours.
            let l = match unsafe { Library::new(&lib) } {
                Ok(l) => l,
                Err(e) => {
                    tried.push(format!("{} ({e})", lib.display()));
                    continue;
                }
            };
            let mut n = Nvrtc {
                lib: l,
                library: lib,
                include: inc,
                version: (0, 0),
            };
            let (mut major, mut minor) = (0, 0);
            // SAFETY: nvrtcVersion writes two ints.
            unsafe {
                let f: Symbol<unsafe extern "C" fn(*mut c_int, *mut c_int) -> c_int> =
                    n.sym(b"nvrtcVersion\0")?;
                f(&mut major, &mut minor);
            }
            n.version = (major, minor);
            return Ok(n);
        }
        Err(format!(
            "NVRTC not found (install reference/requirements.txt into the venv, or set \
             OPINFO_NVRTC_LIB and OPINFO_CUDA_INCLUDE); tried: {}",
            tried.join(", ")
        ))
    }

    unsafe fn sym<T>(&self, name: &[u8]) -> Result<Symbol<'_, T>, String> {
        self.lib
            .get(name)
            .map_err(|e| format!("NVRTC lacks {}: {e}", String::from_utf8_lossy(name)))
    }

    fn error_string(&self, code: c_int) -> String {
        // SAFETY: nvrtcGetErrorString returns a static C string.
        unsafe {
            match self.sym::<unsafe extern "C" fn(c_int) -> *const c_char>(b"nvrtcGetErrorString\0")
            {
                Ok(f) => CStr::from_ptr(f(code)).to_string_lossy().into_owned(),
                Err(_) => format!("NVRTC error {code}"),
            }
        }
    }

    /// Compiles `source` (named `name` in diagnostics) for `target`. `Err` carries the log.
    pub fn compile(&self, name: &str, source: &str, target: Target) -> Result<Compiled, String> {
        let src = CString::new(source).map_err(|_| "kernel source contains NUL".to_string())?;
        let cname = CString::new(name).map_err(|_| "kernel name contains NUL".to_string())?;
        let mut opts: Vec<CString> = OPTIONS
            .iter()
            .map(|o| CString::new(*o).expect("static option"))
            .collect();
        opts.push(CString::new(format!("--gpu-architecture={}", target.arch())).expect("arch"));
        opts.push(
            CString::new(format!("--include-path={}", self.include.display()))
                .map_err(|_| "include path contains NUL".to_string())?,
        );
        let opt_ptrs: Vec<*const c_char> = opts.iter().map(|o| o.as_ptr()).collect();
        // SAFETY: the NVRTC C API used as documented; every pointer outlives the calls, and the
        // program is destroyed on every path.
        unsafe {
            type Create = unsafe extern "C" fn(
                *mut Prog,
                *const c_char,
                *const c_char,
                c_int,
                *const *const c_char,
                *const *const c_char,
            ) -> c_int;
            type Compile = unsafe extern "C" fn(Prog, c_int, *const *const c_char) -> c_int;
            type Size = unsafe extern "C" fn(Prog, *mut usize) -> c_int;
            type Get = unsafe extern "C" fn(Prog, *mut c_char) -> c_int;
            type Destroy = unsafe extern "C" fn(*mut Prog) -> c_int;
            let create: Symbol<Create> = self.sym(b"nvrtcCreateProgram\0")?;
            let compile: Symbol<Compile> = self.sym(b"nvrtcCompileProgram\0")?;
            let log_size: Symbol<Size> = self.sym(b"nvrtcGetProgramLogSize\0")?;
            let get_log: Symbol<Get> = self.sym(b"nvrtcGetProgramLog\0")?;
            let destroy: Symbol<Destroy> = self.sym(b"nvrtcDestroyProgram\0")?;
            let (img_size, get_img): (Symbol<Size>, Symbol<Get>) = match target {
                Target::Ptx(_) => (self.sym(b"nvrtcGetPTXSize\0")?, self.sym(b"nvrtcGetPTX\0")?),
                Target::Cubin(_) => (
                    self.sym(b"nvrtcGetCUBINSize\0")?,
                    self.sym(b"nvrtcGetCUBIN\0")?,
                ),
            };
            let mut prog: Prog = std::ptr::null_mut();
            let rc = create(
                &mut prog,
                src.as_ptr(),
                cname.as_ptr(),
                0,
                std::ptr::null(),
                std::ptr::null(),
            );
            if rc != 0 {
                return Err(format!("nvrtcCreateProgram: {}", self.error_string(rc)));
            }
            let rc = compile(prog, opt_ptrs.len() as c_int, opt_ptrs.as_ptr());
            let mut n = 0usize;
            log_size(prog, &mut n);
            let mut log = vec![0u8; n.max(1)];
            get_log(prog, log.as_mut_ptr() as *mut c_char);
            let log = String::from_utf8_lossy(&log)
                .trim_end_matches('\0')
                .trim()
                .to_string();
            if rc != 0 {
                destroy(&mut prog);
                return Err(format!(
                    "{name} ({}): {}\n{log}",
                    target.arch(),
                    self.error_string(rc)
                ));
            }
            let mut n = 0usize;
            img_size(prog, &mut n);
            let mut image = vec![0u8; n];
            get_img(prog, image.as_mut_ptr() as *mut c_char);
            destroy(&mut prog);
            if let Target::Ptx(_) = target {
                // PTX comes NUL-terminated.
                while image.last() == Some(&0) {
                    image.pop();
                }
            }
            Ok(Compiled { image, log })
        }
    }
}
