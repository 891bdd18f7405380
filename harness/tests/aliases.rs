//! Every alias a record declares is NumPy's own: `numpy.<alias>` exists and is the same object
//! as `numpy.<name>`, or (for NumPy's wrapper functions such as `around`) returns the same
//! values on the same inputs. And every alias resolves to its record through `opinfo::ops::find`.

use reference::Value;

#[test]
fn every_alias_is_numpys_and_finds_its_record() {
    let check = "lambda alias, name, nin: (lambda a, f, x: \
                 (a is f) or all(__import__('numpy').array_equal(a(*([x] * nin)), f(*([x] * nin)), equal_nan=True) \
                 for x in [__import__('numpy').linspace(-3.0, 3.0, 13), __import__('numpy').arange(1, 6)]))\
                 (getattr(__import__('numpy'), alias), getattr(__import__('numpy'), name), None)";
    let mut checked = 0;
    for op in opinfo::registry() {
        for alias in op.aliases {
            let found = opinfo::ops::find(alias).map(|r| r.name);
            assert_eq!(
                found,
                Some(op.name),
                "alias {alias} does not resolve to {}",
                op.name
            );
            let args = [
                Value::Str(alias.to_string()),
                Value::Str(op.name.to_string()),
                Value::Int(op.nin as i64),
            ];
            match reference::eval_call(check, &args, &[]) {
                Ok(Value::Bool(true)) | Ok(Value::Scalar(backends::PyScalar::Bool(true))) => {
                    checked += 1
                }
                other => panic!("numpy.{alias} is not numpy.{}: {other:?}", op.name),
            }
        }
    }
    eprintln!("{checked} aliases checked against NumPy");
    assert!(checked >= 20, "only {checked} aliases");
}
