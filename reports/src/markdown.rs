//! A Markdown summary of a report for a CI job page (GitHub Actions' `$GITHUB_STEP_SUMMARY`).
//!
//! Its size is bounded whatever the report's: every list that grows with the number of trials
//! or divergences is capped and says how many it left out, so a 40k-trial report gives a page
//! of a couple of hundred lines (GitHub truncates step summaries past 1 MiB).

use std::collections::{BTreeMap, BTreeSet, HashMap};
use std::fmt::Write;

use crate::diff::diff;
use crate::model::{Report, Status, TrialRecord};

/// How many new failures are listed.
pub const NEW_FAILURES_CAP: usize = 50;
/// How many trials the "Worst divergences" table lists.
pub const WORST_CAP: usize = 10;
/// How many declared divergences are listed.
pub const DIVERGENCES_CAP: usize = 50;
/// Longest message excerpt in a table cell, in characters.
pub const MESSAGE_CHARS: usize = 200;

/// Escapes `s` for a table cell: `|` would end the cell and a newline the row (written as
/// `<br>`), `<`, `>` and `&` would be read as HTML, and Markdown punctuation as emphasis or
/// links.
fn cell(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for line_or_sep in s.split_inclusive('\n') {
        let (line, br) = match line_or_sep.strip_suffix('\n') {
            Some(l) => (l.strip_suffix('\r').unwrap_or(l), true),
            None => (line_or_sep, false),
        };
        for c in line.chars() {
            match c {
                '|' => out.push_str("\\|"),
                '<' => out.push_str("&lt;"),
                '>' => out.push_str("&gt;"),
                '&' => out.push_str("&amp;"),
                '\\' | '`' | '*' | '_' | '[' | ']' | '~' | '#' => {
                    out.push('\\');
                    out.push(c);
                }
                '\r' => out.push(' '),
                c => out.push(c),
            }
        }
        if br {
            out.push_str("<br>");
        }
    }
    out
}

/// `s` as a code span fit for a table cell: line breaks become spaces (a span cannot hold
/// them), `|` is escaped (GitHub unescapes it inside the span), and the fence is one backtick
/// longer than the longest run of backticks inside.
fn code(s: &str) -> String {
    let s = s.replace("\r\n", " ").replace(['\n', '\r'], " ");
    let mut longest = 0;
    let mut run = 0;
    for c in s.chars() {
        run = if c == '`' { run + 1 } else { 0 };
        longest = longest.max(run);
    }
    let fence = "`".repeat(longest + 1);
    let pad = if s.starts_with('`') || s.ends_with('`') {
        " "
    } else {
        ""
    };
    format!("{fence}{pad}{}{pad}{fence}", s.replace('|', "\\|"))
}

/// The first line of `s`, cut to [`MESSAGE_CHARS`] characters.
fn excerpt(s: &str) -> String {
    let line = s.lines().next().unwrap_or("");
    if line.chars().count() > MESSAGE_CHARS {
        let cut: String = line.chars().take(MESSAGE_CHARS).collect();
        format!("{cut}…")
    } else {
        line.to_string()
    }
}

fn more(out: &mut String, left: usize) {
    if left > 0 {
        let _ = writeln!(out, "\n… and {left} more");
    }
}

fn header(out: &mut String, r: &Report) {
    let failing = r.summary.failures();
    let mark = if failing == 0 { "✅" } else { "❌" };
    let _ = writeln!(
        out,
        "## {mark} OpInfo: {} trials, {failing} failing\n",
        r.summary.total
    );
    let m = &r.run;
    let opt = |s: &Option<String>| s.as_deref().map_or("?".to_string(), |v| cell(&excerpt(v)));
    let mut facts = vec![
        format!("commit {}", m.commit.as_deref().map_or("?".into(), code)),
        format!("NumPy {}", opt(&m.numpy_version)),
        format!("Python {}", opt(&m.python_version)),
        format!("wall time {:.1} s", m.wall_time_s),
        format!("started {}", cell(&m.started_at)),
    ];
    if let Some(s) = m.shard {
        facts.push(format!("shard {}/{}", s.index, s.count));
    }
    if let Some(mx) = &m.matrix {
        facts.push(format!(
            "{} of the matrix's {} trials",
            r.summary.total, mx.trials
        ));
    }
    if let Some(f) = &m.filter {
        facts.push(format!("filter {}", code(f)));
    }
    let _ = writeln!(out, "{}\n", facts.join(" · "));

    out.push_str("| status | trials |\n|---|---:|\n");
    for s in Status::ALL {
        let _ = writeln!(out, "| {s} | {} |", r.summary.count(s));
    }
}

