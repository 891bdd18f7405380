//! Unit tests: round trip, validation, schema/model agreement, writer, diff (the regression
//! gate). The newer modules (stream, merge, junit, markdown) test themselves in place.

use std::collections::BTreeSet;

use serde_json::{json, Value};

use crate::example::{example_report, trial};
use crate::validate::{schema, KNOWN_PATTERNS, SUPPORTED_KEYWORDS};
use crate::*;

fn errors_of(v: &Value) -> Vec<String> {
    validate(v).expect_err("report should be invalid")
}

fn has_error(errors: &[String], needle: &str) -> bool {
    errors.iter().any(|e| e.contains(needle))
}

#[test]
fn example_is_valid() {
    let r = example_report();
    assert_eq!(validate_report(&r), Ok(()));
    assert_eq!(r.summary.total, 11);
    assert_eq!(r.summary.count(Status::Fail), 6);
    assert_eq!(r.summary.failures(), 8);
    assert_eq!(r.summary.by_template["sample"]["xpass"], 1);
    assert_eq!(r.summary.by_divergence["error_kind"], 1);
    assert_eq!(r.divergences[0].trials, 2);
}

#[test]
fn round_trip_preserves_everything_including_non_finite() {
    let r = example_report();
    let text = serde_json::to_string_pretty(&r).unwrap();
    let back: Report = serde_json::from_str(&text).unwrap();
    let m = back.trials[1].metrics.as_ref().unwrap();
    assert_eq!(m.max_abs_err, f64::INFINITY);
    assert!(m.max_rel_err.is_nan());
    // NaN != NaN, so compare everything else by re-serialising.
    assert_eq!(serde_json::to_string_pretty(&back).unwrap(), text);
    let v: Value = serde_json::from_str(&text).unwrap();
    assert_eq!(v["trials"][1]["metrics"]["max_abs_err"], "inf");
    assert_eq!(v["trials"][1]["metrics"]["max_rel_err"], "nan");
    assert_eq!(v["trials"][1]["metrics"]["ulp_bound"], 3.0);
    assert_eq!(v["trials"][2]["status"], "xfail");
    assert_eq!(v["trials"][2]["divergence"], "error_kind");
    // Options are written as null, never skipped.
    assert_eq!(v["trials"][0]["metrics"], Value::Null);
}

#[test]
fn negative_infinity_round_trips_and_null_is_rejected() {
    let mut r = example_report();
    r.trials[0].duration_ms = f64::NEG_INFINITY;
    let v = serde_json::to_value(&r).unwrap();
    assert_eq!(v["trials"][0]["duration_ms"], "-inf");
    let back: Report = serde_json::from_value(v.clone()).unwrap();
    assert_eq!(back.trials[0].duration_ms, f64::NEG_INFINITY);
    let mut broken = v;
    broken["trials"][0]["duration_ms"] = Value::Null;
    assert!(serde_json::from_value::<Report>(broken.clone()).is_err());
    assert!(has_error(&errors_of(&broken), "/trials/0/duration_ms"));
}

#[test]
fn reader_ignores_unknown_fields_of_newer_minor_versions() {
    let mut v = serde_json::to_value(example_report()).unwrap();
    v["schema_version"] = json!("3.1.0");
    v["trials"][0]["new_field"] = json!(1);
    let r: Report = serde_json::from_value(v.clone()).unwrap();
    assert_eq!(r.schema_version, "3.1.0");
    let errors = errors_of(&v);
    assert!(
        has_error(&errors, "/trials/0/new_field: unknown field"),
        "{errors:?}"
    );
    assert!(
        has_error(&errors, "newer than this validator"),
        "{errors:?}"
    );
}

