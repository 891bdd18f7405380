//! The OpInfo matrix: `cargo test -p harness --test opinfo -- [FILTER]`.
//! Writes the JSON divergence report to `target/opinfo/report.json` (`OPINFO_REPORT` overrides).

fn main() {
    let args = libtest_mimic::Arguments::from_args();
    std::process::exit(harness::matrix::main_with(args));
}