/// A template × status table for each device with trials (the run's devices first).
fn device_tables(out: &mut String, r: &Report) {
    let mut counts: BTreeMap<&str, BTreeMap<&str, [usize; 6]>> = BTreeMap::new();
    for t in &r.trials {
        let i = Status::ALL.iter().position(|s| *s == t.status).unwrap_or(0);
        counts
            .entry(&t.device)
            .or_default()
            .entry(&t.template)
            .or_default()[i] += 1;
    }
    let mut order: Vec<&str> = r
        .run
        .devices
        .iter()
        .map(|d| d.name.as_str())
        .filter(|d| counts.contains_key(d))
        .collect();
    let known: BTreeSet<&str> = order.iter().copied().collect();
    order.extend(counts.keys().copied().filter(|d| !known.contains(d)));
    for device in order {
        let _ = writeln!(out, "\n### Device {}\n", code(device));
        out.push_str("| template |");
        for s in Status::ALL {
            let _ = write!(out, " {s} |");
        }
        out.push_str("\n|---|");
        out.push_str(&"---:|".repeat(Status::ALL.len()));
        out.push('\n');
        for (template, c) in &counts[device] {
            let _ = write!(out, "| {} |", cell(template));
            for n in c {
                let _ = write!(out, " {n} |");
            }
            out.push('\n');
        }
    }
}

fn new_failures(out: &mut String, r: &Report, base: Option<&Report>) {
    let failing: Vec<&TrialRecord> = match base {
        Some(b) => {
            let d = diff(b, r);
            let by_id: HashMap<&str, &TrialRecord> =
                r.trials.iter().map(|t| (t.id.as_str(), t)).collect();
            let _ = writeln!(out, "\n### New failures ({})\n", d.new_failures.len());
            let _ = writeln!(
                out,
                "Compared with the base report (commit {}): {} new failures ({} new xpasses), \
                 {} fixed, {} trials disappeared, {} new trials.\n",
                b.run.commit.as_deref().map_or("?".into(), code),
                d.new_failures.len(),
                d.new_xpasses.len(),
                d.fixed.len(),
                d.removed.len(),
                d.added.len()
            );
            d.new_failures
                .iter()
                .filter_map(|c| by_id.get(c.id.as_str()).copied())
                .collect()
        }
        None => {
            let f: Vec<&TrialRecord> = r.trials.iter().filter(|t| t.status.is_failure()).collect();
            let _ = writeln!(out, "\n### New failures ({})\n", f.len());
            out.push_str("No base report given: every failing trial (fail, error, xpass).\n\n");
            f
        }
    };
    if failing.is_empty() {
        out.push_str("None.\n");
        return;
    }
    out.push_str("| trial | status | divergence | message | repro |\n|---|---|---|---|---|\n");
    for t in failing.iter().take(NEW_FAILURES_CAP) {
        let msg = t.message.as_deref().or(t.reason.as_deref()).unwrap_or("");
        let _ = writeln!(
            out,
            "| {} | {} | {} | {} | {} |",
            code(&t.id),
            t.status,
            t.divergence.map_or("", |k| k.as_str()),
            cell(&excerpt(msg)),
            if t.repro.is_empty() {
                String::new()
            } else {
                code(&t.repro)
            }
        );
    }
    more(out, failing.len().saturating_sub(NEW_FAILURES_CAP));
}

