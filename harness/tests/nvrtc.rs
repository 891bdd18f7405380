//! The CUDA kernels compile, without a GPU: every kernel instantiation (each ufunc loop's
//! `_contig` and `_strided` kernels, every cast pair, every reduction) is compiled by NVRTC to PTX
//! (compute_80) and to cubin for sm_80 and sm_90. Any error or warning fails.
//!
//! NVRTC comes from the project venv's CUDA wheels, so the check first finds or creates the
//! venv (as the oracle does). It never passes without compiling: when NVRTC still cannot be
//! loaded the trial is listed as ignored with the reason (and fails instead when
//! `OPINFO_REQUIRE_NVRTC` is set, as CI does). Run alone with `cargo test -- nvrtc`.

use backends::cuda::nvrtc::{Nvrtc, Target};
use backends::cuda::source::{all_modules, entry_names, module_source};
use libtest_mimic::{Arguments, Failed, Trial};
use std::time::Instant;

const TARGETS: [Target; 3] = [Target::Ptx(80), Target::Cubin(80), Target::Cubin(90)];

const NAME: &str = "nvrtc_compiles_every_kernel_instantiation";

fn main() {
    let args = Arguments::from_args();
    let nvrtc = reference::ensure_venv()
        .map_err(|e| format!("no project venv to load NVRTC from: {e}"))
        .and_then(|_| Nvrtc::get());
    let trial = match nvrtc {
        Ok(n) => Trial::test(NAME, move || compile_everything(n)),
        Err(why) if std::env::var_os("OPINFO_REQUIRE_NVRTC").is_some() => {
            Trial::test(NAME, move || {
                Err(format!("OPINFO_REQUIRE_NVRTC is set but NVRTC cannot be loaded: {why}").into())
            })
        }
        Err(why) => {
            eprintln!("{NAME}: ignored: NVRTC cannot be loaded: {why}");
            Trial::test(NAME, move || {
                Err(format!("NVRTC cannot be loaded: {why}").into())
            })
            .with_ignored_flag(true)
        }
    };
    libtest_mimic::run(&args, vec![trial]).exit();
}

fn compile_everything(nvrtc: &'static Nvrtc) -> Result<(), Failed> {
    let t0 = Instant::now();
    let jobs: Vec<_> = all_modules()
        .flat_map(|m| TARGETS.iter().map(move |&t| (m, t)))
        .collect();
    // Compiles are independent programs; NVRTC is thread-safe across programs.
    let results: Vec<_> = std::thread::scope(|s| {
        let handles: Vec<_> = jobs
            .iter()
            .map(|&(m, t)| {
                s.spawn(move || {
                    let (src, _) = module_source(m, backends::ops::loops_of);
                    let names = entry_names(m, backends::ops::loops_of);
                    (m.name, t, names, nvrtc.compile(m.name, &src, t))
                })
            })
            .collect();
        handles
            .into_iter()
            .map(|h| h.join().expect("compile thread"))
            .collect()
    });
    let mut failures = Vec::new();
    let mut kernels = 0usize;
    for (module, target, names, result) in &results {
        match result {
            Err(log) => failures.push(format!("{module} {}: {log}", target.arch())),
            Ok(c) if !c.log.is_empty() => {
                failures.push(format!("{module} {}: warnings:\n{}", target.arch(), c.log))
            }
            Ok(c) => {
                if let Target::Ptx(_) = target {
                    let ptx = String::from_utf8_lossy(&c.image);
                    for n in names {
                        let entry = format!(".entry {n}(");
                        if ptx.contains(&entry) {
                            kernels += 1;
                        } else {
                            failures.push(format!("{module}: no kernel {n} in the PTX"));
                        }
                    }
                } else if c.image.len() < 4 || &c.image[..4] != b"\x7fELF" {
                    failures.push(format!(
                        "{module} {}: cubin is not an ELF image",
                        target.arch()
                    ));
                }
            }
        }
    }
    eprintln!(
        "nvrtc: NVRTC {}.{} ({}), {} modules x {} targets, {kernels} kernel instantiations, {:.1} s",
        nvrtc.version.0,
        nvrtc.version.1,
        nvrtc.library.display(),
        all_modules().count(),
        TARGETS.len(),
        t0.elapsed().as_secs_f64()
    );
    if !failures.is_empty() {
        return Err(failures.join("\n\n").into());
    }
    // Every ufunc loop of the engine has its pair, plus 15 x 15 casts (and clip's constant-bounds
    // variants), plus one reduction kernel per (op, accepted dtype): the count is derived from
    // the loop tables and the reducing ops, not written down.
    let loops: usize = backends::ufuncs().iter().map(|u| u.loops.len()).sum();
    let clip = backends::ufunc("clip").map(|u| u.loops.len()).unwrap_or(0);
    let reductions = backends::cuda::reduce::instantiations().len();
    let want = 2 * (loops + clip + 15 * 15) + reductions;
    if kernels != want {
        return Err(format!("{kernels} kernel instantiations in the PTX, expected {want}").into());
    }
    Ok(())
}
