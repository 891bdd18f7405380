//! The HTML page (`reports::html::html`) rendered by a real browser: headless Chromium loads
//! the page of the example report (plus a synthetic matrix and a trial whose text is
//! markup), runs its script, and the tests read the DOM it dumps (`--dump-dom`) and take a
//! screenshot (`target/opinfo/html-screenshot.png`) for a human to look at.
//!
//! Without Chromium (`/usr/bin/chromium`, or `chromium` on PATH; `OPINFO_CHROMIUM` names
//! another binary) the trials are listed as ignored, with the reason printed; with
//! `OPINFO_REQUIRE_BROWSER` set (non-empty) they fail instead, so a CI job that installs Chromium cannot pass silently without it. Every
//! Chromium is run with a fresh profile and killed (its whole process group) after
//! [`TIMEOUT`].

use std::collections::BTreeMap;
use std::io::Read;
use std::os::unix::process::CommandExt;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::{Duration, Instant};

use libtest_mimic::{Arguments, Completion, Failed, Trial};
use reports::example::{example_report, trial};
use reports::html::NUMPY_DTYPES;
use reports::{Metrics, Report, SampleInfo, Status};

const CHROMIUM: &str = "/usr/bin/chromium";
const REQUIRE_ENV: &str = "OPINFO_REQUIRE_BROWSER";
const CHROMIUM_ENV: &str = "OPINFO_CHROMIUM";
/// Longest a Chromium invocation may take before it is killed.
const TIMEOUT: Duration = Duration::from_secs(60);

const FAILING: &str = "reference::sin::cpu::float32";
const XFAIL: &str = "sample::add::cpu::int8";
const EVIL: &str = "reference::evil::cpu::float32";
const EVIL_MESSAGE: &str = "bad </script><script>document.title='pwned'</script>\
     <img src=x onerror=\"document.title='pwned'\"><b id=\"injected\">bold</b> & more";

/// The browser, or why there is none. `OPINFO_CHROMIUM` names another binary (a Chrome, a
/// Chromium elsewhere); when it is set and not a file, there is no browser.
fn find_chromium() -> Result<PathBuf, String> {
    if let Some(p) = std::env::var_os(CHROMIUM_ENV).filter(|p| !p.is_empty()) {
        let p = PathBuf::from(p);
        return if p.is_file() {
            Ok(p)
        } else {
            Err(format!(
                "chromium not found at {} ({CHROMIUM_ENV})",
                p.display()
            ))
        };
    }
    default_chromium().ok_or_else(|| format!("chromium not found at {CHROMIUM} or on PATH"))
}

fn default_chromium() -> Option<PathBuf> {
    let fixed = Path::new(CHROMIUM);
    if fixed.is_file() {
        return Some(fixed.to_path_buf());
    }
    let path = std::env::var_os("PATH")?;
    std::env::split_paths(&path)
        .map(|d| d.join("chromium"))
        .find(|p| p.is_file())
}

/// The example report, a synthetic matrix (three templates, eight ops, the fifteen dtypes,
/// mostly passing) and a failing trial whose message and reason are markup.
fn fixture() -> Report {
    let mut r = example_report();
    let proto = r.trials[1].clone();
    let mut state: u32 = 12345;
    let mut next = move || {
        state = state.wrapping_mul(1_103_515_245).wrapping_add(12345);
        (state >> 16) % 100
    };
    for template in ["reference", "sample", "noncontiguous"] {
        for op in [
            "abs", "cos", "exp", "log1p", "matmul", "sqrt", "sum", "tanh",
        ] {
            for dtype in NUMPY_DTYPES {
                let roll = next();
                let status = match roll {
                    0..=3 => Status::Fail,
                    4..=9 => Status::Xfail,
                    10..=15 => Status::Skip,
                    16 => Status::Error,
                    _ => Status::Pass,
                };
                if status == Status::Skip && roll % 2 == 0 {
                    continue; // absent: a combination the matrix does not list
                }
                let mut t = trial(template, op, "cpu", dtype, status);
                match status {
                    Status::Pass => {
                        t.metrics = proto
                            .metrics
                            .clone()
                            .map(|m| Metrics { mismatched: 0, ..m });
                        t.sample = proto.sample.clone();
                    }
                    Status::Skip => t.reason = Some(format!("{op} has no {dtype} kernel")),
                    Status::Xfail => t.reason = Some("known precision gap".into()),
                    _ => {
                        t.message = Some(format!("{op} {dtype}: values differ beyond tolerance"));
                        t.metrics = proto.metrics.clone();
                    }
                }
                r.trials.push(t);
            }
        }
    }
    for dtype in ["float32", "float64"] {
        let mut t = trial("reference", "sin", "cuda", dtype, Status::Skip);
        t.reason = Some("device unavailable".into());
        if r.trial(&t.id).is_none() {
            r.trials.push(t);
        }
    }
    let mut evil = trial("reference", "evil", "cpu", "float32", Status::Fail);
    evil.message = Some(EVIL_MESSAGE.into());
    evil.reason = Some("<i>italic</i>".into());
    evil.sample = Some(SampleInfo {
        description: "<u>underlined</u>".into(),
        ..proto.sample.clone().unwrap()
    });
    r.trials.push(evil);
    r.run.matrix.as_mut().unwrap().trials = r.trials.len();
    r.refresh();
    r
}

