//! Floating-point error state as NumPy reports it: the four IEEE status flags an op raised
//! (divide by zero, overflow, underflow, invalid), and a per-thread policy deciding what each
//! does — ignore it, record a warning (NumPy's RuntimeWarning), or fail the call
//! ([`crate::Error::FloatingPoint`], NumPy's FloatingPointError) — as `np.errstate` and
//! `np.seterr` set it. The default is NumPy's: warn, except underflow, ignored.
//!
//! CPU kernels raise the flags in hardware (glibc's libm and the FPU do, as they do for
//! NumPy); the elementwise driver clears them before a chunk and collects them after, on every
//! worker thread, raising their union on the calling thread. Integer loops and software casts
//! raise them by hand where NumPy's do (`x // 0` sets divide, `INT_MIN // -1` overflow, a NaN
//! cast to an integer invalid). CUDA kernels, on hardware without IEEE status flags, derive
//! each element's flags in software (`cuda/kernels/common.cuh`); the launch raises their union
//! here on the calling thread ([`raise`]), so one policy serves both devices.

use std::cell::{Cell, RefCell};
use std::sync::atomic::{AtomicU8, Ordering};

/// A set of IEEE status flags.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash)]
pub struct FpFlags(u8);

impl FpFlags {
    /// No flag.
    pub const NONE: FpFlags = FpFlags(0);
    /// Division by zero (`log(0)`, `1 / 0`).
    pub const DIVIDE: FpFlags = FpFlags(1);
    /// A finite result too large for the format.
    pub const OVERFLOW: FpFlags = FpFlags(2);
    /// A result too small to be normal, and inexact.
    pub const UNDERFLOW: FpFlags = FpFlags(4);
    /// An invalid operation (`0 / 0`, `sqrt(-1)`, `inf - inf`, a NaN cast to an integer).
    pub const INVALID: FpFlags = FpFlags(8);
    /// The categories in NumPy's order (`np.geterr()`'s keys), with NumPy's names.
    pub const ALL: [(FpFlags, &'static str); 4] = [
        (FpFlags::DIVIDE, "divide"),
        (FpFlags::OVERFLOW, "over"),
        (FpFlags::UNDERFLOW, "under"),
        (FpFlags::INVALID, "invalid"),
    ];

    /// The flags of NumPy's status bits (`UFUNC_FPE_DIVIDEBYZERO` 1, `OVERFLOW` 2,
    /// `UNDERFLOW` 4, `INVALID` 8; other bits are ignored), as the CUDA kernels report them.
    pub const fn from_bits(bits: u8) -> FpFlags {
        FpFlags(bits & 0xf)
    }

    /// NumPy's status bits of these flags.
    pub const fn bits(self) -> u8 {
        self.0
    }

    /// The flags set here and in `other`.
    pub fn intersection(self, other: FpFlags) -> FpFlags {
        FpFlags(self.0 & other.0)
    }

    /// Whether every flag of `other` is set here.
    pub fn contains(self, other: FpFlags) -> bool {
        self.0 & other.0 == other.0
    }

    /// Whether no flag is set.
    pub fn is_empty(self) -> bool {
        self.0 == 0
    }

    /// The union.
    pub fn union(self, other: FpFlags) -> FpFlags {
        FpFlags(self.0 | other.0)
    }

    /// NumPy's names of the set flags (`["divide", "invalid"]`).
    pub fn names(self) -> Vec<&'static str> {
        FpFlags::ALL
            .iter()
            .filter(|(f, _)| self.contains(*f))
            .map(|(_, n)| *n)
            .collect()
    }
}

/// What an op's floating-point flag does (`np.errstate(divide=...)`).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Action {
    /// Nothing.
    Ignore,
    /// A RuntimeWarning is recorded ([`take_warnings`]).
    Warn,
    /// The call fails with [`crate::Error::FloatingPoint`].
    Raise,
}

/// The policy for each category (`np.geterr()`).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct ErrState {
    /// Division by zero.
    pub divide: Action,
    /// Overflow.
    pub over: Action,
    /// Underflow.
    pub under: Action,
    /// Invalid operation.
    pub invalid: Action,
}

