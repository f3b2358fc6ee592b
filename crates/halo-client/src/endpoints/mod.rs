//! Typed request builders for the endpoints analysts use daily, grouped by service
//! (`client.stats()`, `client.skill()`, `client.ugc()`, `client.economy()`, `client.cms()`,
//! `client.profile()`). Every other endpoint is reachable through [`Client::request`] /
//! [`Client::endpoint`] (raw JSON) and [`Call::any`] (halo-models' typed `AnyResponse`).

/// The `&'static Route` of a generated route constant, without a lookup by id.
macro_rules! static_route {
    ($name:ident) => {{
        static ROUTE: &crate::routes::Route = &crate::routes::$name;
        ROUTE
    }};
}

mod cms;
mod economy;
mod history;
mod profile;
mod service_record;
mod skill;
mod stats;
mod ugc;

pub use cms::Cms;
pub use economy::Economy;
pub use history::{MatchHistoryRequest, MatchType};
pub use profile::Profile;
pub use service_record::{Lifecycle, ServiceRecordRequest};
pub use skill::Skill;
pub use stats::Stats;
pub use ugc::{SearchRequest, Ugc};

use crate::routes::Route;
use crate::{ApiRequest, Call, Client};

impl Client {
    /// The stats service (halostats): match stats, history, counts, service records, decks.
    pub fn stats(&self) -> Stats<'_> {
        Stats { client: self }
    }

    /// The skill service: CSR and skill of a match, CSR of a playlist.
    pub fn skill(&self) -> Skill<'_> {
        Skill { client: self }
    }

    /// The UGC discovery service: maps, playlists, modes, search, film manifests.
    pub fn ugc(&self) -> Ugc<'_> {
        Ugc { client: self }
    }

    /// The economy service: operations, reward tracks, customization.
    pub fn economy(&self) -> Economy<'_> {
        Economy { client: self }
    }

    /// The content service (gamecms-hacs): medals, calendars, reward tracks, images.
    pub fn cms(&self) -> Cms<'_> {
        Cms { client: self }
    }

    /// The profile service: users by gamertag or XUID.
    pub fn profile(&self) -> Profile<'_> {
        Profile { client: self }
    }

    /// A typed call for `route`.
    pub(crate) fn typed<T>(&self, route: &'static Route) -> Call<T> {
        Call::new(self.clone(), ApiRequest::new(route))
    }
}

/// The route of a known id: the table is generated, so a missing id is a bug caught by the
/// route tests; it falls back to a route whose call fails at execution.
pub(crate) fn route(id: &str) -> &'static Route {
    Route::by_id(id).unwrap_or(&UNKNOWN)
}

static UNKNOWN: Route = Route {
    id: "Unknown",
    authority: "",
    host: "invalid",
    scheme: crate::routes::Scheme::Https,
    method: http::Method::GET,
    path: "/{unknownRoute}",
    query: "",
    retry: &crate::routes::POLICY_NORETRY,
    clearance_aware: false,
    auth: crate::routes::AuthMethod::None,
    source: crate::routes::RouteSource::Extra,
};

#[cfg(test)]
mod tests;