fn declared(out: &mut String, r: &Report) {
    if r.divergences.is_empty() {
        return;
    }
    let _ = writeln!(
        out,
        "\n### Declared divergences ({})\n",
        r.divergences.len()
    );
    out.push_str("| name | op | trials | still holds | reason |\n|---|---|---:|---:|---|\n");
    for d in r.divergences.iter().take(DIVERGENCES_CAP) {
        let _ = writeln!(
            out,
            "| {} | {} | {} | {} | {} |",
            code(&d.name),
            cell(&d.op),
            d.trials,
            d.still_holds,
            cell(&excerpt(&d.reason))
        );
    }
    more(out, r.divergences.len().saturating_sub(DIVERGENCES_CAP));
}

/// The failing or xfail trials with metrics, worst first: by `max_ulp` (NaN counts as worse
/// than any number: the comparison could not even measure the distance), then by the share of
/// mismatched elements, then by id.
fn worst(out: &mut String, r: &Report) {
    let ulp = |t: &TrialRecord| {
        let u = t.metrics.as_ref().map_or(0.0, |m| m.max_ulp);
        if u.is_nan() {
            f64::INFINITY
        } else {
            u
        }
    };
    let share = |t: &TrialRecord| {
        t.metrics.as_ref().map_or(0.0, |m| {
            if m.total == 0 {
                0.0
            } else {
                m.mismatched as f64 / m.total as f64
            }
        })
    };
    let mut ranked: Vec<&TrialRecord> = r
        .trials
        .iter()
        .filter(|t| t.metrics.is_some() && (t.status.is_failure() || t.status == Status::Xfail))
        .collect();
    if ranked.is_empty() {
        return;
    }
    ranked.sort_by(|a, b| {
        ulp(b)
            .total_cmp(&ulp(a))
            .then(share(b).total_cmp(&share(a)))
            .then(a.id.cmp(&b.id))
    });
    let _ = writeln!(out, "\n### Worst divergences\n");
    out.push_str(
        "| trial | status | max ULP | mismatched | worst index | got | expected |\n\
         |---|---|---:|---:|---|---|---|\n",
    );
    for t in ranked.iter().take(WORST_CAP) {
        let m = t.metrics.as_ref().expect("filtered on metrics");
        let _ = writeln!(
            out,
            "| {} | {} | {} | {}/{} | {} | {} | {} |",
            code(&t.id),
            t.status,
            m.max_ulp,
            m.mismatched,
            m.total,
            code(&format!("{:?}", m.worst_index)),
            code(&m.worst_got),
            code(&m.worst_expected)
        );
    }
}

fn unavailable(out: &mut String, r: &Report) {
    let absent: Vec<_> = r.run.devices.iter().filter(|d| !d.available).collect();
    if absent.is_empty() {
        return;
    }
    out.push_str(
        "\n### Devices not available\n\n| device | reason | ignored trials |\n|---|---|---:|\n",
    );
    for d in absent {
        let _ = writeln!(
            out,
            "| {} | {} | {} |",
            code(&d.name),
            cell(&excerpt(&d.detail)),
            d.ignored_trials
        );
    }
}

/// The Markdown summary of `report`: a header (commit, NumPy and Python versions, wall time,
/// shard), counts by status, a template × status table per device, the new failures (against
/// `base` via [`crate::diff()`] when given, else every failing trial), the declared
/// divergences, the [`WORST_CAP`] worst value divergences and the devices not available.
pub fn markdown(report: &Report, base: Option<&Report>) -> String {
    let mut out = String::new();
    header(&mut out, report);
    device_tables(&mut out, report);
    new_failures(&mut out, report, base);
    declared(&mut out, report);
    worst(&mut out, report);
    unavailable(&mut out, report);
    coverage(&mut out, report);
    out
}

/// Names of missing functions listed before "… and N more".
pub const MISSING_CAP: usize = 150;

