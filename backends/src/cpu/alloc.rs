//! Output buffers. Large ones ask Linux for transparent huge pages, as NumPy does for arrays of
//! 4 MiB and more (`madvise(MADV_HUGEPAGE)` in its allocator): a fresh 40 MB result otherwise
//! takes ~10,000 first-touch page faults, which cost more than the arithmetic.

/// Bytes from which an output buffer is advised to use huge pages (NumPy's threshold).
pub const HUGEPAGE_THRESHOLD: usize = 1 << 22;

/// An empty vector with capacity for `n` elements (uninitialised, not zero-filled).
pub fn with_capacity<T>(n: usize) -> Vec<T> {
    let v: Vec<T> = Vec::with_capacity(n);
    #[cfg(target_os = "linux")]
    {
        let bytes = n * std::mem::size_of::<T>();
        if bytes >= HUGEPAGE_THRESHOLD {
            let page = 4096usize;
            let p = v.as_ptr() as usize;
            let (start, end) = ((p + page - 1) & !(page - 1), (p + bytes) & !(page - 1));
            if end > start {
                // SAFETY: the range lies inside this vector's own allocation; madvise only sets
                // a paging hint on it and its failure (e.g. THP disabled) is harmless.
                unsafe {
                    libc::madvise(start as *mut libc::c_void, end - start, libc::MADV_HUGEPAGE);
                }
            }
        }
    }
    v
}
