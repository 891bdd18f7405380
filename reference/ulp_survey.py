"""NumPy's own complex errors: complex64 measured against NumPy's complex128 result (accurate
to ~1e-16, far below a complex64 ULP), complex128 against mpmath at 200 bits: the NumPy side of
opinfo/src/ulp.rs's complex bounds.

Per function, the largest component error in ULP of the complex64 magnitude of the exact value,
over random inputs at scales 1, 10 and 100 and points near the unit circle; for the functions
compared per part (log, log2, log10) also in ULP of each part. Run:
    .venv/bin/python reference/ulp_survey.py
"""
import mpmath
import numpy as np

FUNCS = ("sin cos tan sinh cosh tanh arcsin arccos arctan arcsinh arccosh arctanh "
         "exp exp2 expm1 log log2 log10 log1p sqrt sinc power float_power").split()


def ulps(got, ref, per_part):
    ok = np.isfinite(ref) & np.isfinite(got)
    got, ref = got[ok].astype(np.complex128), ref[ok]
    worst = 0.0
    for g, r in ((got.real, ref.real), (got.imag, ref.imag)):
        scale = np.abs(r) if per_part else np.abs(ref)
        sp = np.spacing(scale.astype(np.float32)).astype(np.float64)
        sp = np.maximum(sp, np.float64(np.finfo(np.float32).smallest_subnormal))
        worst = max(worst, float(np.max(np.abs(g - r) / sp, initial=0.0)))
    return worst


def inputs(rng, n=200_000):
    for scale in (1.0, 10.0, 100.0):
        yield rng.standard_normal(n) * scale + 1j * rng.standard_normal(n) * scale
    t = rng.uniform(-np.pi, np.pi, n)
    yield (1 + rng.standard_normal(n) * 1e-3) * np.exp(1j * t)


def ulps128(got, ref, per_part):
    ok = np.isfinite(ref) & np.isfinite(got)
    got, ref = got[ok], ref[ok]
    worst = 0.0
    for g, r in ((got.real, ref.real), (got.imag, ref.imag)):
        sp = np.spacing(np.abs(r) if per_part else np.abs(ref))
        sp = np.maximum(sp, 5e-324)
        worst = max(worst, float(np.max(np.abs(g - r) / sp, initial=0.0)))
    return worst


MPMATH = {
    "sin": mpmath.sin, "cos": mpmath.cos, "tan": mpmath.tan, "sinh": mpmath.sinh,
    "cosh": mpmath.cosh, "tanh": mpmath.tanh, "arcsin": mpmath.asin, "arccos": mpmath.acos,
    "arctan": mpmath.atan, "arcsinh": mpmath.asinh, "arccosh": mpmath.acosh,
    "arctanh": mpmath.atanh, "exp": mpmath.exp, "log": mpmath.log, "sqrt": mpmath.sqrt,
    "log2": lambda z: mpmath.log(z, 2), "log10": mpmath.log10,
    "log1p": lambda z: mpmath.log(1 + z), "expm1": mpmath.expm1,
    "exp2": lambda z: mpmath.power(2, z),
}


def main():
    global zs_small
    mpmath.mp.prec = 200
    rng = np.random.default_rng(20261201)
    zs = [z.astype(np.complex64) for z in inputs(rng)]
    # complex128: fewer points (mpmath is slow), same shapes of input.
    zs_small = np.concatenate([z[:1500] for z in inputs(np.random.default_rng(7), 1500)])
    for name in FUNCS:
        f = getattr(np, name)
        mag = part = 0.0
        for z in zs:
            # Binary functions: each input against the reversed inputs (float_power of
            # complex64 computes in complex128 on both sides of the comparison).
            args = (z, z[::-1]) if name in ("power", "float_power") else (z,)
            with np.errstate(all="ignore"):
                g = f(*args).astype(np.complex64)
                r = f(*(a.astype(np.complex128) for a in args))
            mag = max(mag, ulps(g, r, False))
            part = max(part, ulps(g, r, True))
        exact = MPMATH.get(name)
        c128 = c128_part = float("nan")
        if exact is not None:
            z = zs_small
            with np.errstate(all="ignore"):
                g = f(z)
            r = np.array([complex(exact(mpmath.mpc(v.real, v.imag))) for v in z])
            c128 = ulps128(g, r, False)
            c128_part = ulps128(g, r, True)
        print(f"{name:8s} complex64 magnitude {mag:8.2f} per part {part:10.2f}   "
              f"complex128 magnitude {c128:6.2f} per part {c128_part:8.2f}")


if __name__ == "__main__":
    main()