/// What each trial needs: Chromium, the page and the report it shows.
struct Setup {
    chromium: PathBuf,
    page: PathBuf,
    report: Report,
    dir: PathBuf,
}

static RUNS: AtomicUsize = AtomicUsize::new(0);

/// `s` percent-encoded as the page's links are (ASCII letters, digits and `-._~:` kept).
fn encode(s: &str) -> String {
    let mut out = String::new();
    for b in s.bytes() {
        if b.is_ascii_alphanumeric() || b"-._~:".contains(&b) {
            out.push(b as char);
        } else {
            out.push_str(&format!("%{b:02X}"));
        }
    }
    out
}

/// The fragment opening the detail of trial `id`.
fn trial_fragment(id: &str) -> String {
    format!("trial={}", encode(id))
}

/// `file://` URL of `path`, with `#fragment` if given.
fn url(path: &Path, fragment: Option<&str>) -> String {
    let mut u = format!("file://{}", path.display());
    if let Some(f) = fragment {
        u.push('#');
        u.push_str(f);
    }
    u
}

/// Runs Chromium headless on `url` with `extra` flags and a fresh profile; its stdout.
fn chromium(s: &Setup, extra: &[String], url: &str) -> Result<String, Failed> {
    let n = RUNS.fetch_add(1, Ordering::SeqCst);
    let profile = s.dir.join(format!("profile-{n}"));
    let mut cmd = Command::new(&s.chromium);
    cmd.args([
        "--headless",
        "--no-sandbox",
        "--disable-gpu",
        "--disable-quic",
        "--no-first-run",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        "--virtual-time-budget=5000",
    ])
    .arg(format!("--user-data-dir={}", profile.display()))
    .args(extra)
    .arg(url)
    .stdin(Stdio::null())
    .stdout(Stdio::piped())
    .stderr(Stdio::piped())
    // Its own process group, so a hung browser is killed with all its helpers.
    .process_group(0);
    let mut child = cmd
        .spawn()
        .map_err(|e| format!("{}: {e}", s.chromium.display()))?;
    let pid = child.id();
    let reader = |mut pipe: Box<dyn Read + Send>| {
        std::thread::spawn(move || {
            let mut v = Vec::new();
            let _ = pipe.read_to_end(&mut v);
            v
        })
    };
    let out = reader(Box::new(child.stdout.take().unwrap()));
    let err = reader(Box::new(child.stderr.take().unwrap()));
    let start = Instant::now();
    let status = loop {
        if let Some(st) = child.try_wait().map_err(|e| e.to_string())? {
            break Some(st);
        }
        if start.elapsed() > TIMEOUT {
            break None;
        }
        std::thread::sleep(Duration::from_millis(50));
    };
    // The group of the browser started here (its helpers may outlive it); harmless if empty.
    let _ = Command::new("kill")
        .args(["-KILL", "--", &format!("-{pid}")])
        .stderr(Stdio::null())
        .status();
    if status.is_none() {
        let _ = child.wait();
    }
    let out = String::from_utf8_lossy(&out.join().unwrap()).into_owned();
    let err = String::from_utf8_lossy(&err.join().unwrap()).into_owned();
    let _ = std::fs::remove_dir_all(&profile);
    match status {
        None => Err(format!("chromium killed after {TIMEOUT:?} on {url}\nstderr:\n{err}").into()),
        Some(st) if !st.success() => {
            Err(format!("chromium exited with {st} on {url}\nstderr:\n{err}").into())
        }
        Some(_) => Ok(out),
    }
}