#[test]
fn validation_catches_structural_errors() {
    let good = serde_json::to_value(example_report()).unwrap();

    let mut v = good.clone();
    v["trials"][0]["status"] = json!("passed");
    assert!(has_error(
        &errors_of(&v),
        "/trials/0/status: \"passed\" is not one of"
    ));

    let mut v = good.clone();
    v["trials"][1]["divergence"] = json!("errorkind");
    assert!(has_error(&errors_of(&v), "/trials/1/divergence"));

    let mut v = good.clone();
    v["run"].as_object_mut().unwrap().remove("command");
    assert!(has_error(
        &errors_of(&v),
        "/run: missing required field \"command\""
    ));

    let mut v = good.clone();
    v["run"]["threads"] = json!(-1);
    assert!(has_error(&errors_of(&v), "/run/threads"));

    let mut v = good.clone();
    v["run"]["threads"] = json!("2");
    assert!(has_error(
        &errors_of(&v),
        "/run/threads: expected integer, found string"
    ));

    let mut v = good.clone();
    v["schema_version"] = json!("4.0.0");
    assert!(has_error(&errors_of(&v), "/schema_version"));

    let mut v = good.clone();
    v["run"]["started_at"] = json!("2024-05-01 12:00:00");
    assert!(has_error(&errors_of(&v), "/run/started_at"));

    let mut v = good.clone();
    v["trials"][1]["metrics"]["max_ulp"] = json!("huge");
    assert!(has_error(&errors_of(&v), "/trials/1/metrics/max_ulp"));

    let mut v = good.clone();
    v["summary"]["by_status"]["passed"] = json!(0);
    assert!(has_error(
        &errors_of(&v),
        "/summary/by_status/passed: key \"passed\" is not allowed"
    ));

    let mut v = good;
    v["trials"] = json!({});
    assert!(has_error(
        &errors_of(&v),
        "/trials: expected array, found object"
    ));
}

#[test]
fn validation_catches_semantic_errors() {
    let good = example_report();

    let mut r = good.clone();
    r.summary.by_status.insert("fail".into(), 5);
    let e = validate_report(&r).unwrap_err();
    assert!(
        has_error(&e, "/summary/by_status/fail: 5 but recomputed 6"),
        "{e:?}"
    );

    let mut r = good.clone();
    r.summary.total = 3;
    assert!(has_error(
        &validate_report(&r).unwrap_err(),
        "/summary/total"
    ));

    let mut r = good.clone();
    r.summary.by_template.remove("error");
    assert!(has_error(
        &validate_report(&r).unwrap_err(),
        "/summary/by_template/error: missing"
    ));

    let mut r = good.clone();
    r.trials[1].repro = "  ".into();
    assert!(has_error(
        &validate_report(&r).unwrap_err(),
        "/trials/1/repro: empty, but status is fail"
    ));

    let mut r = good.clone();
    r.trials[0].repro.clear(); // a pass needs no repro
    assert_eq!(validate_report(&r), Ok(()));

    let mut r = good.clone();
    r.trials[1].id = r.trials[0].id.clone();
    let e = validate_report(&r).unwrap_err();
    assert!(
        has_error(
            &e,
            "/trials/1/id: \"reference::sin::cpu::float64\" duplicates /trials/0/id"
        ),
        "{e:?}"
    );
    assert!(
        has_error(&e, "should be \"reference::sin::cpu::float32\""),
        "{e:?}"
    );

    let mut r = good.clone();
    r.trials[0].id = "sin::reference::cpu::float64".into();
    assert!(has_error(&validate_report(&r).unwrap_err(), "/trials/0/id"));

    let mut r = good.clone();
    r.trials[3].declared_divergence = Some("nope".into());
    r.refresh();
    let e = validate_report(&r).unwrap_err();
    assert!(
        has_error(
            &e,
            "/trials/3/declared_divergence: \"nope\" is not in /divergences"
        ),
        "{e:?}"
    );

    let mut r = good.clone();
    r.divergences[0].trials = 5;
    assert!(has_error(
        &validate_report(&r).unwrap_err(),
        "/divergences/0/trials: 5 but 2 trials"
    ));

    let mut r = good.clone();
    r.divergences[0].still_holds = 3;
    assert!(has_error(
        &validate_report(&r).unwrap_err(),
        "/divergences/0/still_holds"
    ));

    let mut r = good.clone();
    r.trials[1].metrics.as_mut().unwrap().mismatched = 65;
    assert!(has_error(
        &validate_report(&r).unwrap_err(),
        "/trials/1/metrics/mismatched"
    ));

    let mut r = good;
    r.run.started_at = "2024-02-30T25:00:00Z".into();
    assert!(has_error(
        &validate_report(&r).unwrap_err(),
        "/run/started_at"
    ));
}

