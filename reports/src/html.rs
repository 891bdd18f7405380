//! A self-contained, interactive HTML page of a report (`opinfo-report html`).
//!
//! One file, no network: the CSS and the script are inline, there are no external fonts,
//! images or scripts, and a Content-Security-Policy forbids fetching anything. The header
//! (run metadata, counts by status, devices) and the declared-divergence table are written
//! here as HTML; the trials are embedded once, as a compact JSON blob in
//! `<script type="application/json" id="opinfo-data">`, from which the script builds:
//!
//! * the list of failing trials (`fail`, `error`, `xpass`), each linking to its detail;
//! * one heatmap per (template, device) pair: rows the ops (sorted), columns the dtypes
//!   (NumPy order, [`NUMPY_DTYPES`], then any other dtype in order of appearance), one
//!   `<td class="cell s-<status>" data-id="<trial id>">` per trial with a tooltip, absent
//!   combinations a blank `<td class="void">`;
//! * a text filter (`<input id="filter">`: a row stays when its op name or one of its cells'
//!   ids contains the text, case-insensitively; non-matching cells are dimmed) and a status
//!   filter (one checkbox per status);
//! * the detail panel (`<div id="detail">`) of the clicked trial: id, status, divergence,
//!   message, reason, declared divergence, the worst element and the other metrics, the
//!   sample and the repro command (a `<code id="repro">` with a copy button). The page's
//!   URL fragment follows the selection, `#trial=<id>`; a page opened with such a fragment
//!   shows that trial's detail on load (without scrolling: the panel is always in view), and
//!   a link followed in the page (failing list, divergence table) also scrolls to the cell.
//!   The fragment may also set the filters: `#filter=<text>&status=fail,error` (parameters
//!   joined by `&`, values percent-encoded; `status` lists the statuses to keep). Once drawn, the page's `<html>` element
//!   has `data-opinfo="ready"` (`"error"`, with the error shown above the heatmaps, if the
//!   script failed).
//!
//! Report text is escaped wherever it goes: [`escape`] in the HTML written here; in the
//! JSON blob every `<` is written `\u003c` (so neither `</script>` nor `<!--` can occur
//! inside the element); the script only ever inserts report text as text nodes and attribute
//! values, never as markup.
//!
//! The blob is compact: strings that repeat (messages, reasons, descriptions, dtypes, op
//! names, formatted values) are interned in a string table, records are positional arrays,
//! and a repro command containing its trial's id is stored as a shared prefix and suffix
//! around it. A 40,000-trial report with a sample and metrics on every trial gives a page of
//! roughly 200 bytes per trial.

use std::collections::{BTreeMap, HashMap};
use std::fmt::Write;

use serde_json::{json, Value};

use crate::model::{Metrics, Report, SampleInfo, Status, TrialRecord};
use crate::summary::Summary;

/// The dtypes in NumPy's order (bool, signed and unsigned integers by width, floats,
/// complex), the order of the heatmaps' columns. Dtypes not listed here follow, in order of
/// appearance in the report.
pub const NUMPY_DTYPES: [&str; 15] = [
    "bool",
    "int8",
    "uint8",
    "int16",
    "uint16",
    "int32",
    "uint32",
    "int64",
    "uint64",
    "float16",
    "bfloat16",
    "float32",
    "float64",
    "complex64",
    "complex128",
];

/// How many trials each declared divergence row links to.
pub const DIVERGENCE_LINKS: usize = 5;

/// Escapes `s` for HTML text and for quoted attribute values: `& < > " '` become character
/// references; NUL, which HTML parsers replace or drop, becomes U+FFFD.
pub fn escape(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            '\0' => out.push('\u{fffd}'),
            c => out.push(c),
        }
    }
    out
}

/// The `#trial=<id>` fragment of a link to a trial's detail, percent-encoded (only ASCII
/// letters, digits, `-._~:` kept) and so safe in an attribute.
fn trial_href(id: &str) -> String {
    let mut out = String::from("#trial=");
    for b in id.bytes() {
        if b.is_ascii_alphanumeric() || b"-._~:".contains(&b) {
            out.push(b as char);
        } else {
            let _ = write!(out, "%{b:02X}");
        }
    }
    out
}

/// Short column heading of a dtype (`f32`, `c128`, ...); the full name is the tooltip.
fn short_dtype(d: &str) -> &str {
    match d {
        "bool" => "b",
        "int8" => "i8",
        "uint8" => "u8",
        "int16" => "i16",
        "uint16" => "u16",
        "int32" => "i32",
        "uint32" => "u32",
        "int64" => "i64",
        "uint64" => "u64",
        "float16" => "f16",
        "bfloat16" => "bf16",
        "float32" => "f32",
        "float64" => "f64",
        "complex64" => "c64",
        "complex128" => "c128",
        d => d,
    }
}

/// One heatmap: a (template, device) pair.
#[derive(Debug)]
struct Table<'a> {
    template: &'a str,
    device: &'a str,
    /// Row headings, sorted.
    ops: Vec<&'a str>,
    /// `ops.len() * dtypes.len()` cells, row-major: the index of the trial in that cell.
    cells: Vec<Option<usize>>,
}

/// Where every trial goes in the heatmaps.
#[derive(Debug)]
struct Grid<'a> {
    /// The columns of every table.
    dtypes: Vec<&'a str>,
    /// By template, then device (the run's device order, then any other by name).
    tables: Vec<Table<'a>>,
    /// Trials whose cell an earlier trial of the same coordinates already took (only in an
    /// invalid report: ids are unique).
    unplaced: Vec<usize>,
}

fn grid(r: &Report) -> Grid<'_> {
    let mut seen: Vec<&str> = Vec::new();
    for t in &r.trials {
        if !seen.contains(&t.dtype.as_str()) {
            seen.push(&t.dtype);
        }
    }
    let mut dtypes: Vec<&str> = NUMPY_DTYPES
        .iter()
        .copied()
        .filter(|d| seen.contains(d))
        .collect();
    dtypes.extend(seen.iter().copied().filter(|d| !NUMPY_DTYPES.contains(d)));
    let col: HashMap<&str, usize> = dtypes.iter().enumerate().map(|(i, d)| (*d, i)).collect();
    let rank = |device: &str| {
        r.run
            .devices
            .iter()
            .position(|d| d.name == device)
            .unwrap_or(usize::MAX)
    };
    type Rows<'a> = BTreeMap<&'a str, Vec<Option<usize>>>;
    let mut pairs: BTreeMap<(&str, usize, &str), Rows> = BTreeMap::new();
    let mut unplaced = Vec::new();
    for (i, t) in r.trials.iter().enumerate() {
        let row = pairs
            .entry((&t.template, rank(&t.device), &t.device))
            .or_default()
            .entry(&t.op)
            .or_insert_with(|| vec![None; dtypes.len()]);
        let cell = &mut row[col[t.dtype.as_str()]];
        if cell.is_none() {
            *cell = Some(i);
        } else {
            unplaced.push(i);
        }
    }
    let tables = pairs
        .into_iter()
        .map(|((template, _, device), rows)| Table {
            template,
            device,
            ops: rows.keys().copied().collect(),
            cells: rows.into_values().flatten().collect(),
        })
        .collect();
    Grid {
        dtypes,
        tables,
        unplaced,
    }
}

