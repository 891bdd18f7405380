//! The OpInfo matrix as a standalone program: the same trials, arguments and report as
//! `cargo test -p harness --test opinfo -- [FILTER]`, for places without cargo (the GPU
//! bundle) and for tests that run the matrix as a child process.

fn main() {
    let args = libtest_mimic::Arguments::from_args();
    std::process::exit(harness::matrix::main_with(args));
}