/// Walks `value` alongside `schema`: every object the schema describes with `properties` must
/// have exactly those keys in the serialised model, and all of them must be `required`.
fn assert_schema_matches_value(
    root: &Value,
    schema: &Value,
    value: &Value,
    path: &str,
    seen: &mut BTreeSet<String>,
) {
    let schema = match schema.get("$ref").and_then(Value::as_str) {
        Some(r) => {
            seen.insert(r.to_string());
            root.pointer(r.strip_prefix('#').unwrap()).unwrap()
        }
        None => schema,
    };
    if let Some(alts) = schema.get("anyOf").and_then(Value::as_array) {
        for a in alts {
            if a.get("type") != Some(&json!("null")) || value.is_null() {
                assert_schema_matches_value(root, a, value, path, seen);
                if !value.is_null() {
                    break;
                }
            }
        }
        return;
    }
    if let (Some(props), Some(obj)) = (
        schema.get("properties").and_then(Value::as_object),
        value.as_object(),
    ) {
        let schema_keys: BTreeSet<&String> = props.keys().collect();
        let model_keys: BTreeSet<&String> = obj.keys().collect();
        assert_eq!(
            schema_keys, model_keys,
            "schema properties vs serialised model at {path}"
        );
        let required: BTreeSet<&str> = schema["required"]
            .as_array()
            .unwrap()
            .iter()
            .map(|v| v.as_str().unwrap())
            .collect();
        // Every property is always written; those of 2.0.0 are required, later minors' are
        // optional (older reports lack them) and say since when in their description.
        let all: BTreeSet<&str> = props
            .iter()
            .filter(|(_, p)| {
                !p.get("description")
                    .and_then(Value::as_str)
                    .is_some_and(|d| d.contains("since 2."))
            })
            .map(|(k, _)| k.as_str())
            .collect();
        assert_eq!(
            required, all,
            "every 2.0.0 property is always written, so all are required ({path})"
        );
        for (k, sub) in props {
            assert_schema_matches_value(root, sub, &obj[k], &format!("{path}/{k}"), seen);
        }
    }
    if let (Some(items), Some(arr)) = (schema.get("items"), value.as_array()) {
        for (i, v) in arr.iter().enumerate() {
            assert_schema_matches_value(root, items, v, &format!("{path}/{i}"), seen);
        }
    }
    if let (Some(extra), Some(obj)) = (
        schema.get("additionalProperties").filter(|v| v.is_object()),
        value.as_object(),
    ) {
        for (k, v) in obj {
            assert_schema_matches_value(root, extra, v, &format!("{path}/{k}"), seen);
        }
    }
}

#[test]
fn schema_and_model_agree() {
    let root = schema();
    let v = serde_json::to_value(example_report()).unwrap();
    let mut seen = BTreeSet::new();
    assert_schema_matches_value(&root, &root, &v, "", &mut seen);
    // The example reaches every definition, so the walk above covered the whole schema.
    let defs: BTreeSet<String> = root["$defs"]
        .as_object()
        .unwrap()
        .keys()
        .map(|k| format!("#/$defs/{k}"))
        .collect();
    let unreached: Vec<&String> = defs.difference(&seen).collect();
    // status/divergence_kind are reached via propertyNames, which the walk does not follow.
    assert!(
        unreached
            .iter()
            .all(|d| d.ends_with("/status") || d.ends_with("/divergence_kind")),
        "definitions not covered by the example report: {unreached:?}"
    );

    let names = |key: &str| -> Vec<String> {
        root["$defs"][key]["enum"]
            .as_array()
            .unwrap()
            .iter()
            .map(|v| v.as_str().unwrap().to_string())
            .collect()
    };
    let statuses: Vec<String> = Status::ALL
        .iter()
        .map(|s| {
            serde_json::to_value(s)
                .unwrap()
                .as_str()
                .unwrap()
                .to_string()
        })
        .collect();
    assert_eq!(names("status"), statuses);
    assert_eq!(statuses, Status::ALL.map(|s| s.as_str().to_string()));
    let kinds: Vec<String> = DivergenceKind::ALL
        .iter()
        .map(|k| {
            serde_json::to_value(k)
                .unwrap()
                .as_str()
                .unwrap()
                .to_string()
        })
        .collect();
    assert_eq!(names("divergence_kind"), kinds);
    assert_eq!(kinds, DivergenceKind::ALL.map(|k| k.as_str().to_string()));
    let non_finite: Vec<&str> = root["$defs"]["float"]["anyOf"][1]["enum"]
        .as_array()
        .unwrap()
        .iter()
        .map(|v| v.as_str().unwrap())
        .collect();
    assert_eq!(non_finite, crate::float::NON_FINITE);
    assert_eq!(
        root["$defs"]["float"]["anyOf"][0],
        json!({"type": "number"})
    );
    // The summary lists every status and kind (the example hits each at least once).
    assert_eq!(
        v["summary"]["by_status"]
            .as_object()
            .unwrap()
            .keys()
            .cloned()
            .collect::<BTreeSet<_>>(),
        statuses.iter().cloned().collect()
    );
    assert_eq!(
        v["summary"]["by_divergence"]
            .as_object()
            .unwrap()
            .keys()
            .cloned()
            .collect::<BTreeSet<_>>(),
        kinds.iter().cloned().collect()
    );
    assert_eq!(
        root["properties"]["schema_version"]["pattern"]
            .as_str()
            .map(|p| p.starts_with(&format!("^{}\\.", &SCHEMA_VERSION[..1]))),
        Some(true)
    );
}

