//! Output buffers. Large ones ask Linux for transparent huge pages, as NumPy does for arrays of
//! 4 MiB and more (`madvise(MADV_HUGEPAGE)` in its allocator): a fresh 40 MB result otherwise
//! takes ~10,000 first-touch page faults, which cost more than the arithmetic.
//!
//! Every allocation sized by a shape goes through here fallibly: a size NumPy refuses is a
//! `ValueError`, a failed allocation a `MemoryError`, never an abort.

use crate::dtype::DType;
use crate::element::Element;
#[cfg(doc)]
use crate::error::Error;
use crate::error::Result;

/// Bytes from which an output buffer is advised to use huge pages (NumPy's threshold).
pub const HUGEPAGE_THRESHOLD: usize = 1 << 22;

/// An empty vector with capacity for the elements of `shape` (uninitialised, not zero-filled),
/// or NumPy's errors: [`Error::TooBig`] for a size beyond `isize::MAX` bytes, [`Error::Memory`]
/// when the allocation fails. Never aborts the process.
pub fn try_with_capacity<T: Element>(op: &'static str, shape: &[usize]) -> Result<Vec<T>> {
    let n = crate::size::check_nbytes(op, shape, std::mem::size_of::<T>())?;
    let mut v: Vec<T> = Vec::new();
    v.try_reserve_exact(n)
        .map_err(|_| crate::size::memory_error(op, shape, T::DTYPE))?;
    advise_hugepages(v.as_ptr(), n);
    Ok(v)
}

/// A vector of `n` copies of `value` for an output of `shape`, with the errors of
/// [`try_with_capacity`].
pub fn try_filled<T: Clone>(op: &'static str, value: T, n: usize, dtype: DType) -> Result<Vec<T>> {
    let shape = [n];
    crate::size::check_nbytes(op, &shape, std::mem::size_of::<T>())?;
    let mut v: Vec<T> = Vec::new();
    v.try_reserve_exact(n)
        .map_err(|_| crate::size::memory_error(op, &shape, dtype))?;
    v.resize(n, value);
    Ok(v)
}

/// Asks for transparent huge pages over the first `n` elements' worth of `v`'s allocation.
fn advise_hugepages<T>(p: *const T, n: usize) {
    #[cfg(target_os = "linux")]
    {
        let bytes = n * std::mem::size_of::<T>();
        if bytes >= HUGEPAGE_THRESHOLD {
            let page = 4096usize;
            let p = p as usize;
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
}
