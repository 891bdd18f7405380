//! A small, valid report that exercises every field, every status and every divergence kind:
//! the fixture of the tests and a worked example of the format.

use std::collections::BTreeMap;

use crate::model::*;

/// A trial with the given coordinates and status, every optional field `None`.
pub fn trial(template: &str, op: &str, device: &str, dtype: &str, status: Status) -> TrialRecord {
    TrialRecord {
        id: TrialRecord::make_id(template, op, device, dtype),
        op: op.into(),
        template: template.into(),
        device: device.into(),
        dtype: dtype.into(),
        status,
        divergence: None,
        message: None,
        reason: None,
        declared_divergence: None,
        metrics: None,
        sample: None,
        samples_checked: 0,
        repro: if status.needs_repro() {
            format!(
                "cargo test -p harness -- --exact {}",
                TrialRecord::make_id(template, op, device, dtype)
            )
        } else {
            String::new()
        },
        duration_ms: 0.5,
    }
}

/// The example report (summary and divergence counts consistent, see [`Report::new`]).
pub fn example_report() -> Report {
    let run = RunMeta {
        commit: Some("10da0b6".into()),
        started_at: "2024-05-01T12:00:00.250Z".into(),
        wall_time_s: 12.5,
        numpy_version: Some("2.1.0".into()),
        python_version: Some("3.12.3".into()),
        ml_dtypes_version: Some("0.5.0".into()),
        scipy_version: Some("1.16.3".into()),
        rustc_version: Some("rustc 1.95.0".into()),
        cpu_model: Some("Example CPU".into()),
        threads: 2,
        devices: vec![
            DeviceInfo {
                name: "cpu".into(),
                available: true,
                detail: "Example CPU".into(),
                ignored_trials: 0,
            },
            DeviceInfo {
                name: "cuda".into(),
                available: false,
                detail: "CUDA unavailable: no NVIDIA driver".into(),
                ignored_trials: 11,
            },
        ],
        filter: Some("sin".into()),
        command: "cargo test -p harness -- sin".into(),
        shard: None,
        matrix: Some(MatrixInfo {
            trials: 24,
            digest: "00000000000000000000000000000000".into(),
        }),
    };

    let mut fail = trial("reference", "sin", "cpu", "float32", Status::Fail);
    fail.divergence = Some(DivergenceKind::Value);
    fail.message = Some("values differ beyond tolerance".into());
    fail.samples_checked = 7;
    fail.metrics = Some(Metrics {
        max_abs_err: f64::INFINITY,
        max_rel_err: f64::NAN,
        max_ulp: 3.0,
        mismatched: 1,
        total: 64,
        worst_index: vec![2, 5],
        worst_got: "inf".into(),
        worst_expected: "0.5".into(),
        rtol: 0.0,
        atol: 0.0,
        reference_abs_err: None,
        ulp_bound: Some(3.0),
    });
    fail.sample = Some(SampleInfo {
        index: 3,
        kind: "reference".into(),
        description: "transposed 4x16, negative strides".into(),
        operands: vec![
            OperandInfo {
                dtype: "float32".into(),
                shape: vec![4, 16],
                strides: vec![-1, 4],
                offset: 3,
                python_scalar: None,
            },
            OperandInfo {
                dtype: "float64".into(),
                shape: vec![],
                strides: vec![],
                offset: 0,
                python_scalar: Some("2.5".into()),
            },
        ],
        kwargs: BTreeMap::from([("out".to_string(), "None".to_string())]),
        seed: 42,
    });

    let mut xfail = trial("sample", "add", "cpu", "int8", Status::Xfail);
    xfail.divergence = Some(DivergenceKind::ErrorKind);
    xfail.reason = Some("overflow raises instead of wrapping".into());
    xfail.declared_divergence = Some("add-int-overflow-raises".into());
    let mut xpass = trial("sample", "add", "cpu", "int16", Status::Xpass);
    xpass.declared_divergence = Some("add-int-overflow-raises".into());
    let mut skip = trial("reference", "sin", "cuda", "float32", Status::Skip);
    skip.reason = Some("device unavailable".into());
    let mut error = trial("error", "sin", "cpu", "bfloat16", Status::Error);
    error.message = Some("oracle raised ImportError: ml_dtypes".into());

    let mut trials = vec![
        trial("reference", "sin", "cpu", "float64", Status::Pass),
        fail,
        xfail,
        xpass,
        skip,
        error,
    ];
    for (i, kind) in [
        DivergenceKind::Dtype,
        DivergenceKind::Shape,
        DivergenceKind::Nan,
        DivergenceKind::SignedZero,
        DivergenceKind::Panic,
    ]
    .into_iter()
    .enumerate()
    {
        let mut t = trial("sample", "sin", "cpu", &format!("dtype{i}"), Status::Fail);
        t.divergence = Some(kind);
        trials.push(t);
    }

    let divergences = vec![DeclaredDivergence {
        name: "add-int-overflow-raises".into(),
        op: "add".into(),
        reason: "integer overflow raises an error instead of wrapping silently".into(),
        trials: 0,
        still_holds: 1,
    }];
    Report::new(run, trials, divergences)
}