/// Every enum variant must be in `ALL` (adding a variant breaks this match until `ALL` and the
/// schema are updated).
#[test]
fn all_lists_are_exhaustive() {
    for s in Status::ALL {
        let i = match s {
            Status::Pass => 0,
            Status::Fail => 1,
            Status::Xfail => 2,
            Status::Xpass => 3,
            Status::Skip => 4,
            Status::Error => 5,
        };
        assert_eq!(Status::ALL[i], s);
    }
    for k in DivergenceKind::ALL {
        let i = match k {
            DivergenceKind::Value => 0,
            DivergenceKind::Dtype => 1,
            DivergenceKind::Shape => 2,
            DivergenceKind::ErrorKind => 3,
            DivergenceKind::Nan => 4,
            DivergenceKind::SignedZero => 5,
            DivergenceKind::Panic => 6,
            DivergenceKind::Device => 7,
            DivergenceKind::Nondeterministic => 8,
            DivergenceKind::FpFlags => 9,
            DivergenceKind::Crash => 10,
            DivergenceKind::Timeout => 11,
        };
        assert_eq!(DivergenceKind::ALL[i], k);
    }
}

/// The interpreter in `validate` must understand every keyword and pattern the schema uses.
#[test]
fn schema_uses_only_supported_keywords() {
    fn walk(v: &Value, in_properties: bool, out: &mut Vec<String>) {
        match v {
            Value::Object(m) => {
                for (k, sub) in m {
                    if !in_properties {
                        if !SUPPORTED_KEYWORDS.contains(&k.as_str()) {
                            out.push(format!("keyword {k}"));
                        }
                        if k == "pattern" && !KNOWN_PATTERNS.contains(&sub.as_str().unwrap_or("")) {
                            out.push(format!("pattern {sub}"));
                        }
                    }
                    // Children of properties/$defs are names, not keywords.
                    let names = !in_properties && (k == "properties" || k == "$defs");
                    if names {
                        for s in sub.as_object().into_iter().flat_map(|o| o.values()) {
                            walk(s, false, out);
                        }
                    } else if !(k == "enum" || k == "required") {
                        walk(sub, false, out);
                    }
                }
            }
            Value::Array(a) => a.iter().for_each(|x| walk(x, false, out)),
            _ => {}
        }
    }
    let mut unsupported = Vec::new();
    walk(&schema(), false, &mut unsupported);
    assert!(
        unsupported.is_empty(),
        "unsupported by reports::validate: {unsupported:?}"
    );
}