/// NumPy API coverage: counts, then the missing functions by name (capped).
fn coverage(out: &mut String, report: &Report) {
    use crate::model::CoverageStatus as C;
    use std::fmt::Write as _;
    let Some(c) = &report.coverage else {
        return;
    };
    let total = c.functions.len();
    let _ = writeln!(
        out,
        "\n### NumPy API coverage: {} of {total} public functions\n\n\
         NumPy {} (`numpy`, `numpy.linalg`, `numpy.fft`): {} covered by a record checked live, \
         {} declared unsupported, {} missing.\n",
        c.count(C::Covered),
        c.numpy_version,
        c.count(C::Covered),
        c.count(C::Unsupported),
        c.count(C::Missing),
    );
    let missing: Vec<String> = c
        .functions
        .iter()
        .filter(|f| f.status == C::Missing)
        .map(|f| code(&f.name))
        .collect();
    if !missing.is_empty() {
        let shown = missing.len().min(MISSING_CAP);
        let _ = write!(out, "Missing: {}", missing[..shown].join(", "));
        if missing.len() > shown {
            let _ = write!(out, " … and {} more", missing.len() - shown);
        }
        out.push('\n');
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::example::{example_report, trial};
    use crate::model::{DeclaredDivergence, Metrics, Shard};

    #[test]
    fn coverage_counts_and_missing_names() {
        use crate::model::{Coverage, CoverageEntry, CoverageStatus};
        let mut r = example_report();
        let entry = |name: &str, status| CoverageEntry {
            name: name.into(),
            status,
            detail: None,
        };
        r.coverage = Some(Coverage {
            numpy_version: "2.4.6".into(),
            functions: vec![
                entry("numpy.sin", CoverageStatus::Covered),
                entry("numpy.load", CoverageStatus::Unsupported),
                entry("numpy.sort", CoverageStatus::Missing),
            ],
        });
        let md = markdown(&r, None);
        assert!(
            md.contains("### NumPy API coverage: 1 of 3 public functions"),
            "{md}"
        );
        assert!(
            md.contains("1 covered by a record checked live, 1 declared unsupported, 1 missing")
        );
        assert!(md.contains("Missing: `numpy.sort`"), "{md}");
    }

    #[test]
    fn cells_and_code_spans_are_escaped() {
        assert_eq!(cell("a|b\nc\r\nd"), "a\\|b<br>c<br>d");
        assert_eq!(cell("<x> & *y* [z]"), "&lt;x&gt; &amp; \\*y\\* \\[z\\]");
        assert_eq!(code("a|b"), "`a\\|b`");
        assert_eq!(code("x`y"), "``x`y``");
        assert_eq!(code("`q`"), "`` `q` ``");
        assert_eq!(code("two\nlines"), "`two lines`");
        let long = "é".repeat(MESSAGE_CHARS + 5);
        assert_eq!(excerpt(&long).chars().count(), MESSAGE_CHARS + 1);
        assert_eq!(excerpt("first\nsecond"), "first");
    }

    #[test]
    fn summary_of_the_example() {
        let mut r = example_report();
        r.run.shard = Some(Shard { index: 2, count: 4 });
        r.trials[1].message = Some("values | differ\nsecond line".into());
        let md = markdown(&r, None);
        for needle in [
            "## ❌ OpInfo: 11 trials, 8 failing",
            "commit `10da0b6` · NumPy 2.1.0 · Python 3.12.3 · wall time 12.5 s",
            "shard 2/4",
            "11 of the matrix's 24 trials",
            "| fail | 6 |",
            "### Device `cpu`",
            "| reference | 1 | 1 | 0 | 0 | 0 | 0 |",
            "### Device `cuda`",
            "| reference | 0 | 0 | 0 | 0 | 1 | 0 |",
            "### New failures (8)",
            "| `reference::sin::cpu::float32` | fail | value | values \\| differ | \
             `cargo test -p harness -- --exact reference::sin::cpu::float32` |",
            "| `add-int-overflow-raises` | add | 2 | 1 | integer overflow raises",
            "### Worst divergences",
            "| `reference::sin::cpu::float32` | fail | 3 | 1/64 | `[2, 5]` | `inf` | `0.5` |",
            "| `cuda` | CUDA unavailable: no NVIDIA driver | 11 |",
        ] {
            assert!(md.contains(needle), "{needle:?} not in\n{md}");
        }
        assert!(!md.contains("second line"), "{md}");
        // The device tables come in the run's order.
        assert!(md.find("Device `cpu`") < md.find("Device `cuda`"));
    }

    #[test]
    fn new_failures_against_a_base() {
        let base = example_report();
        let mut new = base.clone();
        new.trials[0].status = Status::Fail;
        new.trials[0].repro = "repro-0".into();
        new.trials[2].status = Status::Xpass; // xfail -> xpass
        new.trials.retain(|t| t.status != Status::Skip);
        new.refresh();
        let md = markdown(&new, Some(&base));
        assert!(md.contains("### New failures (2)"), "{md}");
        assert!(
            md.contains("1 new xpasses), 0 fixed, 1 trials disappeared, 0 new trials."),
            "{md}"
        );
        assert!(
            md.contains("| `reference::sin::cpu::float64` | fail |"),
            "{md}"
        );
        assert!(md.contains("| `sample::add::cpu::int8` | xpass |"), "{md}");
        assert!(
            !md.contains("`reference::sin::cpu::float32` | fail | value"),
            "{md}"
        );
        let same = markdown(&base, Some(&base));
        assert!(same.contains("### New failures (0)") && same.contains("None."));
    }

    #[test]
    fn worst_ranks_by_ulp_then_mismatch_share() {
        let mut r = example_report();
        let m = r.trials[1].metrics.clone().unwrap();
        let mut add = |dtype: &str, status: Status, ulp: f64, mismatched: u64| {
            let mut t = trial("values", "exp", "cpu", dtype, status);
            t.metrics = Some(Metrics {
                max_ulp: ulp,
                mismatched,
                ..m.clone()
            });
            r.trials.push(t);
        };
        add("a", Status::Fail, 100.0, 1);
        add("b", Status::Xfail, 100.0, 10);
        add("c", Status::Fail, f64::NAN, 1);
        add("d", Status::Pass, 1e9, 64); // passing: not a divergence
        add("e", Status::Skip, 1e9, 64);
        r.refresh();
        let md = markdown(&r, None);
        let table = &md[md.find("### Worst divergences").unwrap()..];
        let order: Vec<&str> = table
            .lines()
            .filter_map(|l| l.strip_prefix("| `values::exp::cpu::"))
            .map(|l| &l[..1])
            .collect();
        assert_eq!(order, ["c", "b", "a"]);
        assert!(table.contains("| NaN | 1/64 |"), "{table}");
    }

    #[test]
    fn size_is_bounded_for_a_large_report() {
        let mut r = example_report();
        r.trials.clear();
        let templates = [
            "reference",
            "sample",
            "values",
            "errors",
            "noncontiguous",
            "dtypes",
        ];
        let statuses = [Status::Pass, Status::Fail, Status::Xfail, Status::Skip];
        let m = example_report().trials[1].metrics.clone().unwrap();
        for n in 0..40_000usize {
            let status = statuses[n % statuses.len()];
            let device = if n % 3 == 0 { "cuda" } else { "cpu" };
            let template = templates[n % templates.len()];
            let mut t = trial(template, &format!("op{n}"), device, "float32", status);
            if status == Status::Fail {
                t.message = Some(format!("failure {n}\nwith details"));
                t.metrics = Some(Metrics {
                    max_ulp: n as f64,
                    ..m.clone()
                });
            }
            r.trials.push(t);
        }
        r.divergences = (0..500)
            .map(|n| DeclaredDivergence {
                name: format!("div-{n}"),
                op: "*".into(),
                reason: "because\nof reasons".into(),
                trials: 0,
                still_holds: 0,
            })
            .collect();
        r.refresh();
        let md = markdown(&r, None);
        let lines = md.lines().count();
        assert!(lines <= 200, "{lines} lines");
        assert!(md.len() < 64 * 1024, "{} bytes", md.len());
        assert!(md.contains("### New failures (10000)"), "{md}");
        assert!(md.contains("… and 9950 more"), "{md}");
        assert!(md.contains("… and 450 more"), "{md}");
        assert!(
            md.contains("| `sample::op39997::cpu::float32` | fail | 39997 |"),
            "{md}"
        );
    }
}
