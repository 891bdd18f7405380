//! Repro bundles: the operands NumPy received, saved so that `repro.py` makes the same call;
//! a broadcast view is saved as the elements it repeats, never materialised (an error input
//! broadcast to 2**44 elements would otherwise be 128 TiB on disk).

use backends::{Arg, Tensor};
use opinfo::Sample;
use std::path::PathBuf;

fn add() -> opinfo::OpInfo {
    opinfo::registry()
        .into_iter()
        .find(|o| o.name == "add")
        .expect("add is in the registry")
}

fn tmp(name: &str) -> PathBuf {
    let d = std::env::temp_dir().join(format!("opinfo-bundle-{name}-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&d);
    d
}

#[test]
fn a_bundle_reproduces_numpys_side() {
    let a = Tensor::from_vec(vec![1.5f64, -2.0, 4.0], &[3]).unwrap();
    let s = Sample::new("sample", "three", vec![Arg::from(&a), 0.25.into()]);
    let dir = tmp("small");
    harness::repro::write_bundle(&add(), &s, "reference::add::cpu::float64", &dir).unwrap();
    let script = std::fs::read_to_string(dir.join("repro.py")).unwrap();
    assert!(script.contains("fn = numpy.add"), "{script}");
    let venv = reference::ensure_venv().unwrap();
    let out = std::process::Command::new(venv.join("bin/python"))
        .arg(dir.join("repro.py"))
        .output()
        .unwrap();
    assert!(out.status.success(), "{out:?}");
    assert_eq!(
        String::from_utf8_lossy(&out.stdout).trim(),
        "array([ 1.75, -1.75,  4.25])"
    );
}

#[test]
fn a_broadcast_operand_is_saved_as_the_elements_it_repeats() {
    let one = Tensor::from_vec(vec![1.0f64], &[1]).unwrap();
    let huge = one.broadcast_to(&[1 << 44]).unwrap();
    let s = Sample::new("error", "huge", vec![Arg::from(&huge), Arg::from(&one)]);
    let dir = tmp("huge");
    harness::repro::write_bundle(&add(), &s, "errors::add::cpu::float64", &dir).unwrap();
    let size = std::fs::metadata(dir.join("x0.npy")).unwrap().len();
    assert!(size < 1024, "x0.npy is {size} bytes");
    let script = std::fs::read_to_string(dir.join("repro.py")).unwrap();
    assert!(script.contains("x0 = np.broadcast_to(np.load("), "{script}");
    assert!(script.contains("(17592186044416,)"), "{script}");
}