/// The DOM after the page's script ran, with the page opened at `#<fragment>` if given.
fn dump(s: &Setup, fragment: Option<&str>) -> Result<String, Failed> {
    let dom = chromium(s, &["--dump-dom".into()], &url(&s.page, fragment))?;
    if !dom.contains("data-opinfo=\"ready\"") {
        return Err(format!("the page's script did not finish:\n{}", tail(&dom)).into());
    }
    Ok(dom)
}

fn tail(s: &str) -> &str {
    let mut at = s.len().saturating_sub(3000);
    while !s.is_char_boundary(at) {
        at += 1;
    }
    &s[at..]
}

/// The start tag of the (first) element whose start tag contains `needle`.
fn tag_with<'a>(dom: &'a str, needle: &str) -> Option<&'a str> {
    let at = dom.find(needle)?;
    let start = dom[..at].rfind('<')?;
    let end = at + dom[at..].find('>')?;
    Some(&dom[start..=end])
}

/// The serialised `<div id="detail">` element, nested divs included.
fn detail(dom: &str) -> Result<&str, Failed> {
    let start = dom
        .find("<div id=\"detail\"")
        .ok_or("no <div id=\"detail\"> in the DOM")?;
    let mut depth = 0usize;
    let mut at = start;
    loop {
        let open = dom[at..].find("<div").map(|i| at + i);
        let close = dom[at..]
            .find("</div>")
            .map(|i| at + i)
            .ok_or("unterminated detail div")?;
        match open {
            Some(o) if o < close => {
                depth += 1;
                at = o + 4;
            }
            _ => {
                depth -= 1;
                at = close + 6;
                if depth == 0 {
                    return Ok(&dom[start..at]);
                }
            }
        }
    }
}

/// The DOM without the embedded JSON blob (which holds every report string too).
fn without_blob(dom: &str) -> String {
    let open = "<script type=\"application/json\" id=\"opinfo-data\">";
    match dom.find(open) {
        Some(a) => {
            let b = a + dom[a..].find("</script>").unwrap_or(dom.len() - a);
            format!("{}{}", &dom[..a], &dom[b..])
        }
        None => dom.to_string(),
    }
}

fn check(ok: bool, what: impl FnOnce() -> String) -> Result<(), Failed> {
    if ok {
        Ok(())
    } else {
        Err(what().into())
    }
}