/// The string table of the blob: each distinct string once, referred to by index.
#[derive(Default)]
struct Strings<'a> {
    list: Vec<&'a str>,
    index: HashMap<&'a str, usize>,
}

impl<'a> Strings<'a> {
    fn id(&mut self, s: &'a str) -> Value {
        let next = self.list.len();
        let i = *self.index.entry(s).or_insert(next);
        if i == next {
            self.list.push(s);
        }
        json!(i)
    }

    fn opt(&mut self, s: Option<&'a str>) -> Value {
        s.map_or(Value::Null, |s| self.id(s))
    }
}

/// Repro commands: `[prefix, suffix]` around the trial's id when it contains it (the usual
/// `cargo test ... -- --exact <id>`: one entry for the whole report), else the command.
#[derive(Default)]
struct Repros<'a> {
    list: Vec<Value>,
    index: HashMap<(bool, &'a str, &'a str), usize>,
}

impl<'a> Repros<'a> {
    fn id(&mut self, t: &'a TrialRecord) -> Value {
        let key = match t.repro.find(t.id.as_str()) {
            Some(at) if !t.id.is_empty() => (true, &t.repro[..at], &t.repro[at + t.id.len()..]),
            _ => (false, t.repro.as_str(), ""),
        };
        let next = self.list.len();
        let i = *self.index.entry(key).or_insert(next);
        if i == next {
            self.list.push(match key {
                (true, pre, post) => json!([pre, post]),
                (false, whole, _) => json!(whole),
            });
        }
        json!(i)
    }
}

/// A float as the report writes it: a number when finite, else `"nan"`, `"inf"`, `"-inf"`.
fn num(x: f64) -> Value {
    if x.is_finite() {
        json!(x)
    } else if x.is_nan() {
        json!("nan")
    } else if x > 0.0 {
        json!("inf")
    } else {
        json!("-inf")
    }
}

/// `[max_abs_err, max_rel_err, max_ulp, mismatched, total, worst_index, worst_got (string),
/// worst_expected (string), rtol, atol, reference_abs_err, ulp_bound]`.
fn metrics<'a>(m: &'a Metrics, s: &mut Strings<'a>) -> Value {
    json!([
        num(m.max_abs_err),
        num(m.max_rel_err),
        num(m.max_ulp),
        m.mismatched,
        m.total,
        m.worst_index,
        s.id(&m.worst_got),
        s.id(&m.worst_expected),
        num(m.rtol),
        num(m.atol),
        m.reference_abs_err.map_or(Value::Null, num),
        m.ulp_bound.map_or(Value::Null, num),
    ])
}

/// `[index, kind, description, operands, kwargs, seed]`, operands
/// `[dtype, shape, strides, offset, python_scalar]`; the seed as a decimal string (a u64
/// does not fit a JavaScript number).
fn sample<'a>(x: &'a SampleInfo, s: &mut Strings<'a>) -> Value {
    let operands: Vec<Value> = x
        .operands
        .iter()
        .map(|o| {
            json!([
                s.id(&o.dtype),
                o.shape,
                o.strides,
                o.offset,
                s.opt(o.python_scalar.as_deref())
            ])
        })
        .collect();
    json!([
        x.index,
        s.id(&x.kind),
        s.id(&x.description),
        operands,
        x.kwargs,
        x.seed.to_string()
    ])
}

/// The blob: `statuses`, `failing` (indices of the failing statuses), `dtypes`, `short`
/// (their column headings), `tables` (`{template, device, ops: [string], cells: [trial or
/// -1]}`), `t` (trials: `[id, status, samples_checked, repro, duration_ms, metrics, sample,
/// divergence kind, message, reason, declared divergence]`, trailing nulls left out), `s`
/// (strings), `r` (repros),
/// `d` (declared divergences by name: `[op, reason, trials, still_holds]`).
fn data(r: &Report, g: &Grid) -> String {
    let mut s = Strings::default();
    let mut repros = Repros::default();
    let tables: Vec<Value> = g
        .tables
        .iter()
        .map(|tb| {
            let ops: Vec<Value> = tb.ops.iter().map(|o| s.id(o)).collect();
            let cells: Vec<i64> = tb
                .cells
                .iter()
                .map(|c| c.map_or(-1, |i| i as i64))
                .collect();
            json!({"template": tb.template, "device": tb.device, "ops": ops, "cells": cells})
        })
        .collect();
    let trials: Vec<Value> = r
        .trials
        .iter()
        .map(|t| {
            let status = Status::ALL.iter().position(|x| *x == t.status).unwrap_or(0);
            // Microseconds are plenty for a duration on a page, and keep the blob short.
            let ms = if t.duration_ms.is_finite() {
                (t.duration_ms * 1000.0).round() / 1000.0
            } else {
                t.duration_ms
            };
            let mut v = vec![
                json!(t.id),
                json!(status),
                json!(t.samples_checked),
                repros.id(t),
                num(ms),
                t.metrics
                    .as_ref()
                    .map_or(Value::Null, |m| metrics(m, &mut s)),
                t.sample.as_ref().map_or(Value::Null, |x| sample(x, &mut s)),
                json!(t.divergence.map(|k| k.as_str())),
                s.opt(t.message.as_deref()),
                s.opt(t.reason.as_deref()),
                s.opt(t.declared_divergence.as_deref()),
            ];
            // The rarer fields come last, so a passing trial's record ends early.
            while v.last() == Some(&Value::Null) {
                v.pop();
            }
            Value::Array(v)
        })
        .collect();
    let divergences: serde_json::Map<String, Value> = r
        .divergences
        .iter()
        .map(|d| {
            (
                d.name.clone(),
                json!([d.op, d.reason, d.trials, d.still_holds]),
            )
        })
        .collect();
    let failing: Vec<usize> = (0..Status::ALL.len())
        .filter(|&i| Status::ALL[i].is_failure())
        .collect();
    let blob = json!({
        "statuses": Status::ALL.iter().map(|s| s.as_str()).collect::<Vec<_>>(),
        "failing": failing,
        "dtypes": g.dtypes,
        "short": g.dtypes.iter().map(|d| short_dtype(d)).collect::<Vec<_>>(),
        "tables": tables,
        "t": trials,
        "s": s.list,
        "r": repros.list,
        "d": divergences,
    });
    // `<` only occurs inside JSON strings, where `\u003c` means the same: no `</script>`
    // (nor `<!--`, which would change how the element ends) can appear in the element.
    serde_json::to_string(&blob)
        .expect("the blob serialises")
        .replace('<', "\\u003c")
}

