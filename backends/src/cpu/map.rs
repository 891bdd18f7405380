//! n-ary elementwise loops into a fresh C-contiguous output.
//!
//! Parallelism: above [`PAR_THRESHOLD`] elements the output is cut into fixed [`PAR_CHUNK`]-sized
//! pieces processed by rayon. Each output element is computed by the same scalar function from
//! the same inputs whatever the split, so results are bit-identical for any thread count.

use super::walk::Plan;
use crate::element::Element;
use crate::error::Result;
use crate::layout::Layout;
use rayon::prelude::*;
use std::mem::MaybeUninit;

/// Below this many elements, loops run on the calling thread.
pub const PAR_THRESHOLD: usize = 1 << 16;
/// Size of the pieces handed to rayon.
pub const PAR_CHUNK: usize = 1 << 15;

/// Allocates the output of `shape` and runs `body(out_chunk, start)` over it, in parallel above
/// the threshold. The output is not zero-filled first: that would be a second full pass over
/// memory for large arrays. A size NumPy refuses, or a failed allocation, is an error.
fn drive<O: Element>(
    shape: &[usize],
    body: impl Fn(&mut [MaybeUninit<O>], usize) + Sync,
) -> Result<Vec<O>> {
    let mut out: Vec<O> = super::alloc::try_with_capacity("allocate", shape)?;
    // The shape's size was checked by the allocation, so the product cannot overflow.
    let n: usize = shape.iter().product();
    let spare = &mut out.spare_capacity_mut()[..n];
    if n < PAR_THRESHOLD {
        body(spare, 0);
    } else {
        // Each worker's floating-point flags are its own: collect them per chunk for the
        // calling thread's errstate (crate::fpe).
        let flags = crate::fpe::Shared::default();
        spare
            .par_chunks_mut(PAR_CHUNK)
            .enumerate()
            .for_each(|(i, c)| flags.add(crate::fpe::collect(|| body(c, i * PAR_CHUNK))));
        crate::fpe::raise(flags.get());
    }
    // SAFETY: every body below walks the runs covering `start..start + chunk.len()` of its chunk,
    // and the runs of a plan partition that range, so each of the `n` elements was written.
    // Elements are `Copy`, so an early panic (len still 0) leaks nothing.
    unsafe { out.set_len(n) };
    Ok(out)
}

/// The elements of a strided view in C order.
pub fn gather<T: Element>(data: &[T], layout: &Layout) -> Result<Vec<T>> {
    map1(data, layout, |x| x)
}

/// `out[i] = f(a[i])` over `a`'s layout.
pub fn map1<A: Element, O: Element>(
    a: &[A],
    la: &Layout,
    f: impl Fn(A) -> O + Sync,
) -> Result<Vec<O>> {
    let plan = Plan::new(la.shape(), [la.strides()], [la.offset()]);
    let [sa] = plan.inner_strides();
    drive(la.shape(), |chunk, start| {
        plan.for_each_run(start, start + chunk.len(), |pos, len, [oa]| {
            let o = &mut chunk[pos - start..pos - start + len];
            if sa == 1 {
                let a = &a[oa as usize..oa as usize + len];
                o.iter_mut().zip(a).for_each(|(o, &x)| {
                    o.write(f(x));
                });
            } else {
                for (i, o) in o.iter_mut().enumerate() {
                    o.write(f(a[(oa + i as isize * sa) as usize]));
                }
            }
        })
    })
}

/// `out[i] = f(a[i], b[i])`; both layouts already broadcast to the output shape.
pub fn map2<A: Element, B: Element, O: Element>(
    a: &[A],
    la: &Layout,
    b: &[B],
    lb: &Layout,
    f: impl Fn(A, B) -> O + Sync,
) -> Result<Vec<O>> {
    debug_assert_eq!(la.shape(), lb.shape());
    let plan = Plan::new(
        la.shape(),
        [la.strides(), lb.strides()],
        [la.offset(), lb.offset()],
    );
    let [sa, sb] = plan.inner_strides();
    drive(la.shape(), |chunk, start| {
        plan.for_each_run(start, start + chunk.len(), |pos, len, [oa, ob]| {
            let o = &mut chunk[pos - start..pos - start + len];
            let (oa, ob) = (oa as usize, ob as usize);
            // The common cases get loops the compiler can vectorise.
            match (sa, sb) {
                (1, 1) => {
                    let (a, b) = (&a[oa..oa + len], &b[ob..ob + len]);
                    o.iter_mut().zip(a.iter().zip(b)).for_each(|(o, (&x, &y))| {
                        o.write(f(x, y));
                    });
                }
                (1, 0) => {
                    let (a, y) = (&a[oa..oa + len], b[ob]);
                    o.iter_mut().zip(a).for_each(|(o, &x)| {
                        o.write(f(x, y));
                    });
                }
                (0, 1) => {
                    let (x, b) = (a[oa], &b[ob..ob + len]);
                    o.iter_mut().zip(b).for_each(|(o, &y)| {
                        o.write(f(x, y));
                    });
                }
                _ => {
                    for (i, o) in o.iter_mut().enumerate() {
                        let i = i as isize;
                        o.write(f(
                            a[(oa as isize + i * sa) as usize],
                            b[(ob as isize + i * sb) as usize],
                        ));
                    }
                }
            }
        })
    })
}

/// `out[i] = f(a[i], b[i], c[i])`; all layouts already broadcast to the output shape.
pub fn map3<A: Element, B: Element, C: Element, O: Element>(
    a: (&[A], &Layout),
    b: (&[B], &Layout),
    c: (&[C], &Layout),
    f: impl Fn(A, B, C) -> O + Sync,
) -> Result<Vec<O>> {
    let plan = Plan::new(
        a.1.shape(),
        [a.1.strides(), b.1.strides(), c.1.strides()],
        [a.1.offset(), b.1.offset(), c.1.offset()],
    );
    let [sa, sb, sc] = plan.inner_strides();
    drive(a.1.shape(), |chunk, start| {
        plan.for_each_run(start, start + chunk.len(), |pos, len, [oa, ob, oc]| {
            for (i, o) in chunk[pos - start..pos - start + len].iter_mut().enumerate() {
                let i = i as isize;
                o.write(f(
                    a.0[(oa + i * sa) as usize],
                    b.0[(ob + i * sb) as usize],
                    c.0[(oc + i * sc) as usize],
                ));
            }
        })
    })
}

/// Writes contiguous `src` (C order) into the strided view `ld` of `dst`, converting elements.
/// The caller guarantees `ld` has no overlapping elements.
pub fn scatter_cast<S: Element, D: Element>(src: &[S], dst: &mut [D], ld: &Layout) {
    let plan = Plan::new(ld.shape(), [ld.strides()], [ld.offset()]);
    let [sd] = plan.inner_strides();
    plan.for_each_run(0, src.len(), |pos, len, [od]| {
        for i in 0..len {
            dst[(od + i as isize * sd) as usize] = cast_one::<S, D>(src[pos + i]);
        }
    });
}

/// Converts one element with C-cast (`casting='unsafe'`) semantics.
#[inline]
pub fn cast_one<S: Element, D: Element>(v: S) -> D {
    D::from_hub(v.to_hub())
}