fn one_cell_per_trial(s: &Setup) -> Result<(), Failed> {
    let dom = dump(s, None)?;
    let r = &s.report;
    let cells = dom.matches("class=\"cell").count();
    check(cells == r.trials.len(), || {
        format!("{cells} cells for {} trials", r.trials.len())
    })?;
    for t in &r.trials {
        if t.id == EVIL {
            continue; // plain text, but checked separately
        }
        let n = dom.matches(&format!("data-id=\"{}\"", t.id)).count();
        check(n == 1, || format!("{n} cells with data-id {}", t.id))?;
        let tag = tag_with(&dom, &format!("data-id=\"{}\"", t.id)).unwrap();
        check(
            tag.contains(&format!("class=\"cell s-{}\"", t.status)),
            || format!("cell of {}: {tag}", t.id),
        )?;
    }
    let fail = tag_with(&dom, &format!("data-id=\"{FAILING}\"")).ok_or("no failing cell")?;
    check(fail.contains("class=\"cell s-fail\""), || fail.to_string())?;
    for st in Status::ALL {
        let n = dom.matches(&format!("class=\"cell s-{st}\"")).count();
        check(n == r.summary.count(st), || {
            format!("{n} {st} cells, {} {st} trials", r.summary.count(st))
        })?;
    }
    // One table per (template, device) pair; absent combinations are blank cells.
    let mut pairs: Vec<(&str, &str)> = r
        .trials
        .iter()
        .map(|t| (t.template.as_str(), t.device.as_str()))
        .collect();
    pairs.sort();
    pairs.dedup();
    let tables = dom.matches("<section class=\"hm\">").count();
    check(tables == pairs.len(), || {
        format!("{tables} heatmaps for {} pairs", pairs.len())
    })?;
    check(dom.contains("<td class=\"void\">"), || {
        "no absent cell".into()
    })?;
    // The failing list: one linked row per failing trial.
    let failing = dom
        .matches("<tr><td class=\"mono\"><a href=\"#trial=")
        .count();
    check(failing == r.summary.failures(), || {
        format!("{failing} failing rows, {} failing", r.summary.failures())
    })?;
    check(
        dom.contains("<a href=\"#trial=reference%3A%3Asin%3A%3Acpu%3A%3Afloat32\">"),
        || "no link to the failing trial".into(),
    )?;
    let h1 = format!(
        "OpInfo report: {} trials, {} failing</h1>",
        r.summary.total,
        r.summary.failures()
    );
    check(dom.contains(&h1), || format!("no {h1}"))?;
    check(
        dom.contains(&format!(
            "{} of {} trials shown",
            r.trials.len(),
            r.trials.len()
        )),
        || "no shown count".into(),
    )?;
    check(!dom.contains("id=\"js-error\""), || "script error".into())?;
    check(detail(&dom)?.contains("Click a cell"), || {
        "detail not empty without a fragment".into()
    })
}

fn fragment_opens_the_detail(s: &Setup) -> Result<(), Failed> {
    let dom = dump(s, Some(&trial_fragment(FAILING)))?;
    let d = detail(&dom)?;
    for needle in [
        format!("<code id=\"detail-id\">{FAILING}</code>"),
        "<span class=\"badge s-fail\">fail</span>".into(),
        "<dt>divergence</dt><dd>value</dd>".into(),
        "<pre id=\"detail-message\">values differ beyond tolerance</pre>".into(),
        format!("<code id=\"repro\">cargo test -p harness -- --exact {FAILING}</code>"),
        "<dt>index</dt><dd>[2, 5]</dd>".into(),
        "<dt>got</dt><dd><code>inf</code></dd>".into(),
        "<dt>expected</dt><dd><code>0.5</code></dd>".into(),
        "<dt>max ulp</dt><dd>3</dd>".into(),
        "<dt>ulp bound</dt><dd>3</dd>".into(),
        "<dt>max rel err</dt><dd>NaN</dd>".into(),
        "<dt>mismatched / total</dt><dd>1 / 64</dd>".into(),
        "<dt>description</dt><dd>transposed 4x16, negative strides</dd>".into(),
        "<dt>seed</dt><dd><code>42</code></dd>".into(),
        "<dt>kwargs</dt><dd><code>out=None</code></dd>".into(),
        "<td class=\"mono\">(4, 16)</td><td class=\"mono\">(-1, 4)</td>".into(),
        "<td class=\"mono\">2.5</td>".into(),
    ] {
        check(d.contains(&needle), || {
            format!("detail lacks {needle}:\n{d}")
        })?;
    }
    let cell = tag_with(&dom, &format!("data-id=\"{FAILING}\"")).unwrap();
    check(cell.contains("class=\"cell s-fail sel\""), || {
        format!("cell not selected: {cell}")
    })?;
    // A declared divergence's name and reason.
    let dom = dump(s, Some(&trial_fragment(XFAIL)))?;
    let d = detail(&dom)?;
    for needle in [
        "<code>add-int-overflow-raises</code> — integer overflow raises an error instead of \
         wrapping silently (op add; 2 trials, still holds in 1)",
        "<dt>reason</dt><dd>overflow raises instead of wrapping</dd>",
        "<dt>divergence</dt><dd>error_kind</dd>",
    ] {
        check(d.contains(needle), || {
            format!("detail lacks {needle}:\n{d}")
        })?;
    }
    // An id that is not in the report says so.
    let dom = dump(s, Some(&trial_fragment("nope::nope::cpu::int8")))?;
    let d = detail(&dom)?;
    check(
        d.contains("No trial <code>nope::nope::cpu::int8</code> in this report."),
        || d.to_string(),
    )
}