fn opt_text(s: &Option<String>) -> String {
    s.as_deref().map_or("?".to_string(), escape)
}

fn header(out: &mut String, r: &Report, sum: &Summary, g: &Grid) {
    let m = &r.run;
    let failing = sum.failures();
    let _ = writeln!(
        out,
        "<header>\n<h1><span class=\"mark {}\">{}</span> OpInfo report: {} trials, {failing} failing</h1>",
        if failing == 0 { "ok" } else { "bad" },
        if failing == 0 { "✓" } else { "✗" },
        sum.total
    );
    let mut facts: Vec<(&str, String)> = vec![
        (
            "commit",
            m.commit
                .as_deref()
                .map_or("?".into(), |c| format!("<code>{}</code>", escape(c))),
        ),
        ("started", escape(&m.started_at)),
        ("wall time", format!("{:.1} s", m.wall_time_s)),
        ("NumPy", opt_text(&m.numpy_version)),
        ("Python", opt_text(&m.python_version)),
        ("ml_dtypes", opt_text(&m.ml_dtypes_version)),
        ("SciPy", opt_text(&m.scipy_version)),
        ("rustc", opt_text(&m.rustc_version)),
        ("CPU", opt_text(&m.cpu_model)),
        ("threads", m.threads.to_string()),
    ];
    if let Some(s) = m.shard {
        facts.push(("shard", format!("{}/{}", s.index, s.count)));
    }
    if let Some(mx) = &m.matrix {
        facts.push((
            "matrix",
            format!("{} of its {} trials in this report", sum.total, mx.trials),
        ));
    }
    if let Some(f) = &m.filter {
        facts.push(("filter", format!("<code>{}</code>", escape(f))));
    }
    facts.push(("command", format!("<code>{}</code>", escape(&m.command))));
    facts.push(("schema", escape(&r.schema_version)));
    out.push_str("<dl class=\"facts\">\n");
    for (k, v) in facts {
        let _ = writeln!(out, "<div><dt>{k}</dt><dd>{v}</dd></div>");
    }
    out.push_str("</dl>\n<ul class=\"counts\">\n");
    for s in Status::ALL {
        let _ = writeln!(
            out,
            "<li class=\"badge s-{s}\" data-status=\"{s}\">{s} <b>{}</b></li>",
            sum.count(s)
        );
    }
    out.push_str("<li class=\"badge s-none\">absent</li>\n</ul>\n");
    if !m.devices.is_empty() {
        out.push_str("<ul class=\"devices\">\n");
        for d in &m.devices {
            let ignored = if d.ignored_trials > 0 {
                format!("; {} trials not run", d.ignored_trials)
            } else {
                String::new()
            };
            let _ = writeln!(
                out,
                "<li><b>{}</b> {} — {}{ignored}</li>",
                escape(&d.name),
                if d.available {
                    "available"
                } else {
                    "unavailable"
                },
                escape(&d.detail)
            );
        }
        out.push_str("</ul>\n");
    }
    if !g.unplaced.is_empty() {
        let ids: Vec<String> = g
            .unplaced
            .iter()
            .take(20)
            .map(|&i| format!("<code>{}</code>", escape(&r.trials[i].id)))
            .collect();
        let _ = writeln!(
            out,
            "<p class=\"warn\">{} trials have the coordinates of an earlier trial (duplicate \
             ids: the report is invalid) and are not in the heatmaps: {}{}</p>",
            g.unplaced.len(),
            ids.join(", "),
            if g.unplaced.len() > 20 { ", …" } else { "" }
        );
    }
    out.push_str("</header>\n");
}

fn declared(out: &mut String, r: &Report) {
    let _ = writeln!(
        out,
        "<section id=\"declared\">\n<h2>Declared divergences ({})</h2>",
        r.divergences.len()
    );
    if r.divergences.is_empty() {
        out.push_str("<p class=\"muted\">None declared.</p>\n</section>\n");
        return;
    }
    let mut naming: HashMap<&str, Vec<&str>> = HashMap::new();
    for t in &r.trials {
        if let Some(d) = &t.declared_divergence {
            naming.entry(d).or_default().push(&t.id);
        }
    }
    out.push_str(
        "<div class=\"scroll\"><table class=\"list fixed\">\n<colgroup><col class=\"w-name\">\
         <col class=\"w-op\"><col class=\"w-num\"><col class=\"w-num\"><col><col class=\"w-ids\">\
         </colgroup>\n<thead><tr><th>name</th><th>op</th>\
         <th>trials</th><th>still holds</th><th>reason</th><th>trials naming it</th></tr>\
         </thead>\n<tbody>\n",
    );
    for d in &r.divergences {
        let ids = naming.get(d.name.as_str()).map_or(&[][..], Vec::as_slice);
        let mut links: Vec<String> = ids
            .iter()
            .take(DIVERGENCE_LINKS)
            .map(|id| format!("<a href=\"{}\">{}</a>", trial_href(id), escape(id)))
            .collect();
        if ids.len() > DIVERGENCE_LINKS {
            links.push(format!("… and {} more", ids.len() - DIVERGENCE_LINKS));
        }
        let _ = writeln!(
            out,
            "<tr><td><code>{}</code></td><td>{}</td><td class=\"num\">{}</td>\
             <td class=\"num\">{}</td><td>{}</td><td class=\"ids\">{}</td></tr>",
            escape(&d.name),
            escape(&d.op),
            d.trials,
            d.still_holds,
            escape(&d.reason),
            links.join("<br>")
        );
    }
    out.push_str("</tbody></table></div>\n</section>\n");
}

/// NumPy API coverage: the counts, and the missing and unsupported functions by name.
fn coverage(out: &mut String, r: &Report) {
    use crate::model::CoverageStatus as C;
    let Some(c) = &r.coverage else {
        return;
    };
    let _ = writeln!(
        out,
        "<section id=\"coverage\">\n<h2>NumPy API coverage: {} of {} public functions</h2>\n\
         <p class=\"muted\">NumPy {} (numpy, numpy.linalg, numpy.fft): {} covered by a record \
         checked live, {} declared unsupported, {} missing.</p>",
        c.count(C::Covered),
        c.functions.len(),
        escape(&c.numpy_version),
        c.count(C::Covered),
        c.count(C::Unsupported),
        c.count(C::Missing),
    );
    for (status, label) in [
        (C::Missing, "missing"),
        (C::Unsupported, "declared unsupported"),
    ] {
        let names: Vec<String> = c
            .functions
            .iter()
            .filter(|f| f.status == status)
            .map(|f| {
                let why = f.detail.as_deref().map(escape).unwrap_or_default();
                format!("<code title=\"{why}\">{}</code>", escape(&f.name))
            })
            .collect();
        if !names.is_empty() {
            let _ = writeln!(out, "<p><b>{label}:</b> {}</p>", names.join(", "));
        }
    }
    out.push_str("</section>\n");
}