#[test]
fn writer_writes_atomically_and_reads_back() {
    let dir = std::env::temp_dir().join(format!("reports-test-{}", std::process::id()));
    let path = dir.join("nested/deeper/report.json");
    let r = example_report();
    write(&r, &path).unwrap();
    let text = std::fs::read_to_string(&path).unwrap();
    assert!(text.ends_with("}\n") && text.contains("\n  \"schema_version\": \"3.0.0\""));
    assert_eq!(validate(&read_value(&path).unwrap()), Ok(()));
    // Overwrite in place; no temporary files are left behind.
    let mut r2 = r.clone();
    r2.run.command = "second".into();
    write(&r2, &path).unwrap();
    assert_eq!(read(&path).unwrap().run.command, "second");
    let leftovers: Vec<_> = std::fs::read_dir(path.parent().unwrap())
        .unwrap()
        .map(|e| e.unwrap().file_name())
        .collect();
    assert_eq!(leftovers, vec![std::ffi::OsString::from("report.json")]);
    std::fs::remove_dir_all(&dir).unwrap();
}

#[test]
fn default_path_is_under_workspace_target() {
    // Do not touch OPINFO_REPORT here (tests run in parallel); only check the fallback shape.
    if std::env::var_os(PATH_ENV).is_none() {
        let p = default_path();
        assert!(p.ends_with("target/opinfo/report.json"), "{p:?}");
        assert!(p
            .parent()
            .unwrap()
            .parent()
            .unwrap()
            .parent()
            .unwrap()
            .join("Cargo.toml")
            .exists());
    }
}

#[test]
fn diff_detects_regressions_and_fixes() {
    let old = example_report();
    let mut new = old.clone();
    // pass -> fail: regression.
    new.trials[0].status = Status::Fail;
    new.trials[0].repro = "cargo test -p harness -- --exact reference::sin::cpu::float64".into();
    // error -> pass: fixed.
    new.trials[5].status = Status::Pass;
    // xfail -> skip: neither.
    new.trials[2].status = Status::Skip;
    // A brand-new failing trial and a removed one.
    new.trials
        .push(trial("reference", "cos", "cpu", "float32", Status::Error));
    new.trials
        .retain(|t| t.id != "reference::sin::cuda::float32");
    new.refresh();
    assert_eq!(validate_report(&new), Ok(()));

    let d = diff(&old, &new);
    let ids = |v: &[StatusChange]| v.iter().map(|c| c.id.clone()).collect::<Vec<_>>();
    assert_eq!(
        ids(&d.new_failures),
        [
            "reference::cos::cpu::float32",
            "reference::sin::cpu::float64"
        ]
    );
    assert_eq!(ids(&d.fixed), ["error::sin::cpu::bfloat16"]);
    assert_eq!(d.added, ["reference::cos::cpu::float32"]);
    assert_eq!(d.removed, ["reference::sin::cuda::float32"]);
    assert_eq!(d.changed.len(), 5);
    assert!(d.is_regression());
    let regressed = &d.new_failures[1];
    assert_eq!(
        (regressed.old, regressed.new),
        (Some(Status::Pass), Some(Status::Fail))
    );
    let text = render_diff(&d);
    assert!(text.contains("new failures (2):"), "{text}");
    assert!(
        text.contains("reference::sin::cpu::float64 pass -> fail"),
        "{text}"
    );
    assert!(
        text.contains("repro: cargo test -p harness -- --exact reference::sin::cpu::float64"),
        "{text}"
    );
    assert!(
        text.contains("sample::add::cpu::int8 xfail -> skip"),
        "{text}"
    );

    assert!(d.new_xpasses.is_empty());
    assert!(
        text.contains("disappeared (in BASE, absent from NEW) (1):\n  reference::sin::cuda::float32 skip -> absent"),
        "{text}"
    );
    assert!(
        text.contains("5 changed: 2 new failures, 0 new xpasses, 1 disappeared, 1 fixed, 0 new trials, 1 other\nregression\n"),
        "{text}"
    );

    let same = diff(&old, &old);
    assert!(!same.is_regression() && same.changed.is_empty());
    assert_eq!(render_diff(&same), "no status changes\n");
}

