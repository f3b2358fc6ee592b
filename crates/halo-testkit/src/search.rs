//! `HIUGC_Discovery_Search` paged over the captured results: the capture's `Results` are the
//! whole result set (its `EstimatedTotal` becomes their number), served `start`/`count` at a
//! time like the service (count 1 to 101, default 25).

use http::StatusCode;
use serde_json::{Value, json};

use crate::respond::{self, Resp};
use crate::{captures, form};

/// The service's largest page.
const MAX_PAGE: u64 = 101;
/// The page size when `count` is not given.
const DEFAULT_PAGE: u64 = 25;

/// One page of the search.
pub(crate) fn page(query: Option<&str>) -> Resp {
    let params = form::parse(query.unwrap_or(""));
    let parse = |name: &str, default: u64| match form::get(&params, name) {
        None => Some(default),
        Some(text) => text.parse::<u64>().ok(),
    };
    let (Some(start), Some(count)) = (parse("start", 0), parse("count", DEFAULT_PAGE)) else {
        return respond::testkit_error(
            StatusCode::BAD_REQUEST,
            "invalid_query",
            "start and count must be integers",
        );
    };
    if !(1..=MAX_PAGE).contains(&count) {
        return respond::testkit_error(
            StatusCode::BAD_REQUEST,
            "invalid_query",
            "count must be 1 to 101",
        );
    }
    let Some(mut answer) = captures::default_case("HIUGC_Discovery_Search")
        .and_then(|c| serde_json::from_slice::<Value>(c.bytes).ok())
    else {
        return respond::testkit_error(
            StatusCode::NOT_FOUND,
            "no_capture",
            "halo-testkit has no captured response for endpoint HIUGC_Discovery_Search",
        );
    };
    let all = answer
        .get("Results")
        .and_then(Value::as_array)
        .cloned()
        .unwrap_or_default();
    let total = all.len() as u64;
    let from = usize::try_from(start.min(total)).unwrap_or(all.len());
    let to = usize::try_from(start.saturating_add(count).min(total)).unwrap_or(all.len());
    let results: Vec<Value> = all.get(from..to).map(<[Value]>::to_vec).unwrap_or_default();
    answer["EstimatedTotal"] = json!(total);
    answer["Start"] = json!(start);
    answer["Count"] = json!(count);
    answer["ResultCount"] = json!(results.len());
    answer["Results"] = Value::Array(results);
    respond::json_value(StatusCode::OK, &answer)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pages_over_the_captured_results() {
        let body = |query: &str| {
            let response = page(Some(query));
            assert_eq!(response.status(), StatusCode::OK);
            response
        };
        // The bodies are checked end to end by halo-client's paging test; here the refusals.
        let _ = body("start=0&count=3");
        assert_eq!(page(Some("count=0")).status(), StatusCode::BAD_REQUEST);
        assert_eq!(page(Some("count=102")).status(), StatusCode::BAD_REQUEST);
        assert_eq!(page(Some("start=x")).status(), StatusCode::BAD_REQUEST);
    }
}
