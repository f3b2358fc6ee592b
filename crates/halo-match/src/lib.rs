#![doc = include_str!("../README.md")]

mod assets;
mod cache;
mod error;
mod facts;
mod film;
mod gamertags;
mod matches;
mod memo;
pub mod names;
mod part;
mod player;
mod player_summary;
mod season;
mod summary;

pub use assets::{AssetName, GameVariant};
pub use cache::{Cache, MedalNames};
pub use error::{Error, ErrorKind};
pub use facts::Facts;
pub use film::{FilmCheck, FilmEvents};
pub use gamertags::Gamertags;
pub use matches::Match;
pub use part::{Failure, Lookup, Part, PartStatus, Parts};
pub use player::{History, Player, PlaylistCsr, RankedPlaylists};
pub use player_summary::{Identity, MatchCounts, PlayerSummary, RankedCsr, RecordSummary};
pub use season::{Season, SeasonName};
pub use summary::{
    Brief, Csr, CsrChange, Header, MedalLine, PlayerLine, RowResult, Summary, TeamLine,
};

#[cfg(test)]
mod send_sync {
    const fn assert_clone_send_sync<T: Clone + Send + Sync + 'static>() {}
    const _: () = {
        assert_clone_send_sync::<super::Match>();
        assert_clone_send_sync::<super::Player>();
        assert_clone_send_sync::<super::Cache>();
        assert_clone_send_sync::<super::Error>();
        assert_clone_send_sync::<super::Summary>();
    };
}
