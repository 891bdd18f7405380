//! JUnit XML of a report, as CI systems read it (GitLab, Jenkins, GitHub test reporters).
//!
//! One `<testsuite>` per `template::device` pair and one `<testcase>` per trial. The mapping of
//! statuses follows pytest's JUnit output: `fail` and `xpass` (a strict expected failure that
//! passed) are `<failure>`s, `error` an `<error>`, `skip` and `xfail` `<skipped>` (the latter
//! with a message starting `xfail:`), `pass` an empty test case. So `failures + errors` is the
//! number of trials that make the run red ([`crate::Summary::failures`]).
//!
//! The XML is written by hand (no dependency): text and attributes are escaped, and the
//! characters XML 1.0 forbids (control characters other than tab, newline and carriage
//! return; U+FFFE, U+FFFF) are dropped, since no escape can represent them and a parser
//! rejects the whole file for one of them.

use std::collections::BTreeMap;
use std::fmt::Write;

use crate::model::{Report, Status, TrialRecord};

/// Whether XML 1.0 forbids `c` anywhere in a document (`Char` production of the spec;
/// surrogates cannot occur in a Rust `char`).
fn forbidden(c: char) -> bool {
    matches!(c, '\u{0}'..='\u{8}' | '\u{b}' | '\u{c}' | '\u{e}'..='\u{1f}' | '\u{fffe}' | '\u{ffff}')
}

/// Appends `s` escaped for XML text or, with `attr`, for a double- or single-quoted attribute
/// value (where tabs and line breaks are written as character references, since a parser
/// would otherwise normalise them to spaces).
fn escape_into(out: &mut String, s: &str, attr: bool) {
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&apos;"),
            // A raw CR would be read back as LF even in text.
            '\r' => out.push_str("&#13;"),
            '\n' if attr => out.push_str("&#10;"),
            '\t' if attr => out.push_str("&#9;"),
            c if forbidden(c) => {}
            c => out.push(c),
        }
    }
}

fn attr(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    escape_into(&mut out, s, true);
    out
}

/// Seconds for a `time` attribute: CI parsers read a plain decimal, so non-finite or negative
/// durations (which the report allows) become 0.
fn seconds(s: f64) -> String {
    format!("{:.6}", if s.is_finite() && s > 0.0 { s } else { 0.0 })
}

/// Counts of one suite (or of all of them), in JUnit's terms.
#[derive(Default)]
struct Counts {
    tests: usize,
    failures: usize,
    errors: usize,
    skipped: usize,
    time: f64,
}

impl Counts {
    fn add(&mut self, t: &TrialRecord) {
        self.tests += 1;
        match t.status {
            Status::Fail | Status::Xpass => self.failures += 1,
            Status::Error => self.errors += 1,
            Status::Skip | Status::Xfail => self.skipped += 1,
            Status::Pass => {}
        }
        if t.duration_ms.is_finite() && t.duration_ms > 0.0 {
            self.time += t.duration_ms / 1000.0;
        }
    }

    fn attrs(&self, time: f64) -> String {
        format!(
            "tests=\"{}\" failures=\"{}\" errors=\"{}\" skipped=\"{}\" time=\"{}\"",
            self.tests,
            self.failures,
            self.errors,
            self.skipped,
            seconds(time)
        )
    }
}

fn first_line(s: &str) -> &str {
    s.lines().next().unwrap_or("")
}

