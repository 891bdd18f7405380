//! The report's coverage table: NumPy's public functions (read from the oracle's NumPy at run
//! time) against the registry. A function is covered when a record's op is that very object
//! (its name, an alias or its reference resolve to it: `numpy.acos` is `numpy.arccos`).

use opinfo::{OpInfo, Reference};
use reference::Value;
use reports::{Coverage, CoverageEntry, CoverageStatus};

/// Resolves the registry's names (in order: the first that is an object wins) and pairs every
/// public function with the registry name that is the same object, or None.
const PAIR: &str = r##"(lambda g: (exec('''
def pair(names):
    import importlib
    def resolve(qualified):
        module, _, attr = qualified.rpartition(".")
        try:
            return getattr(importlib.import_module(module), attr)
        except Exception:
            return None
    objs = {}
    for k in names:
        o = resolve(k)
        if o is not None:
            objs.setdefault(id(o), k)
    out = []
    for m in ("numpy", "numpy.linalg", "numpy.fft"):
        mod = importlib.import_module(m)
        for n in getattr(mod, "__all__", []):
            v = getattr(mod, n, None)
            if v is None or isinstance(v, type) or not callable(v):
                continue
            out.append((m + "." + n, objs.get(id(v))))
    return sorted(out, key=lambda p: p[0])
''', g), g["pair"])[1])({})"##;

/// The qualified names a record answers to: `numpy.<name>`, its aliases, its reference.
fn names(op: &OpInfo) -> Vec<String> {
    let mut v: Vec<String> = std::iter::once(op.name)
        .chain(op.aliases.iter().copied())
        .map(|n| format!("numpy.{n}"))
        .collect();
    match op.reference {
        Reference::Numpy(r) => v.push(format!("numpy.{r}")),
        Reference::Dotted(r) => v.push(r.to_string()),
        Reference::Expr(_) => {}
    }
    v
}

/// The coverage of `ops`, or `None` when NumPy cannot be asked.
pub fn coverage(ops: &[OpInfo], numpy_version: Option<&str>) -> Option<Coverage> {
    let mut op_of: Vec<(String, &'static str)> = Vec::new();
    for op in ops {
        for n in names(op) {
            op_of.push((n, op.name));
        }
    }
    let list = Value::List(op_of.iter().map(|(n, _)| Value::Str(n.clone())).collect());
    let Ok(Value::List(pairs)) = reference::eval_call(PAIR, &[list], &[]) else {
        return None;
    };
    let functions = pairs
        .into_iter()
        .filter_map(|p| match p {
            Value::Tuple(mut t) if t.len() == 2 => {
                let matched = match t.pop() {
                    Some(Value::Str(k)) => Some(k),
                    _ => None,
                };
                let Some(Value::Str(name)) = t.pop() else {
                    return None;
                };
                let op = matched.and_then(|k| op_of.iter().find(|(n, _)| *n == k).map(|p| p.1));
                let (status, detail) = match (op, opinfo::out_of_scope::reason(&name)) {
                    (Some(op), _) => (CoverageStatus::Covered, Some(op.to_string())),
                    (None, Some(r)) => (CoverageStatus::Unsupported, Some(r.to_string())),
                    (None, None) => (CoverageStatus::Missing, None),
                };
                Some(CoverageEntry {
                    name,
                    status,
                    detail,
                })
            }
            _ => None,
        })
        .collect();
    Some(Coverage {
        numpy_version: numpy_version.unwrap_or("unknown").to_string(),
        functions,
    })
}