fn controls(out: &mut String) {
    out.push_str(
        "<div id=\"controls\">\n<input id=\"filter\" type=\"search\" placeholder=\"filter: op or \
         trial id, e.g. sin, float32\" title=\"keeps the rows whose op name or trial ids \
         contain the text\" autocomplete=\"off\" \
         spellcheck=\"false\">\n<span id=\"status-filter\">",
    );
    for s in Status::ALL {
        let _ = write!(
            out,
            "<label class=\"badge s-{s}\"><input type=\"checkbox\" class=\"status-filter\" \
             value=\"{s}\" checked> {s}</label>"
        );
    }
    out.push_str(
        "</span>\n<button type=\"button\" id=\"only-failing\">failing only</button>\
         <button type=\"button\" id=\"all-statuses\">all</button>\n\
         <span id=\"shown\" class=\"muted\"></span>\n</div>\n",
    );
}

/// The report as one self-contained HTML page (see the module documentation).
pub fn html(report: &Report) -> String {
    let sum = Summary::of(&report.trials);
    let g = grid(report);
    let blob = data(report, &g);
    let mut out = String::with_capacity(blob.len() + 32 * 1024);
    let failing = sum.failures();
    let title = format!(
        "OpInfo report{}: {} trials, {failing} failing",
        report
            .run
            .commit
            .as_deref()
            .map_or(String::new(), |c| format!(
                " {}",
                c.chars().take(12).collect::<String>()
            )),
        sum.total
    );
    let _ = write!(
        out,
        "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n\
         <meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; \
         style-src 'unsafe-inline'; script-src 'unsafe-inline'; img-src data:\">\n\
         <meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n\
         <title>{}</title>\n<style>{CSS}</style>\n</head>\n<body>\n<div id=\"page\">\n<main>\n",
        escape(&title)
    );
    header(&mut out, report, &sum, &g);
    out.push_str(
        "<noscript><p class=\"warn\">The heatmaps, the failing list and the trial \
                  details are drawn by the page's script: enable JavaScript.</p></noscript>\n",
    );
    let _ = writeln!(
        out,
        "<section id=\"failing\">\n<h2>Failing trials ({failing})</h2>\n<p class=\"muted\">{}</p>\n\
         <div class=\"scroll\" id=\"failing-list\"></div>\n</section>",
        if failing == 0 {
            "None: no trial failed, errored or passed unexpectedly."
        } else {
            "fail, error and xpass: click one for its detail."
        }
    );
    declared(&mut out, report);
    coverage(&mut out, report);
    let _ = writeln!(
        out,
        "<section id=\"matrix\">\n<h2>Trials by template and device</h2>\n<p class=\"muted\">\
         {} tables; rows are ops, columns dtypes; click a cell for the trial's detail.</p>",
        g.tables.len()
    );
    controls(&mut out);
    out.push_str("<div id=\"heatmaps\"></div>\n</section>\n</main>\n");
    out.push_str(
        "<aside>\n<div id=\"detail\"><p class=\"muted\">Click a cell or a failing trial to see \
         its detail here.</p></div>\n</aside>\n</div>\n",
    );
    out.push_str("<script type=\"application/json\" id=\"opinfo-data\">");
    out.push_str(&blob);
    out.push_str("</script>\n<script>");
    out.push_str(JS);
    out.push_str("</script>\n</body>\n</html>\n");
    out
}