/// The body of a `<failure>` or `<error>`: everything needed to understand and re-run it.
fn details(t: &TrialRecord, report: &Report) -> String {
    let mut out = String::new();
    if let Some(m) = &t.message {
        let _ = writeln!(out, "{m}");
    }
    if let Some(r) = &t.reason {
        let _ = writeln!(out, "reason: {r}");
    }
    if let Some(k) = t.divergence {
        let _ = writeln!(out, "divergence: {k}");
    }
    if let Some(m) = &t.metrics {
        let _ = writeln!(
            out,
            "worst element {:?}: got {}, expected {}",
            m.worst_index, m.worst_got, m.worst_expected
        );
        let bound = m
            .ulp_bound
            .map_or(String::new(), |b| format!(" (ulp_bound {b})"));
        let _ = writeln!(
            out,
            "max_ulp {}{bound}, max_abs_err {:e}, max_rel_err {:e}, mismatched {}/{}, rtol {:e}, atol {:e}",
            m.max_ulp, m.max_abs_err, m.max_rel_err, m.mismatched, m.total, m.rtol, m.atol
        );
        if let Some(r) = m.reference_abs_err {
            let _ = writeln!(out, "reference_abs_err {r:e}");
        }
    }
    if let Some(s) = &t.sample {
        let _ = writeln!(
            out,
            "sample {} ({}): {} (seed {})",
            s.index, s.kind, s.description, s.seed
        );
        for (i, o) in s.operands.iter().enumerate() {
            match &o.python_scalar {
                Some(lit) => {
                    let _ = writeln!(out, "  operand {i}: Python scalar {lit} ({})", o.dtype);
                }
                None => {
                    let _ = writeln!(
                        out,
                        "  operand {i}: {} shape {:?} strides {:?} offset {}",
                        o.dtype, o.shape, o.strides, o.offset
                    );
                }
            }
        }
        if !s.kwargs.is_empty() {
            let kw: Vec<String> = s.kwargs.iter().map(|(k, v)| format!("{k}={v}")).collect();
            let _ = writeln!(out, "  kwargs: {}", kw.join(", "));
        }
    }
    if let Some(name) = &t.declared_divergence {
        match report.divergences.iter().find(|d| &d.name == name) {
            Some(d) => {
                let _ = writeln!(out, "declared divergence {name} ({}): {}", d.op, d.reason);
            }
            None => {
                let _ = writeln!(out, "declared divergence {name}");
            }
        }
    }
    let _ = writeln!(out, "samples checked: {}", t.samples_checked);
    if !t.repro.is_empty() {
        let _ = writeln!(out, "repro: {}", t.repro);
    }
    out
}

/// Writes `<tag type=.. message=..>details</tag>`.
fn element(out: &mut String, tag: &str, kind: &str, message: &str, body: &str) {
    let _ = write!(
        out,
        "      <{tag} type=\"{}\" message=\"{}\">",
        attr(kind),
        attr(message)
    );
    escape_into(out, body, false);
    let _ = writeln!(out, "</{tag}>");
}

fn testcase(out: &mut String, t: &TrialRecord, report: &Report) {
    let _ = write!(
        out,
        "    <testcase name=\"{}\" classname=\"{}\" time=\"{}\"",
        attr(&t.id),
        attr(&format!("opinfo.{}.{}", t.template, t.device)),
        seconds(t.duration_ms / 1000.0)
    );
    let kind = t.divergence.map(|k| k.as_str());
    let message = t.message.as_deref().map(first_line);
    match t.status {
        Status::Pass => {
            out.push_str("/>\n");
            return;
        }
        Status::Skip => {
            let _ = writeln!(
                out,
                ">\n      <skipped message=\"{}\"/>",
                attr(t.reason.as_deref().unwrap_or("skipped"))
            );
        }
        Status::Xfail => {
            let why = t
                .reason
                .as_deref()
                .or(message)
                .unwrap_or("expected failure");
            let _ = writeln!(
                out,
                ">\n      <skipped message=\"{}\"/>",
                attr(&format!("xfail: {}", first_line(why)))
            );
        }
        Status::Fail => {
            out.push_str(">\n");
            let m = message.or(kind).unwrap_or("failed");
            element(
                out,
                "failure",
                kind.unwrap_or("fail"),
                m,
                &details(t, report),
            );
        }
        Status::Xpass => {
            out.push_str(">\n");
            let why = t
                .reason
                .clone()
                .or_else(|| {
                    t.declared_divergence
                        .as_ref()
                        .map(|d| format!("declared divergence {d}"))
                })
                .unwrap_or_else(|| "no reason recorded".into());
            let m = format!("expected failure passed (strict): {}", first_line(&why));
            element(out, "failure", "xpass", &m, &details(t, report));
        }
        Status::Error => {
            out.push_str(">\n");
            let m = message.or(kind).unwrap_or("error");
            element(
                out,
                "error",
                kind.unwrap_or("error"),
                m,
                &details(t, report),
            );
        }
    }
    out.push_str("    </testcase>\n");
}