fn report_text_stays_text(s: &Setup) -> Result<(), Failed> {
    let dom = dump(s, Some(&trial_fragment(EVIL)))?;
    let d = detail(&dom)?;
    let message =
        "<pre id=\"detail-message\">bad &lt;/script&gt;&lt;script&gt;document.title='pwned'\
                   &lt;/script&gt;&lt;img src=x onerror=\"document.title='pwned'\"&gt;&lt;b \
                   id=\"injected\"&gt;bold&lt;/b&gt; &amp; more</pre>";
    check(d.contains(message), || {
        format!("detail lacks {message}:\n{d}")
    })?;
    check(d.contains("<dd>&lt;i&gt;italic&lt;/i&gt;</dd>"), || {
        d.to_string()
    })?;
    check(d.contains("&lt;u&gt;underlined&lt;/u&gt;"), || {
        d.to_string()
    })?;
    let rest = without_blob(&dom);
    check(!rest.contains("<b id=\"injected\">"), || {
        "the message became markup".into()
    })?;
    check(
        !rest.contains("<img") && !rest.contains("<i>") && !rest.contains("<u>"),
        || "report text became markup".into(),
    )?;
    check(dom.matches("<script").count() == 2, || {
        format!("{} script elements", dom.matches("<script").count())
    })?;
    check(!dom.contains("pwned</title>"), || "title changed".into())?;
    let cell =
        tag_with(&dom, &format!("data-id=\"{EVIL}\"")).ok_or("no cell for the evil trial")?;
    check(cell.contains("class=\"cell s-fail sel\""), || {
        cell.to_string()
    })
}

/// Opens the page with the filters set by the fragment (`filter`, `status`) and compares the
/// cells left undimmed, the rows and the tables hidden with what the rule says: a cell stays
/// when its op name or its id contains the text (case-insensitively) and its status is kept;
/// a row when one of its cells stays; a table when one of its rows does.
fn filtered(s: &Setup, text: &str, statuses: &[Status]) -> Result<(), Failed> {
    let list: Vec<&str> = statuses.iter().map(|st| st.as_str()).collect();
    let fragment = format!("filter={}&status={}", encode(text), list.join(","));
    let dom = dump(s, Some(&fragment))?;
    let q = text.to_lowercase();
    let r = &s.report;
    let keep = |t: &reports::TrialRecord| {
        (t.op.to_lowercase().contains(&q) || t.id.to_lowercase().contains(&q))
            && statuses.contains(&t.status)
    };
    let kept = r.trials.iter().filter(|t| keep(t)).count();
    check(kept > 0 && kept < r.trials.len(), || {
        format!("fragment {fragment}: a filter keeping {kept} trials tests nothing")
    })?;
    let undimmed: usize = Status::ALL
        .iter()
        .map(|st| dom.matches(&format!("class=\"cell s-{st}\"")).count())
        .sum();
    check(undimmed == kept, || {
        format!("#{fragment}: {undimmed} cells undimmed, {kept} trials kept")
    })?;
    let dimmed = dom.matches(" dim\" data-id=").count();
    check(dimmed == r.trials.len() - kept, || {
        format!("#{fragment}: {dimmed} cells dimmed")
    })?;
    let mut rows: BTreeMap<(&str, &str, &str), bool> = BTreeMap::new();
    let mut tables: BTreeMap<(&str, &str), bool> = BTreeMap::new();
    for t in &r.trials {
        *rows.entry((&t.template, &t.device, &t.op)).or_default() |= keep(t);
        *tables.entry((&t.template, &t.device)).or_default() |= keep(t);
    }
    let hidden_rows = rows.values().filter(|k| !**k).count();
    let n = dom.matches("<tr hidden=\"\">").count();
    check(n == hidden_rows, || {
        format!("#{fragment}: {n} rows hidden, {hidden_rows} expected")
    })?;
    let hidden_tables = tables.values().filter(|k| !**k).count();
    let n = dom.matches("<section class=\"hm\" hidden=\"\">").count();
    check(n == hidden_tables, || {
        format!("#{fragment}: {n} tables hidden, {hidden_tables} expected")
    })?;
    let shown = format!("{kept} of {} trials shown", r.trials.len());
    check(dom.contains(&shown), || format!("#{fragment}: no {shown}"))
}