#[test]
fn diff_gate_counts_xpasses_and_disappeared_trials() {
    let old = example_report();
    // xfail -> xpass: a new failure and a new xpass, listed once, under new xpasses.
    let mut new = old.clone();
    new.trials[2].status = Status::Xpass;
    new.refresh();
    let d = diff(&old, &new);
    assert!(d.is_regression());
    assert_eq!(d.new_failures.len(), 1);
    assert_eq!(d.new_xpasses.len(), 1);
    let text = render_diff(&d);
    assert!(!text.contains("new failures ("), "{text}");
    assert!(
        text.contains("new xpasses (expected failures that passed: stale expectations) (1):\n  sample::add::cpu::int8 xfail -> xpass\n      repro: "),
        "{text}"
    );
    assert!(
        text.contains("1 changed: 0 new failures, 1 new xpasses,"),
        "{text}"
    );

    // fail -> xpass: not a new failure (it was failing), but a new xpass: still a regression.
    let mut new = old.clone();
    new.trials[1].status = Status::Xpass;
    new.refresh();
    let d = diff(&old, &new);
    assert!(d.new_failures.is_empty() && d.new_xpasses.len() == 1 && d.is_regression());

    // A passing trial disappearing is a regression; a new passing trial is not.
    let mut new = old.clone();
    new.trials.remove(0);
    new.trials
        .push(trial("reference", "cos", "cpu", "float64", Status::Pass));
    new.refresh();
    let d = diff(&old, &new);
    assert_eq!(d.removed, ["reference::sin::cpu::float64"]);
    assert!(d.is_regression());
    let text = render_diff(&d);
    assert!(
        text.contains("new trials (1):\n  reference::cos::cpu::float64 absent -> pass"),
        "{text}"
    );
    let d = diff(&new, &{
        let mut n = new.clone();
        n.trials
            .push(trial("reference", "tan", "cpu", "float64", Status::Pass));
        n.refresh();
        n
    });
    assert!(!d.is_regression());
    assert!(render_diff(&d).ends_with("no regression\n"));
}

#[test]
fn diff_lists_are_capped() {
    let old = example_report();
    let mut new = old.clone();
    for n in 0..render::DIFF_LIST_CAP + 7 {
        new.trials.push(trial(
            "reference",
            "exp",
            "cpu",
            &format!("t{n:03}"),
            Status::Fail,
        ));
    }
    new.refresh();
    let d = diff(&old, &new);
    assert_eq!(d.new_failures.len(), render::DIFF_LIST_CAP + 7);
    let text = render_diff(&d);
    assert!(text.contains(&format!("new failures ({}):", render::DIFF_LIST_CAP + 7)));
    assert!(text.contains("  … and 7 more\n"), "{text}");
    assert_eq!(text.matches("repro: ").count(), render::DIFF_LIST_CAP);

    // Every trial changed (an unrelated BASE): rendering stays fast and short.
    let mut empty = old.clone();
    empty.trials.clear();
    empty.refresh();
    let mut big = old.clone();
    big.trials = (0..20_000)
        .map(|n| trial("values", &format!("op{n}"), "cpu", "float32", Status::Error))
        .collect();
    big.refresh();
    let start = std::time::Instant::now();
    let text = render_diff(&diff(&empty, &big));
    assert!(start.elapsed() < std::time::Duration::from_secs(5));
    assert!(
        text.lines().count() < 2 * render::DIFF_LIST_CAP + 5,
        "{text}"
    );
    assert!(text.contains("  … and 19950 more\n"), "{text}");
}

#[test]
fn summary_text_lists_failures_with_repro_and_divergences() {
    let text = render_summary(&example_report());
    assert!(text.contains("11 trials"), "{text}");
    assert!(text.contains("  fail   6"), "{text}");
    assert!(
        text.contains("FAIL reference::sin::cpu::float32 [value]"),
        "{text}"
    );
    assert!(
        text.contains("repro: cargo test -p harness -- --exact reference::sin::cpu::float32"),
        "{text}"
    );
    assert!(text.contains("XPASS sample::add::cpu::int16"), "{text}");
    assert!(
        !text.contains("XFAIL"),
        "xfails are expected, not listed as failures: {text}"
    );
    assert!(
        text.contains("add-int-overflow-raises (add): 2 trials, still holds in 1"),
        "{text}"
    );
}

/// Writes the example report to `$OPINFO_EXAMPLE_OUT` when set (used to cross-check the schema
/// with an external JSON Schema validator); does nothing otherwise.
#[test]
fn dump_example_when_asked() {
    if let Some(p) = std::env::var_os("OPINFO_EXAMPLE_OUT") {
        write(&example_report(), std::path::Path::new(&p)).unwrap();
    }
}
