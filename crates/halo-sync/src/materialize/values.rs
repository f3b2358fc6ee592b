//! Reading stat blocks generically: a block is serialized once to JSON and its numbers read
//! by key, so every stat a payload has lands in a row, whatever mode it belongs to.

use halo_models::IsoDuration;
use serde_json::Value;

use crate::schema::{CORE_STATS, ColumnType};
use crate::store::SqlValue;

/// A payload number or ISO-8601 duration as a number of `ty` (durations in seconds).
pub(crate) fn number(value: &Value, ty: ColumnType) -> SqlValue {
    match value {
        Value::Number(n) => match ty {
            ColumnType::Int => n
                .as_i64()
                .or_else(|| n.as_f64().map(|f| f as i64))
                .map_or(SqlValue::Null, SqlValue::Int),
            _ => n.as_f64().map_or(SqlValue::Null, SqlValue::Real),
        },
        Value::String(text) => seconds(text).map_or(SqlValue::Null, SqlValue::Real),
        _ => SqlValue::Null,
    }
}

/// The seconds of an ISO-8601 duration text.
pub(crate) fn seconds(text: &str) -> Option<f64> {
    text.parse::<IsoDuration>().ok().map(|d| d.as_secs_f64())
}

/// The core stat columns of a `CoreStats` object, in [`CORE_STATS`] order (`NULL` where the
/// payload lacks one).
pub(crate) fn core_stats(core: Option<&Value>, row: &mut Vec<SqlValue>) {
    for stat in CORE_STATS {
        let value = core.and_then(|c| c.get(stat.key));
        row.push(value.map_or(SqlValue::Null, |v| number(v, stat.column.ty)));
    }
}