impl ErrState {
    /// NumPy's default: warn, except underflow.
    pub const DEFAULT: ErrState = ErrState {
        divide: Action::Warn,
        over: Action::Warn,
        under: Action::Ignore,
        invalid: Action::Warn,
    };

    /// Every category set to `a` (`np.errstate(all=a)`).
    pub fn all(a: Action) -> ErrState {
        ErrState {
            divide: a,
            over: a,
            under: a,
            invalid: a,
        }
    }

    fn action(&self, f: FpFlags) -> Action {
        match f {
            FpFlags::DIVIDE => self.divide,
            FpFlags::OVERFLOW => self.over,
            FpFlags::UNDERFLOW => self.under,
            _ => self.invalid,
        }
    }
}

/// A recorded RuntimeWarning: the category and NumPy's message
/// (`divide by zero encountered in log`).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Warning {
    /// The flag.
    pub flag: FpFlags,
    /// The message as NumPy words it.
    pub message: String,
}

thread_local! {
    /// Whether a call counting flags ([`call`]) is under way on this thread.
    static IN_CALL: Cell<bool> = const { Cell::new(false) };
    static STATE: Cell<ErrState> = const { Cell::new(ErrState::DEFAULT) };
    static WARNINGS: RefCell<Vec<Warning>> = const { RefCell::new(Vec::new()) };
}

/// The calling thread's policy (`np.geterr()`).
pub fn geterr() -> ErrState {
    STATE.with(|s| s.get())
}

/// Sets the calling thread's policy and returns the previous one (`np.seterr`).
pub fn seterr(new: ErrState) -> ErrState {
    STATE.with(|s| s.replace(new))
}

/// Runs `f` under `state`, restoring the previous policy afterwards, also when `f` panics
/// (`with np.errstate(...)`).
pub fn errstate<R>(state: ErrState, f: impl FnOnce() -> R) -> R {
    struct Restore(ErrState);
    impl Drop for Restore {
        fn drop(&mut self) {
            seterr(self.0);
        }
    }
    let _restore = Restore(seterr(state));
    f()
}

/// Takes the warnings recorded on this thread since the last call.
pub fn take_warnings() -> Vec<Warning> {
    WARNINGS.with(|w| std::mem::take(&mut *w.borrow_mut()))
}

/// Raises `f` in this thread's floating-point status, as NumPy's `npy_set_floatstatus_*` do
/// (integer loops and software casts, which no hardware flag reports): on a worker thread too,
/// since the elementwise driver collects every chunk's status.
pub fn raise(f: FpFlags) {
    hw::raise(f);
}

mod hw {
    //! The hardware status flags through C99's <fenv.h> (glibc's libm, which std links).
    use super::FpFlags;
    use std::os::raw::c_int;

    extern "C" {
        fn feclearexcept(excepts: c_int) -> c_int;
        fn fetestexcept(excepts: c_int) -> c_int;
        fn feraiseexcept(excepts: c_int) -> c_int;
    }

    #[cfg(any(target_arch = "x86_64", target_arch = "x86"))]
    const BITS: [(c_int, FpFlags); 4] = [
        (0x04, FpFlags::DIVIDE),
        (0x08, FpFlags::OVERFLOW),
        (0x10, FpFlags::UNDERFLOW),
        (0x01, FpFlags::INVALID),
    ];
    #[cfg(not(any(target_arch = "x86_64", target_arch = "x86")))]
    const BITS: [(c_int, FpFlags); 4] = [
        (0x02, FpFlags::DIVIDE),
        (0x04, FpFlags::OVERFLOW),
        (0x08, FpFlags::UNDERFLOW),
        (0x01, FpFlags::INVALID),
    ];

    fn mask() -> c_int {
        BITS.iter().map(|(b, _)| b).fold(0, |a, b| a | b)
    }

    /// Clears the four flags on this thread.
    pub fn clear() {
        // SAFETY: feclearexcept only writes this thread's floating-point status register.
        unsafe { feclearexcept(mask()) };
    }

