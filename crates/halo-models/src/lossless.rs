//! Comparing JSON values the way the lossless guarantee is stated: numbers by value
//! (`3` equals `3.0`), and an absent field equal to a `null` one ([`differences`]); or
//! exactly, an absent field differing from a `null` one ([`exact_differences`]).

use serde_json::{Number, Value};

/// The JSON paths where `expected` and `actual` differ (empty when they are equivalent).
///
/// Paths look like `Players[3].Kills`; at most `limit` paths are reported.
pub fn differences(expected: &Value, actual: &Value, limit: usize) -> Vec<String> {
    let mut out = Vec::new();
    diff(expected, actual, &mut String::new(), &mut out, limit, false);
    out
}

/// Like [`differences`], except that a key present on one side only is a difference even when
/// the other side's value is `null`: the same keys, the same values (numbers by value).
pub fn exact_differences(expected: &Value, actual: &Value, limit: usize) -> Vec<String> {
    let mut out = Vec::new();
    diff(expected, actual, &mut String::new(), &mut out, limit, true);
    out
}

/// Whether two JSON values are equivalent (numbers by value, absent equals `null`).
pub fn equivalent(expected: &Value, actual: &Value) -> bool {
    differences(expected, actual, 1).is_empty()
}

fn numbers_equal(a: &Number, b: &Number) -> bool {
    let as_int = |n: &Number| {
        n.as_i64()
            .map(i128::from)
            .or_else(|| n.as_u64().map(i128::from))
    };
    match (as_int(a), as_int(b)) {
        (Some(x), Some(y)) => x == y,
        _ => a.as_f64() == b.as_f64(),
    }
}

fn diff(
    expected: &Value,
    actual: &Value,
    path: &mut String,
    out: &mut Vec<String>,
    limit: usize,
    exact: bool,
) {
    if out.len() >= limit {
        return;
    }
    match (expected, actual) {
        (Value::Number(a), Value::Number(b)) if numbers_equal(a, b) => {}
        (Value::Object(a), Value::Object(b)) => {
            for (key, av) in a {
                match b.get(key) {
                    Some(bv) => with_key(path, key, |p| diff(av, bv, p, out, limit, exact)),
                    None if exact => with_key(path, key, |p| out.push(p.clone())),
                    None => with_key(path, key, |p| diff(av, &Value::Null, p, out, limit, exact)),
                }
            }
            for (key, bv) in b {
                if !a.contains_key(key) {
                    if exact {
                        with_key(path, key, |p| out.push(p.clone()));
                    } else {
                        with_key(path, key, |p| diff(&Value::Null, bv, p, out, limit, exact));
                    }
                }
            }
        }
        (Value::Array(a), Value::Array(b)) if a.len() == b.len() => {
            for (i, (av, bv)) in a.iter().zip(b).enumerate() {
                let len = path.len();
                path.push_str(&format!("[{i}]"));
                diff(av, bv, path, out, limit, exact);
                path.truncate(len);
            }
        }
        (a, b) if a == b => {}
        _ => out.push(if path.is_empty() {
            ".".to_owned()
        } else {
            path.clone()
        }),
    }
}

fn with_key(path: &mut String, key: &str, f: impl FnOnce(&mut String)) {
    let len = path.len();
    if !path.is_empty() {
        path.push('.');
    }
    path.push_str(key);
    f(path);
    path.truncate(len);
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn numbers_compare_by_value_and_null_equals_absent() {
        assert!(equivalent(&json!({"a": 3, "b": null}), &json!({"a": 3.0})));
        assert_eq!(
            differences(
                &json!({"a": [1, {"b": 2}]}),
                &json!({"a": [1, {"b": 3}]}),
                10
            ),
            vec!["a[1].b".to_owned()]
        );
        assert_eq!(
            differences(&json!([1]), &json!([1, 2]), 10),
            vec![".".to_owned()]
        );
    }

    #[test]
    fn exact_differences_tell_null_from_absent() {
        assert!(
            exact_differences(
                &json!({"a": 3, "b": null}),
                &json!({"a": 3.0, "b": null}),
                5
            )
            .is_empty()
        );
        assert_eq!(
            exact_differences(&json!({"a": 3, "b": null}), &json!({"a": 3.0}), 5),
            vec!["b".to_owned()]
        );
        assert_eq!(
            exact_differences(
                &json!({"x": {"a": 1}}),
                &json!({"x": {"a": 1, "c": null}}),
                5
            ),
            vec!["x.c".to_owned()]
        );
    }
}