const CSS: &str = r##"
:root{--pass:#2da44e;--fail:#cf222e;--xfail:#e3a008;--xpass:#8250df;--skip:#afb8c1;--error:#1f2328;--line:#d0d7de;--muted:#57606a;--sel:#0969da}
*{box-sizing:border-box}
body{margin:0;font:14px/1.45 system-ui,-apple-system,"Segoe UI",Roboto,Helvetica,Arial,sans-serif;color:#1f2328;background:#fff}
code,pre,.mono{font-family:ui-monospace,SFMono-Regular,Menlo,Consolas,"Liberation Mono",monospace;font-size:12px}
#page{display:flex;align-items:flex-start}
main{flex:1;min-width:0;padding:12px 20px 40px}
aside{width:460px;flex:none;position:sticky;top:0;height:100vh;overflow:auto;border-left:1px solid var(--line);background:#f6f8fa;padding:12px 16px}
@media (max-width:1000px){#page{display:block}aside{width:auto;position:static;height:auto;border-left:0;border-top:1px solid var(--line)}}
h1{font-size:20px;margin:4px 0 8px}h2{font-size:16px;margin:18px 0 6px}h3{font-size:13px;margin:0 0 2px}
.mark{display:inline-block;width:1.3em;text-align:center;border-radius:4px;color:#fff}.mark.ok{background:var(--pass)}.mark.bad{background:var(--fail)}
.muted{color:var(--muted)}.warn{background:#fff8c5;border:1px solid #d4a72c;padding:6px 10px;border-radius:6px}
dl.facts{display:flex;flex-wrap:wrap;gap:2px 18px;margin:0 0 8px}dl.facts div{display:flex;gap:6px}dl.facts dt{color:var(--muted)}dl.facts dd{margin:0}
ul.counts{list-style:none;display:flex;flex-wrap:wrap;gap:6px;padding:0;margin:6px 0}
ul.devices{margin:4px 0;padding-left:20px;color:var(--muted)}
.badge{display:inline-block;padding:1px 8px;border-radius:10px;color:#fff;font-size:12px;white-space:nowrap}
.s-pass{background:var(--pass)}.s-fail{background:var(--fail)}.s-xfail{background:var(--xfail)}.s-xpass{background:var(--xpass)}.s-skip{background:var(--skip)}.s-error{background:var(--error)}
.badge.s-none{background:#fff;color:var(--muted);border:1px solid var(--line)}
.scroll:empty{display:none}.scroll{max-height:15em;overflow:auto;border:1px solid var(--line);border-radius:6px}
table.list{border-collapse:collapse;width:100%;font-size:12px}
table.list th,table.list td{border-bottom:1px solid #eaeef2;padding:3px 8px;text-align:left;vertical-align:top}
table.list thead th{position:sticky;top:0;background:#f6f8fa}
table.fixed{table-layout:fixed}table.fixed td{overflow-wrap:anywhere}
col.w-name{width:19%}col.w-op{width:11%}col.w-num{width:4.5em}col.w-ids{width:23%}
td.num{text-align:right}td.ids{font-family:ui-monospace,Menlo,Consolas,monospace;font-size:11px}
a{color:var(--sel);text-decoration:none}a:hover{text-decoration:underline}
#controls{position:sticky;top:0;z-index:2;background:#fff;padding:6px 0;display:flex;flex-wrap:wrap;gap:8px;align-items:center;border-bottom:1px solid var(--line)}
#filter{width:22em;padding:4px 8px;border:1px solid var(--line);border-radius:6px;font:inherit}
#status-filter{display:flex;gap:4px}#status-filter label{cursor:pointer}#status-filter input{margin:0 2px 0 0;vertical-align:-2px}
button{font:inherit;font-size:12px;padding:2px 8px;border:1px solid var(--line);border-radius:6px;background:#f6f8fa;cursor:pointer}
#heatmaps{display:flex;flex-wrap:wrap;gap:18px 26px;align-items:flex-start;margin-top:10px}
section.hm{flex:none}
.hm .sub{font-size:11px;color:var(--muted);margin-bottom:2px}
table.grid{border-collapse:separate;border-spacing:2px;font-size:11px}
table.grid th.dt{font-weight:normal;color:var(--muted);writing-mode:vertical-rl;transform:rotate(180deg);padding:2px 0;height:34px;text-align:left;font-size:10px}
table.grid th.op{font-weight:normal;text-align:right;padding:0 4px 0 0;max-width:150px;overflow:hidden;text-overflow:ellipsis;white-space:nowrap;font-family:ui-monospace,Menlo,Consolas,monospace;font-size:11px;line-height:12px}
td.cell,td.void{width:12px;height:12px;min-width:12px;padding:0;border-radius:2px}
td.void{background:#fff;box-shadow:inset 0 0 0 1px #eaeef2}
td.cell{cursor:pointer}td.cell:hover{outline:2px solid #444;outline-offset:0}
td.dim{opacity:.12}
td.sel{outline:3px solid var(--sel)!important;outline-offset:1px}
#detail h2{margin:2px 0 8px;font-size:14px;word-break:break-all}
#detail dl{display:grid;grid-template-columns:max-content 1fr;gap:3px 10px;margin:0 0 10px}
#detail dt{color:var(--muted)}#detail dd{margin:0;min-width:0;overflow-wrap:anywhere}
#detail pre{white-space:pre-wrap;overflow-wrap:anywhere;margin:0;background:#fff;border:1px solid var(--line);border-radius:4px;padding:4px 6px;max-height:22em;overflow:auto}
#detail h3{margin:12px 0 4px;font-size:13px;border-bottom:1px solid var(--line)}
#detail table.list{background:#fff}
#repro{display:block;white-space:pre-wrap;overflow-wrap:anywhere;background:#fff;border:1px solid var(--line);border-radius:4px;padding:6px;user-select:all;margin-bottom:6px}
"##;

const JS: &str = r##"
(function () {
'use strict';
var D = JSON.parse(document.getElementById('opinfo-data').textContent);
var S = D.s, R = D.r, T = D.t, ST = D.statuses;
var FAILING = new Set(D.failing);
// Fields of a trial record (see `data` in html.rs); trailing nulls are left out.
var CHECKED = 2, REPRO = 3, DUR = 4, MET = 5, SAMP = 6, KIND = 7, MSG = 8, REASON = 9, DECL = 10;
function $(id) { return document.getElementById(id); }
function el(tag, attrs) {
  var e = document.createElement(tag);
  if (attrs) for (var k in attrs) if (attrs[k] != null) e.setAttribute(k, attrs[k]);
  for (var i = 2; i < arguments.length; i++) {
    var c = arguments[i];
    if (c == null) continue;
    e.append(c instanceof Node ? c : String(c));
  }
  return e;
}
function str(i) { return i == null ? null : S[i]; }
function repro(t) { var r = R[t[REPRO]]; return Array.isArray(r) ? r[0] + t[0] + r[1] : r; }
function firstLine(s, n) {
  if (!s) return '';
  var l = s.split('\n', 1)[0];
  return l.length > n ? l.slice(0, n) + '\u2026' : l;
}
function fnum(x) {
  if (x == null) return null;
  if (x === 'nan') return 'NaN';
  return String(x);
}
function tuple(a) { return '(' + a.join(', ') + (a.length === 1 ? ',)' : ')'); }
var byId = new Map();
T.forEach(function (t, i) { if (!byId.has(t[0])) byId.set(t[0], i); });

// Heatmaps.
var cellOf = new Map(), rows = [], tables = [];
function tip(t) {
  var s = t[0] + '\n' + ST[t[1]] + (t[KIND] ? ' \u00b7 ' + t[KIND] : '');
  var m = str(t[MSG]) || str(t[REASON]);
  if (m) s += '\n' + firstLine(m, 160);
  return s;
}
function buildHeatmaps() {
  var host = $('heatmaps'), frag = document.createDocumentFragment(), n = D.dtypes.length;
  D.tables.forEach(function (tb) {
    var counts = {}, sec = el('section', {'class': 'hm'}), sub = el('div', {'class': 'sub'});
    sec.append(el('h3', null, tb.template + ' \u00b7 ' + tb.device), sub);
    var head = el('tr', null, el('th'));
    D.dtypes.forEach(function (d, i) { head.append(el('th', {'class': 'dt', title: d}, D.short[i])); });
    var body = el('tbody'), info = {sec: sec, rows: []};
    tb.ops.forEach(function (opIndex, r) {
      var op = S[opIndex], tr = el('tr', null, el('th', {'class': 'op', title: op}, op));
      var row = {tr: tr, op: op.toLowerCase(), cells: []};
      for (var c = 0; c < n; c++) {
        var ti = tb.cells[r * n + c];
        if (ti < 0) { tr.append(el('td', {'class': 'void'})); continue; }
        var t = T[ti], st = ST[t[1]];
        var td = el('td', {'class': 'cell s-' + st, 'data-id': t[0], title: tip(t)});
        tr.append(td);
        cellOf.set(ti, td);
        counts[st] = (counts[st] || 0) + 1;
        row.cells.push({td: td, idl: t[0].toLowerCase(), st: st});
      }
      body.append(tr);
      info.rows.push(row);
      rows.push(row);
    });
    sub.textContent = tb.ops.length + ' ops \u00b7 ' + ST.filter(function (s) { return counts[s]; })
      .map(function (s) { return s + ' ' + counts[s]; }).join(', ');
    sec.append(el('table', {'class': 'grid'}, el('thead', null, head), body));
    frag.append(sec);
    tables.push(info);
  });
  host.append(frag);
  host.addEventListener('click', function (ev) {
    var td = ev.target.closest('td.cell');
    if (td) go(td.getAttribute('data-id'));
  });
}

// Failing list.
function buildFailing() {
  var list = [];
  T.forEach(function (t, i) { if (FAILING.has(t[1])) list.push(i); });
  if (!list.length) return;
  var CAP = 500, tbody = el('tbody');
  var table = el('table', {'class': 'list', id: 'failing-table'},
    el('thead', null, el('tr', null, el('th', null, 'trial'), el('th', null, 'status'),
      el('th', null, 'divergence'), el('th', null, 'message'))), tbody);
  function add(from, to) {
    for (var k = from; k < to; k++) {
      var t = T[list[k]], st = ST[t[1]];
      tbody.append(el('tr', null,
        el('td', {'class': 'mono'}, el('a', {href: '#trial=' + encodeURIComponent(t[0])}, t[0])),
        el('td', null, el('span', {'class': 'badge s-' + st}, st)),
        el('td', null, t[KIND] || ''),
        el('td', null, firstLine(str(t[MSG]) || str(t[REASON]), 200))));
    }
  }
  add(0, Math.min(CAP, list.length));
  var host = $('failing-list');
  host.append(table);
  if (list.length > CAP) {
    var more = el('button', {type: 'button'}, 'show all ' + list.length);
    more.addEventListener('click', function () { add(CAP, list.length); more.remove(); });
    host.append(more);
  }
}

// Filters.
var filter = $('filter'), boxes = Array.prototype.slice.call(document.querySelectorAll('input.status-filter'));
function apply() {
  var q = filter.value.trim().toLowerCase(), allowed = new Set(), shown = 0, total = 0;
  boxes.forEach(function (b) { if (b.checked) allowed.add(b.value); });
  tables.forEach(function (tb) {
    var any = false;
    tb.rows.forEach(function (row) {
      var opOk = q === '' || row.op.indexOf(q) >= 0, keep = false;
      row.cells.forEach(function (c) {
        var ok = (opOk || c.idl.indexOf(q) >= 0) && allowed.has(c.st);
        c.td.classList.toggle('dim', !ok);
        total++;
        if (ok) { keep = true; shown++; }
      });
      row.tr.hidden = !keep;
      if (keep) any = true;
    });
    tb.sec.hidden = !any;
  });
  $('shown').textContent = shown + ' of ' + total + ' trials shown';
}
var pending = 0;
filter.addEventListener('input', function () { clearTimeout(pending); pending = setTimeout(apply, 120); });
boxes.forEach(function (b) { b.addEventListener('change', apply); });
$('only-failing').addEventListener('click', function () {
  boxes.forEach(function (b) { b.checked = FAILING.has(ST.indexOf(b.value)); }); apply();
});
$('all-statuses').addEventListener('click', function () {
  boxes.forEach(function (b) { b.checked = true; }); apply();
});

// Detail panel.
var selected = null;
function go(id) { location.hash = 'trial=' + encodeURIComponent(id); }
function show(id, scroll) {
  var det = $('detail'), i = byId.get(id);
  det.replaceChildren();
  if (selected) { selected.classList.remove('sel'); selected = null; }
  if (i == null) {
    det.append(el('p', {'class': 'warn'}, 'No trial ', el('code', null, id), ' in this report.'));
    return;
  }
  var t = T[i], st = ST[t[1]];
  function none() { return el('span', {'class': 'muted'}, '\u2014'); }
  function dl(pairs) {
    var d = el('dl');
    pairs.forEach(function (p) { d.append(el('dt', null, p[0]), el('dd', null, p[1] == null || p[1] === '' ? none() : p[1])); });
    return d;
  }
  var msg = str(t[MSG]), decl = str(t[DECL]), declText = null;
  if (decl != null) {
    var dd = D.d[decl];
    declText = el('span', null, el('code', null, decl),
      dd ? ' \u2014 ' + dd[1] + ' (op ' + dd[0] + '; ' + dd[2] + ' trials, still holds in ' + dd[3] + ')' : ' (not in the divergence table)');
  }
  det.append(el('h2', null, el('code', {id: 'detail-id'}, t[0])));
  det.append(dl([
    ['status', el('span', {'class': 'badge s-' + st}, st)],
    ['divergence', t[KIND]],
    ['message', msg == null ? null : el('pre', {id: 'detail-message'}, msg)],
    ['reason', str(t[REASON])],
    ['declared divergence', declText],
    ['samples checked', String(t[CHECKED])],
    ['duration', t[DUR] == null ? null : fnum(t[DUR]) + ' ms']
  ]));
  var m = t[MET];
  det.append(el('h3', null, 'Worst element'));
  if (m) {
    det.append(dl([
      ['index', m[5].length ? '[' + m[5].join(', ') + ']' : '[] (0-d)'],
      ['got', el('code', null, S[m[6]])],
      ['expected', el('code', null, S[m[7]])],
      ['max ulp', fnum(m[2])],
      ['ulp bound', fnum(m[11])],
      ['max abs err', fnum(m[0])],
      ['max rel err', fnum(m[1])],
      ['rtol / atol', fnum(m[8]) + ' / ' + fnum(m[9])],
      ['reference abs err', fnum(m[10])],
      ['mismatched / total', m[3] + ' / ' + m[4]]
    ]));
  } else det.append(el('p', {'class': 'muted'}, 'No values compared.'));
  var x = t[SAMP];
  det.append(el('h3', null, 'Sample'));
  if (x) {
    var ops = el('tbody');
    x[3].forEach(function (o, k) {
      ops.append(el('tr', null, el('td', null, String(k)), el('td', null, S[o[0]]),
        el('td', {'class': 'mono'}, tuple(o[1])), el('td', {'class': 'mono'}, tuple(o[2])),
        el('td', {'class': 'num'}, String(o[3])), el('td', {'class': 'mono'}, o[4] == null ? '' : S[o[4]])));
    });
    var kw = Object.keys(x[4]).map(function (k) { return k + '=' + x[4][k]; }).join(', ');
    det.append(dl([
      ['description', x[2] === null ? null : S[x[2]]],
      ['kind', S[x[1]]],
      ['index', String(x[0])],
      ['kwargs', kw ? el('code', null, kw) : null],
      ['seed', el('code', null, x[5])]
    ]));
    det.append(el('table', {'class': 'list', id: 'operands'},
      el('thead', null, el('tr', null, el('th', null, '#'), el('th', null, 'dtype'), el('th', null, 'shape'),
        el('th', null, 'strides'), el('th', null, 'offset'), el('th', null, 'python scalar'))), ops));
  } else det.append(el('p', {'class': 'muted'}, 'No sample recorded.'));
  det.append(el('h3', null, 'Repro'));
  var cmd = repro(t);
  if (cmd) {
    var code = el('code', {id: 'repro'}, cmd), btn = el('button', {type: 'button', id: 'copy'}, 'copy');
    btn.addEventListener('click', function () {
      function fallback() {
        var range = document.createRange(); range.selectNodeContents(code);
        var sel = getSelection(); sel.removeAllRanges(); sel.addRange(range);
        try { document.execCommand('copy'); btn.textContent = 'copied'; } catch (e) { btn.textContent = 'selected: press Ctrl+C'; }
      }
      if (navigator.clipboard && navigator.clipboard.writeText)
        navigator.clipboard.writeText(cmd).then(function () { btn.textContent = 'copied'; }, fallback);
      else fallback();
    });
    det.append(code, btn);
  } else det.append(el('p', {'class': 'muted'}, 'No repro command (none is recorded for pass and skip).'));
  var td = cellOf.get(i);
  if (td) {
    selected = td;
    td.classList.add('sel');
    if (scroll) td.scrollIntoView({block: 'nearest', inline: 'nearest'});
  }
  $('page').querySelector('aside').scrollTop = 0;
}
// The fragment: `trial=<id>`, `filter=<text>`, `status=<s>,<s>...`, joined by `&`, each
// value percent-encoded. A link followed in the page scrolls its cell into view; the fragment
// the page was opened with only opens the detail (the panel is always in view).
function params() {
  var out = {};
  location.hash.replace(/^#/, '').split('&').forEach(function (kv) {
    var at = kv.indexOf('=');
    if (at < 0) return;
    var v = kv.slice(at + 1);
    try { v = decodeURIComponent(v); } catch (e) { /* keep it raw */ }
    out[kv.slice(0, at)] = v;
  });
  return out;
}
function fromHash(ev) {
  var p = params();
  if (p.filter != null) filter.value = p.filter;
  if (p.status != null) {
    var want = p.status.split(',');
    boxes.forEach(function (b) { b.checked = want.indexOf(b.value) >= 0; });
  }
  if (p.filter != null || p.status != null) apply();
  if (p.trial != null) show(p.trial, !!ev);
}

try {
  buildFailing();
  buildHeatmaps();
  apply();
  window.addEventListener('hashchange', fromHash);
  fromHash();
  document.documentElement.setAttribute('data-opinfo', 'ready');
} catch (e) {
  // Say so on the page rather than leave it half drawn without a word.
  document.documentElement.setAttribute('data-opinfo', 'error');
  $('heatmaps').before(el('pre', {'class': 'warn', id: 'js-error'}, 'The page failed to draw: ' + (e && e.stack || e)));
}
})();
"##;

#[cfg(test)]
mod tests {
    use super::*;
    use crate::example::{example_report, trial};
    use crate::model::{DivergenceKind, Metrics};

    /// The JSON blob of a page, decoded.
    fn blob(page: &str) -> Value {
        let open = "<script type=\"application/json\" id=\"opinfo-data\">";
        let start = page.find(open).expect("blob element") + open.len();
        let end = start + page[start..].find("</script>").expect("blob end");
        serde_json::from_str(&page[start..end]).expect("blob parses")
    }

    #[test]
    fn escape_covers_markup_and_quotes() {
        assert_eq!(
            escape("<b a=\"1\" c='2'>&amp;</b>\0"),
            "&lt;b a=&quot;1&quot; c=&#39;2&#39;&gt;&amp;amp;&lt;/b&gt;\u{fffd}"
        );
        assert_eq!(trial_href("a::b c/ü\"<"), "#trial=a::b%20c%2F%C3%BC%22%3C");
    }

    #[test]
    fn script_in_report_text_cannot_break_out() {
        let evil = "</script><script>alert(1)</script><!--<script>";
        let mut r = example_report();
        r.trials[1].message = Some(format!("oops {evil}\nline 2"));
        r.trials[2].reason = Some(evil.into());
        r.run.commit = Some(evil.into());
        r.run.command = evil.into();
        r.divergences[0].reason = evil.into();
        r.trials.push(trial(
            "reference",
            "x</script>",
            "cpu",
            "float32",
            Status::Fail,
        ));
        r.refresh();
        let page = html(&r);
        // Exactly the page's own two script elements: the blob and the code.
        assert_eq!(page.matches("<script").count(), 2, "{page}");
        assert_eq!(page.to_lowercase().matches("</script").count(), 2);
        assert!(!page.contains("<!--"));
        assert!(page.contains("&lt;/script&gt;&lt;script&gt;alert(1)"));
        // The blob still carries the text, unchanged once decoded.
        let b = blob(&page);
        let s: Vec<&str> = b["s"]
            .as_array()
            .unwrap()
            .iter()
            .map(|v| v.as_str().unwrap())
            .collect();
        assert!(s.contains(&format!("oops {evil}\nline 2").as_str()));
        assert!(s.contains(&evil));
        assert_eq!(b["t"][11][0], "reference::x</script>::cpu::float32");
    }

    #[test]
    fn one_cell_per_trial_and_numpy_column_order() {
        let mut r = example_report();
        for d in ["complex128", "bool", "float16", "mystery"] {
            r.trials
                .push(trial("reference", "cos", "cuda", d, Status::Pass));
        }
        r.refresh();
        let g = grid(&r);
        assert!(g.unplaced.is_empty());
        // NumPy order for the known dtypes, then the others as they appear.
        assert_eq!(
            g.dtypes,
            [
                "bool",
                "int8",
                "int16",
                "float16",
                "bfloat16",
                "float32",
                "float64",
                "complex128",
                "dtype0",
                "dtype1",
                "dtype2",
                "dtype3",
                "dtype4",
                "mystery"
            ]
        );
        let mut placed: Vec<usize> = g
            .tables
            .iter()
            .flat_map(|t| t.cells.iter().flatten().copied())
            .collect();
        placed.sort();
        assert_eq!(placed, (0..r.trials.len()).collect::<Vec<_>>());
        // Each trial sits in its own row and column.
        for tb in &g.tables {
            assert_eq!(tb.cells.len(), tb.ops.len() * g.dtypes.len());
            for (k, c) in tb.cells.iter().enumerate() {
                if let Some(i) = c {
                    let t = &r.trials[*i];
                    assert_eq!(
                        (t.template.as_str(), t.device.as_str()),
                        (tb.template, tb.device)
                    );
                    assert_eq!(t.op, tb.ops[k / g.dtypes.len()]);
                    assert_eq!(t.dtype, g.dtypes[k % g.dtypes.len()]);
                }
            }
        }
        let pairs: Vec<(&str, &str)> = g.tables.iter().map(|t| (t.template, t.device)).collect();
        assert_eq!(
            pairs,
            [
                ("error", "cpu"),
                ("reference", "cpu"),
                ("reference", "cuda"),
                ("sample", "cpu")
            ]
        );
        // The blob's tables hold each trial index exactly once.
        let b = blob(&html(&r));
        let mut cells: Vec<i64> = b["tables"]
            .as_array()
            .unwrap()
            .iter()
            .flat_map(|t| {
                t["cells"]
                    .as_array()
                    .unwrap()
                    .iter()
                    .map(|c| c.as_i64().unwrap())
            })
            .filter(|&c| c >= 0)
            .collect();
        cells.sort();
        assert_eq!(cells, (0..r.trials.len() as i64).collect::<Vec<_>>());
        assert_eq!(b["t"].as_array().unwrap().len(), r.trials.len());
    }

    #[test]
    fn duplicate_coordinates_are_reported_not_lost() {
        let mut r = example_report();
        let again = r.trials[0].clone();
        r.trials.push(again);
        let g = grid(&r);
        assert_eq!(g.unplaced, [r.trials.len() - 1]);
        assert!(html(&r).contains("1 trials have the coordinates of an earlier trial"));
    }

    #[test]
    fn header_counts_match_the_trials() {
        let r = example_report();
        let page = html(&r);
        assert!(page.contains("<title>OpInfo report 10da0b6: 11 trials, 8 failing</title>"));
        assert!(page.contains("OpInfo report: 11 trials, 8 failing</h1>"));
        for (s, n) in [
            ("pass", 1),
            ("fail", 6),
            ("xfail", 1),
            ("xpass", 1),
            ("skip", 1),
            ("error", 1),
        ] {
            let badge =
                format!("<li class=\"badge s-{s}\" data-status=\"{s}\">{s} <b>{n}</b></li>");
            assert!(page.contains(&badge), "{badge}");
        }
        assert!(page.contains("<h2>Failing trials (8)</h2>"));
        assert!(page.contains("<h2>Declared divergences (1)</h2>"));
        assert!(page.contains("<dt>commit</dt><dd><code>10da0b6</code></dd>"));
        assert!(page.contains("<dt>NumPy</dt><dd>2.1.0</dd>"));
        assert!(page.contains("<dt>wall time</dt><dd>12.5 s</dd>"));
        assert!(page.contains("<dt>matrix</dt><dd>11 of its 24 trials in this report</dd>"));
        assert!(!page.contains("<dt>shard</dt>"));
        assert!(page.contains(
            "cuda</b> unavailable — CUDA unavailable: no NVIDIA driver; 11 trials not run"
        ));
        // The divergence row links to the trials naming it.
        assert!(page.contains(
            "<a href=\"#trial=sample::add::cpu::int8\">sample::add::cpu::int8</a><br>\
             <a href=\"#trial=sample::add::cpu::int16\">sample::add::cpu::int16</a>"
        ));
        let mut r = r;
        r.run.shard = Some(crate::model::Shard { index: 2, count: 3 });
        assert!(html(&r).contains("<dt>shard</dt><dd>2/3</dd>"));
        r.trials.retain(|t| !t.status.is_failure());
        let page = html(&r);
        assert!(page.contains("3 trials, 0 failing</h1>"));
        assert!(page.contains("None: no trial failed"));
    }

    #[test]
    fn blob_is_lossless_where_it_matters() {
        let mut r = example_report();
        r.trials[1].sample.as_mut().unwrap().seed = u64::MAX;
        r.trials[0].repro = "env X=1 run-it".into();
        let b = blob(&html(&r));
        let strings = b["s"].as_array().unwrap();
        let repros = b["r"].as_array().unwrap();
        for (t, v) in r.trials.iter().zip(b["t"].as_array().unwrap()) {
            assert_eq!(v[0], t.id.as_str());
            assert_eq!(
                b["statuses"][v[1].as_u64().unwrap() as usize],
                t.status.as_str()
            );
            let at = |k: usize| v.get(k).unwrap_or(&Value::Null);
            assert_eq!(*at(7), json!(t.divergence.map(DivergenceKind::as_str)));
            let text = |x: &Value| x.as_u64().map(|i| strings[i as usize].as_str().unwrap());
            assert_eq!(text(at(8)), t.message.as_deref());
            assert_eq!(text(at(9)), t.reason.as_deref());
            assert_eq!(text(at(10)), t.declared_divergence.as_deref());
            assert_eq!(v[2], t.samples_checked);
            let rep = &repros[v[3].as_u64().unwrap() as usize];
            let back = match rep {
                Value::Array(pair) => format!(
                    "{}{}{}",
                    pair[0].as_str().unwrap(),
                    t.id,
                    pair[1].as_str().unwrap()
                ),
                other => other.as_str().unwrap().to_string(),
            };
            assert_eq!(back, t.repro);
        }
        // Every failing example repro shares one prefix entry.
        assert_eq!(repros.len(), 3, "{repros:?}");
        let fail = &b["t"][1];
        let m: &Metrics = r.trials[1].metrics.as_ref().unwrap();
        assert_eq!(fail[5][0], "inf");
        assert_eq!(fail[5][1], "nan");
        assert_eq!(fail[5][2], 3.0);
        assert_eq!(fail[5][5], json!(m.worst_index));
        assert_eq!(fail[5][11], 3.0);
        assert_eq!(fail[6][5], u64::MAX.to_string());
        assert_eq!(fail[6][3][0][2], json!([-1, 4]));
        assert_eq!(fail[6][4]["out"], "None");
        // A passing trial without metrics or sample stops after its duration.
        assert_eq!(b["t"][0].as_array().unwrap().len(), 5);
        assert_eq!(b["d"]["add-int-overflow-raises"][2], 2);
        assert_eq!(b["failing"], json!([1, 3, 5]));
    }

    #[test]
    fn size_stays_small_for_a_large_report() {
        let mut r = example_report();
        let proto = r.trials[1].clone();
        r.trials.clear();
        let statuses = [
            Status::Pass,
            Status::Pass,
            Status::Pass,
            Status::Fail,
            Status::Skip,
        ];
        for n in 0..40_000usize {
            let status = statuses[n % statuses.len()];
            let op = format!("op{}", n / (15 * 16));
            let template = format!("template{}", (n / 15) % 16);
            let dtype = NUMPY_DTYPES[n % 15];
            let mut t = trial(&template, &op, "cpu", dtype, status);
            t.metrics = proto.metrics.clone();
            t.sample = proto.sample.clone();
            t.duration_ms = 1.0 + n as f64 / 7.0;
            if status == Status::Fail {
                t.message = Some(format!("values differ at {n}"));
            }
            r.trials.push(t);
        }
        r.refresh();
        let page = html(&r);
        eprintln!("40000 trials: {} bytes", page.len());
        assert!(page.len() < 40_000 * 220, "{} bytes", page.len());
        let g = grid(&r);
        assert_eq!(g.tables.len(), 16);
        assert!(g.unplaced.is_empty());
    }
}