    /// Clears the flags of `f` on this thread.
    pub fn clear_some(f: FpFlags) {
        let bits = BITS
            .iter()
            .filter(|(_, x)| f.contains(*x))
            .fold(0, |a, (b, _)| a | b);
        // SAFETY: as in `clear`.
        unsafe { feclearexcept(bits) };
    }

    /// Sets `f` on this thread (traps are off, as Rust leaves them: nothing is delivered).
    pub fn raise(f: FpFlags) {
        let bits = BITS
            .iter()
            .filter(|(_, x)| f.contains(*x))
            .fold(0, |a, (b, _)| a | b);
        // SAFETY: feraiseexcept only sets flags in this thread's floating-point status
        // register; with exceptions masked (Rust's default) no signal is raised.
        unsafe { feraiseexcept(bits) };
    }

    /// The four flags set on this thread.
    pub fn test() -> FpFlags {
        // SAFETY: fetestexcept only reads this thread's floating-point status register.
        let set = unsafe { fetestexcept(mask()) };
        BITS.iter()
            .filter(|(b, _)| set & b != 0)
            .fold(FpFlags::NONE, |a, (_, f)| a.union(*f))
    }
}

/// Runs `f` on the current thread with clean flags and returns the flags it raised, leaving
/// the thread's status as it was before (for the pieces of a parallel kernel, which may run on
/// the calling thread itself when it is a rayon worker).
pub fn collect(f: impl FnOnce()) -> FpFlags {
    isolated(f).1
}

/// [`collect`] for a piece that returns a value.
pub fn isolated<R>(f: impl FnOnce() -> R) -> (R, FpFlags) {
    let before = hw::test();
    hw::clear();
    let r = f();
    let raised = hw::test();
    hw::clear();
    hw::raise(before);
    (r, raised)
}

/// `rayon::join` of two pieces of a kernel, with the flags either raised (on whichever thread
/// ran it) raised on the calling thread.
pub fn join<A: Send, B: Send>(
    a: impl FnOnce() -> A + Send,
    b: impl FnOnce() -> B + Send,
) -> (A, B) {
    let ((ra, fa), (rb, fb)) = rayon::join(|| isolated(a), || isolated(b));
    raise(fa.union(fb));
    (ra, rb)
}

/// Runs a comparison kernel (maximum, minimum, argmax, ...) as NumPy's quiet comparisons run:
/// the invalid a NaN operand raises in a vectorised Rust comparison (LLVM picks signalling
/// predicates) is dropped; every other flag stays.
pub fn quiet<R>(f: impl FnOnce() -> R) -> R {
    let (r, raised) = isolated(f);
    raise(FpFlags(raised.0 & !FpFlags::INVALID.0));
    r
}

/// Flags collected from worker threads, merged into the calling thread's call.
#[derive(Default)]
pub struct Shared(AtomicU8);

impl Shared {
    /// Adds `f`.
    pub fn add(&self, f: FpFlags) {
        self.0.fetch_or(f.0, Ordering::Relaxed);
    }
    /// Everything added.
    pub fn get(&self) -> FpFlags {
        FpFlags(self.0.load(Ordering::Relaxed))
    }
}

/// Clears `f` on this thread (a loop NumPy runs without raising it).
pub fn clear(f: FpFlags) {
    hw::clear_some(f);
}

/// Runs `f` as one call of `op` that reports its own flags, as every NumPy ufunc call does
/// (`np.add.reduce`, and each ufunc step of `np.mean`): the flags raised on this thread while
/// it runs (the workers' are raised here by the parallel drivers) go through the policy —
/// warnings recorded, or the [`crate::Error::FloatingPoint`] of the first category set to
/// raise (NumPy's order) — after `f` has written its result, as NumPy raises after its loop.
/// Nested in another call, its flags are its own, and the enclosing call's are kept for it.
/// A call that fails otherwise reports nothing.
pub fn call<R>(op: &'static str, f: impl FnOnce() -> crate::Result<R>) -> crate::Result<R> {
    struct Restore(bool);
    impl Drop for Restore {
        fn drop(&mut self) {
            IN_CALL.with(|c| c.set(self.0));
        }
    }
    let (r, flags) = isolated(|| {
        let _restore = Restore(IN_CALL.with(|c| c.replace(true)));
        f()
    });
    let r = r?;
    report(op, flags).map(|()| r)
}

