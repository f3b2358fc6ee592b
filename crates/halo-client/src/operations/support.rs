//! What the generated operations use: the types of their parameters and answers, and
//! [`RequestBody`].

pub(crate) use bytes::Bytes;
pub(crate) use halo_models::{AssetId, MatchId, Timestamp, VersionId, Xuid};

pub(crate) use super::params::{
    CustomizationView, Lifecycle, MatchType, ProfileUser, SearchAssetKind, SearchSort, SortOrder,
};
pub(crate) use super::{Operation, Paged};
pub(crate) use crate::request::ApiRequest;
pub(crate) use crate::response::ApiResponse;
pub(crate) use crate::routes::{self, Route};
pub(crate) use crate::{Error, PlayerRef};

/// The body of a `POST`, `PUT`, `PATCH` or `DELETE` operation.
#[derive(Clone, Debug)]
pub struct RequestBody {
    bytes: Result<Bytes, String>,
    content_type: String,
}

impl RequestBody {
    /// `value` as JSON; an encoding failure is reported when the call is made.
    pub fn json<B: serde::Serialize + ?Sized>(value: &B) -> Self {
        Self {
            bytes: serde_json::to_vec(value)
                .map(Bytes::from)
                .map_err(|error| format!("cannot encode the JSON body: {error}")),
            content_type: "application/json".to_owned(),
        }
    }

    /// Raw bytes with their content type.
    pub fn raw(bytes: impl Into<Bytes>, content_type: &str) -> Self {
        Self {
            bytes: Ok(bytes.into()),
            content_type: content_type.to_owned(),
        }
    }

    /// Put the body on `request`.
    pub(crate) fn apply(self, request: ApiRequest) -> ApiRequest {
        match self.bytes {
            Ok(bytes) => request.body(bytes, &self.content_type),
            Err(problem) => request.invalid(problem),
        }
    }
}

/// Raw JSON; an empty body (a `204`, a `DELETE`'s answer) is `null`.
pub(crate) fn json_or_null(response: &ApiResponse) -> Result<serde_json::Value, Error> {
    if response.body().iter().all(u8::is_ascii_whitespace) {
        return Ok(serde_json::Value::Null);
    }
    response.json()
}