/// The JUnit XML document of `report`: `<testsuites name="opinfo">` with the totals (its
/// `time` the run's wall time), a `<testsuite name="template::device">` per pair, sorted (its
/// `time` the sum of its trials' durations), and a `<testcase name="<trial id>"
/// classname="opinfo.<template>.<device>">` per trial, sorted by id.
pub fn junit(report: &Report) -> String {
    // Keyed by the suite's name, so suites sort by the name a CI page shows.
    let mut suites: BTreeMap<String, Vec<&TrialRecord>> = BTreeMap::new();
    for t in &report.trials {
        suites
            .entry(format!("{}::{}", t.template, t.device))
            .or_default()
            .push(t);
    }
    let mut total = Counts::default();
    report.trials.iter().for_each(|t| total.add(t));
    let wall = if report.run.wall_time_s.is_finite() {
        report.run.wall_time_s
    } else {
        total.time
    };

    let mut out = String::from("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n");
    let _ = writeln!(out, "<testsuites name=\"opinfo\" {}>", total.attrs(wall));
    for (name, mut trials) in suites {
        trials.sort_by(|a, b| a.id.cmp(&b.id));
        let mut c = Counts::default();
        trials.iter().for_each(|t| c.add(t));
        let _ = writeln!(
            out,
            "  <testsuite name=\"{}\" {}>",
            attr(&name),
            c.attrs(c.time)
        );
        for t in trials {
            testcase(&mut out, t, report);
        }
        out.push_str("  </testsuite>\n");
    }
    out.push_str("</testsuites>\n");
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::example::{example_report, trial};
    use roxmltree::Document;

    fn attr_of<'a>(n: roxmltree::Node<'a, 'a>, name: &str) -> &'a str {
        n.attribute(name)
            .unwrap_or_else(|| panic!("{} has no {name}", n.tag_name().name()))
    }

    fn num(n: roxmltree::Node, name: &str) -> usize {
        attr_of(n, name).parse().unwrap()
    }

    #[test]
    fn counts_match_the_summary_and_every_trial_appears_once() {
        let r = example_report();
        let xml = junit(&r);
        let doc = Document::parse(&xml).unwrap();
        let root = doc.root_element();
        assert_eq!(root.tag_name().name(), "testsuites");
        assert_eq!(attr_of(root, "name"), "opinfo");
        let s = &r.summary;
        let want = [
            ("tests", s.total),
            ("failures", s.count(Status::Fail) + s.count(Status::Xpass)),
            ("errors", s.count(Status::Error)),
            ("skipped", s.count(Status::Skip) + s.count(Status::Xfail)),
        ];
        for (name, n) in want {
            assert_eq!(num(root, name), n, "testsuites {name}");
        }
        assert_eq!(num(root, "failures") + num(root, "errors"), s.failures());
        assert_eq!(attr_of(root, "time"), "12.500000");

        let suites: Vec<_> = root.children().filter(|n| n.is_element()).collect();
        let names: Vec<&str> = suites.iter().map(|n| attr_of(*n, "name")).collect();
        assert_eq!(
            names,
            [
                "error::cpu",
                "reference::cpu",
                "reference::cuda",
                "sample::cpu"
            ]
        );
        for name in ["tests", "failures", "errors", "skipped"] {
            let sum: usize = suites.iter().map(|n| num(*n, name)).sum();
            assert_eq!(sum, num(root, name), "suites' {name} add up");
        }
        for suite in &suites {
            let cases: Vec<_> = suite.children().filter(|n| n.is_element()).collect();
            assert_eq!(cases.len(), num(*suite, "tests"));
            let count = |tag: &str| {
                cases
                    .iter()
                    .filter(|c| c.children().any(|x| x.has_tag_name(tag)))
                    .count()
            };
            assert_eq!(count("failure"), num(*suite, "failures"));
            assert_eq!(count("error"), num(*suite, "errors"));
            assert_eq!(count("skipped"), num(*suite, "skipped"));
        }

        let mut seen: BTreeMap<String, usize> = BTreeMap::new();
        for case in doc.descendants().filter(|n| n.has_tag_name("testcase")) {
            *seen.entry(attr_of(case, "name").to_string()).or_default() += 1;
            let t = r.trial(attr_of(case, "name")).unwrap();
            assert_eq!(
                attr_of(case, "classname"),
                format!("opinfo.{}.{}", t.template, t.device)
            );
            assert_eq!(attr_of(case, "time"), "0.000500");
        }
        let want: BTreeMap<String, usize> = r.trials.iter().map(|t| (t.id.clone(), 1)).collect();
        assert_eq!(seen, want);
    }

    fn case<'a>(doc: &'a Document<'a>, id: &str) -> roxmltree::Node<'a, 'a> {
        doc.descendants()
            .find(|n| n.has_tag_name("testcase") && n.attribute("name") == Some(id))
            .unwrap()
    }

    fn child<'a>(n: roxmltree::Node<'a, 'a>, tag: &str) -> roxmltree::Node<'a, 'a> {
        n.children().find(|c| c.has_tag_name(tag)).unwrap()
    }

    #[test]
    fn statuses_map_to_junit_elements() {
        let r = example_report();
        let xml = junit(&r);
        let doc = Document::parse(&xml).unwrap();

        let pass = case(&doc, "reference::sin::cpu::float64");
        assert!(pass.children().all(|c| !c.is_element()));

        let fail = child(case(&doc, "reference::sin::cpu::float32"), "failure");
        assert_eq!(attr_of(fail, "type"), "value");
        assert_eq!(attr_of(fail, "message"), "values differ beyond tolerance");
        let body = fail.text().unwrap();
        for needle in [
            "values differ beyond tolerance\n",
            "worst element [2, 5]: got inf, expected 0.5",
            "max_ulp 3 (ulp_bound 3), max_abs_err inf, max_rel_err NaN, mismatched 1/64, rtol 0e0, atol 0e0",
            "sample 3 (reference): transposed 4x16, negative strides (seed 42)",
            "operand 0: float32 shape [4, 16] strides [-1, 4] offset 3",
            "operand 1: Python scalar 2.5 (float64)",
            "kwargs: out=None",
            "repro: cargo test -p harness -- --exact reference::sin::cpu::float32",
        ] {
            assert!(body.contains(needle), "{needle:?} not in {body}");
        }

        let xpass = child(case(&doc, "sample::add::cpu::int16"), "failure");
        assert_eq!(attr_of(xpass, "type"), "xpass");
        assert_eq!(
            attr_of(xpass, "message"),
            "expected failure passed (strict): declared divergence add-int-overflow-raises"
        );
        assert!(xpass.text().unwrap().contains(
            "declared divergence add-int-overflow-raises (add): integer overflow raises"
        ));

        let error = child(case(&doc, "error::sin::cpu::bfloat16"), "error");
        assert_eq!(
            attr_of(error, "message"),
            "oracle raised ImportError: ml_dtypes"
        );
        assert_eq!(attr_of(error, "type"), "error");

        let skip = child(case(&doc, "reference::sin::cuda::float32"), "skipped");
        assert_eq!(attr_of(skip, "message"), "device unavailable");
        let xfail = child(case(&doc, "sample::add::cpu::int8"), "skipped");
        assert_eq!(
            attr_of(xfail, "message"),
            "xfail: overflow raises instead of wrapping"
        );
        // A failure without a message falls back to its kind.
        let panic = child(case(&doc, "sample::sin::cpu::dtype4"), "failure");
        assert_eq!(
            (attr_of(panic, "type"), attr_of(panic, "message")),
            ("panic", "panic")
        );
    }

    #[test]
    fn special_and_forbidden_characters_are_escaped_or_dropped() {
        let mut r = example_report();
        let nasty = "a <b> & \"c\" 'd'\u{1b}[31m\u{0}\ttab\r\nsecond line";
        let mut t = trial("reference", "sin", "cpu", "complex64", Status::Fail);
        t.message = Some(nasty.into());
        t.repro = "cargo test -- --exact 'x<y>&z'".into();
        r.trials.push(t);
        let mut s = trial("reference", "sin", "cpu", "uint8", Status::Skip);
        s.reason = Some("line 1\nline 2\t\"q\"".into());
        r.trials.push(s);
        r.refresh();
        let xml = junit(&r);
        assert!(!xml.contains('\u{1b}') && !xml.contains('\u{0}'));
        let doc = Document::parse(&xml).expect("well-formed XML");
        let f = child(case(&doc, "reference::sin::cpu::complex64"), "failure");
        assert_eq!(attr_of(f, "message"), "a <b> & \"c\" 'd'[31m\ttab");
        let body = f.text().unwrap();
        assert!(
            body.starts_with("a <b> & \"c\" 'd'[31m\ttab\r\nsecond line\n"),
            "{body:?}"
        );
        assert!(
            body.contains("repro: cargo test -- --exact 'x<y>&z'"),
            "{body}"
        );
        let sk = child(case(&doc, "reference::sin::cpu::uint8"), "skipped");
        assert_eq!(attr_of(sk, "message"), "line 1\nline 2\t\"q\"");
    }

    #[test]
    fn empty_report_and_odd_durations() {
        let mut r = example_report();
        r.trials.clear();
        r.run.wall_time_s = f64::NAN;
        r.refresh();
        let xml = junit(&r);
        let doc = Document::parse(&xml).unwrap();
        let root = doc.root_element();
        assert_eq!(num(root, "tests"), 0);
        assert_eq!(attr_of(root, "time"), "0.000000");
        assert_eq!(root.children().filter(|n| n.is_element()).count(), 0);

        let mut r = example_report();
        r.trials[0].duration_ms = f64::INFINITY;
        r.trials[1].duration_ms = -1.0;
        let xml = junit(&r);
        let doc = Document::parse(&xml).unwrap();
        assert_eq!(attr_of(case(&doc, &r.trials[0].id), "time"), "0.000000");
        assert_eq!(attr_of(case(&doc, &r.trials[1].id), "time"), "0.000000");
    }
}