/// Runs `f` as a call of `op` that reports its own flags (`x.astype(...)`, whose casts NumPy
/// checks as "invalid value encountered in cast"), unless it runs inside another call, whose
/// flags it then adds to (a ufunc's input casts are the ufunc's).
pub fn scoped<R>(op: &'static str, f: impl FnOnce() -> crate::Result<R>) -> crate::Result<R> {
    if IN_CALL.with(|c| c.get()) {
        return f();
    }
    call(op, f)
}

/// Puts the flags of the call of `op` through the policy.
fn report(op: &'static str, flags: FpFlags) -> crate::Result<()> {
    let state = geterr();
    for (f, _) in FpFlags::ALL {
        if !flags.contains(f) {
            continue;
        }
        let message = format!("{} encountered in {op}", describe(f));
        match state.action(f) {
            Action::Ignore => {}
            Action::Warn => WARNINGS.with(|w| w.borrow_mut().push(Warning { flag: f, message })),
            Action::Raise => {
                return Err(crate::Error::FloatingPoint {
                    op,
                    flags: f,
                    msg: message,
                })
            }
        }
    }
    Ok(())
}

/// NumPy's words for a flag (`_core/_ufunc_config.py`).
fn describe(f: FpFlags) -> &'static str {
    match f {
        FpFlags::DIVIDE => "divide by zero",
        FpFlags::OVERFLOW => "overflow",
        FpFlags::UNDERFLOW => "underflow",
        _ => "invalid value",
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A call body that raises `f`.
    fn raised(f: FpFlags) -> crate::Result<()> {
        raise(f);
        Ok(())
    }

    #[test]
    fn hardware_flags_are_seen_and_cleared() {
        let f = collect(|| {
            std::hint::black_box(std::hint::black_box(1.0f64) / std::hint::black_box(0.0));
        });
        assert_eq!(f, FpFlags::DIVIDE);
        let f = collect(|| {
            std::hint::black_box(std::hint::black_box(-1.0f64).sqrt());
        });
        assert_eq!(f, FpFlags::INVALID);
        assert!(collect(|| {}).is_empty());
    }

    #[test]
    fn policy_warns_raises_and_restores() {
        take_warnings();
        assert!(call("log", || raised(FpFlags::DIVIDE)).is_ok());
        let w = take_warnings();
        assert_eq!(w.len(), 1);
        assert_eq!(w[0].message, "divide by zero encountered in log");
        let r = errstate(ErrState::all(Action::Raise), || {
            call("sqrt", || raised(FpFlags::INVALID))
        });
        assert!(matches!(r, Err(crate::Error::FloatingPoint { .. })));
        assert_eq!(geterr(), ErrState::DEFAULT);
        assert!(call("exp", || raised(FpFlags::UNDERFLOW)).is_ok());
        assert!(
            take_warnings().is_empty(),
            "underflow is ignored by default"
        );
    }

    #[test]
    fn nested_calls_report_their_own_flags() {
        take_warnings();
        let r = call("reduce", || {
            raise(FpFlags::OVERFLOW);
            call("divide", || raised(FpFlags::INVALID))?;
            // The inner call's flags are not the outer one's, and the outer one's survive it.
            assert_eq!(hw::test(), FpFlags::OVERFLOW);
            Ok(())
        });
        assert!(r.is_ok());
        let w: Vec<String> = take_warnings().into_iter().map(|w| w.message).collect();
        assert_eq!(
            w,
            [
                "invalid value encountered in divide",
                "overflow encountered in reduce"
            ]
        );
        // A failed call reports nothing and leaves no call open: a later cast reports its own.
        let failed: crate::Result<()> = call("add", || {
            raise(FpFlags::DIVIDE);
            Err(crate::Error::Value {
                op: "add",
                msg: String::new(),
            })
        });
        assert!(failed.is_err());
        assert!(scoped("cast", || raised(FpFlags::INVALID)).is_ok());
        let w = take_warnings();
        assert_eq!(w.len(), 1);
        assert_eq!(w[0].message, "invalid value encountered in cast");
    }
}