fn filters(s: &Setup) -> Result<(), Failed> {
    // An op name, two statuses.
    filtered(s, "COS", &[Status::Fail, Status::Xfail])?;
    // Text only trial ids contain (template, device, dtype), every status.
    filtered(s, "cpu::float64", &Status::ALL)?;
    // No text: the status filter alone.
    filtered(s, "", &[Status::Error, Status::Xpass])
}

fn screenshot(s: &Setup) -> Result<(), Failed> {
    let out = reports::writer::workspace_root()
        .join("target")
        .join("opinfo")
        .join("html-screenshot.png");
    std::fs::create_dir_all(out.parent().unwrap()).map_err(|e| e.to_string())?;
    let _ = std::fs::remove_file(&out);
    chromium(
        s,
        &[
            format!("--screenshot={}", out.display()),
            "--window-size=1400,1000".into(),
            "--hide-scrollbars".into(),
        ],
        &url(&s.page, Some(&trial_fragment(FAILING))),
    )?;
    let png = std::fs::read(&out).map_err(|e| format!("{}: {e}", out.display()))?;
    check(png.starts_with(b"\x89PNG\r\n\x1a\n"), || "not a PNG".into())?;
    check(png.len() > 10_000, || format!("{} bytes only", png.len()))?;
    println!("screenshot: {} ({} bytes)", out.display(), png.len());
    Ok(())
}

type Check = fn(&Setup) -> Result<(), Failed>;

const CHECKS: [(&str, Check); 5] = [
    ("html::one_cell_per_trial", one_cell_per_trial),
    ("html::fragment_opens_the_detail", fragment_opens_the_detail),
    ("html::filters", filters),
    ("html::report_text_stays_text", report_text_stays_text),
    ("html::screenshot", screenshot),
];

/// Lists the trials as ignored (printing `reason`) or, when a browser is required, failing.
fn no_browser(args: &Arguments, reason: &str, required: bool) -> ! {
    let trials = CHECKS
        .iter()
        .map(|(name, _)| {
            let reason = reason.to_string();
            if required {
                Trial::test(*name, move || {
                    Err(format!("{REQUIRE_ENV} is set but {reason}").into())
                })
            } else {
                Trial::ignorable_test(*name, move || Ok(Completion::ignored_with(reason)))
                    .with_ignored_flag(true)
            }
        })
        .collect();
    if !required {
        eprintln!(
            "html_browser: ignored: {reason} (apt-get install -y chromium; set \
             {REQUIRE_ENV}=1 to fail instead)"
        );
    }
    libtest_mimic::run(args, trials).exit()
}

fn main() {
    let mut args = Arguments::from_args();
    // One browser at a time: they are heavy, and a loaded machine makes timeouts likelier.
    args.test_threads.get_or_insert(1);
    let required = std::env::var_os(REQUIRE_ENV).is_some_and(|v| !v.is_empty());
    let exe = match find_chromium() {
        Ok(exe) => exe,
        Err(reason) => no_browser(&args, &reason, required),
    };

    let dir = std::env::temp_dir().join(format!("opinfo-html-browser-{}", std::process::id()));
    std::fs::create_dir_all(&dir).expect("temp dir");
    let report = fixture();
    reports::validate_report(&report).expect("the fixture is a valid report");
    let page = dir.join("report.html");
    std::fs::write(&page, reports::html::html(&report)).expect("write the page");
    let setup = std::sync::Arc::new(Setup {
        chromium: exe,
        page,
        report,
        dir: dir.clone(),
    });
    let trials = CHECKS
        .iter()
        .map(|&(name, f)| {
            let s = setup.clone();
            Trial::test(name, move || f(&s))
        })
        .collect();
    let conclusion = libtest_mimic::run(&args, trials);
    let _ = std::fs::remove_dir_all(&dir);
    conclusion.exit();
}
