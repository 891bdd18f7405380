#[test]
fn cuda_kernel_sources_match_cpu_on_host() {}
