//! Typed request builders for the endpoints analysts use daily, grouped by service
//! (`client.stats()`, `client.skill()`, `client.ugc()`, `client.economy()`, `client.cms()`,
//! `client.profile()`): a thin ergonomic layer over the generated [`crate::operations`] (each
//! builds its operation and binds it to the client). Every endpoint has an operation
//! ([`Client::call`]); [`Client::endpoint`] finds a route by id for dynamic use.

mod cms;
mod economy;
mod history;
mod profile;
mod service_record;
mod skill;
mod stats;
mod ugc;
mod xbox;

pub use crate::operations::{CustomizationView, SearchAssetKind, SearchSort, SortOrder};
pub use cms::Cms;
pub use economy::Economy;
pub use history::{MatchHistoryRequest, MatchType};
pub use profile::Profile;
pub use service_record::{Lifecycle, ServiceRecordRequest};
pub use skill::Skill;
pub use stats::Stats;
pub use ugc::{SearchRequest, Ugc};
pub use xbox::{PROFILE_SETTINGS, Xbox, XboxProfile};

use crate::{Call, Client};

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

    /// An operation bound to this client as a [`Call`] answering its output.
    pub(crate) fn op<O: crate::Operation>(&self, operation: O) -> Call<O::Output> {
        self.call(operation)
    }
}

#[cfg(test)]
mod tests;
