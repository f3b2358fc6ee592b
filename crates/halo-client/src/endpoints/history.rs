//! `Stats_GetMatchHistory` as a request value, a page future, and streams of pages and matches.

use std::future::IntoFuture;

use futures_util::stream::{self, BoxStream, StreamExt};
use halo_models::{MatchHistory, MatchHistoryEntry};

use crate::call::CallFuture;
pub use crate::operations::MatchType;
use crate::operations::stats;
use crate::{Call, Client, Error, PlayerRef};

/// A page request of a player's match history; `.await` it for one page, or turn it into a
/// stream with [`pages`](Self::pages) or [`matches`](Self::matches).
#[derive(Clone, Debug)]
#[must_use = "a request does nothing until it is awaited or streamed"]
pub struct MatchHistoryRequest {
    client: Client,
    player: PlayerRef,
    start: u32,
    count: u32,
    kind: MatchType,
}

impl MatchHistoryRequest {
    /// The largest page the service serves.
    pub const MAX_COUNT: u32 = 25;

    pub(crate) fn new(client: Client, player: PlayerRef) -> Self {
        Self {
            client,
            player,
            start: 0,
            count: Self::MAX_COUNT,
            kind: MatchType::All,
        }
    }

    /// Skip the `start` most recent matches.
    pub fn start(mut self, start: u32) -> Self {
        self.start = start;
        self
    }

    /// Matches per page (1 to 25; checked when sent).
    pub fn count(mut self, count: u32) -> Self {
        self.count = count;
        self
    }

    /// Which matches to list.
    pub fn kind(mut self, kind: MatchType) -> Self {
        self.kind = kind;
        self
    }

    /// The operation for the current page.
    pub fn operation(&self) -> stats::GetMatchHistory {
        stats::GetMatchHistory::new(self.player.clone())
            .start(self.start)
            .count(self.count)
            .kind(self.kind)
    }

    /// The call for the current page.
    pub fn call(&self) -> Call<MatchHistory> {
        let call = self.client.op(self.operation());
        if (1..=Self::MAX_COUNT).contains(&self.count) {
            call
        } else {
            let count = self.count;
            call.map_request(|r| r.invalid(format!("count must be 1 to 25, not {count}")))
        }
    }

    /// Every page from `start` on, until a page comes back short ([`Client::pages`]; a failed
    /// page ends the stream with its call's error).
    pub fn pages(self) -> BoxStream<'static, Result<MatchHistory, Error>> {
        if let Err(error) = self.call().url() {
            return stream::once(std::future::ready(Err(error))).boxed();
        }
        self.client.pages(self.operation())
    }

    /// Every match from `start` on, newest first ([`Client::items`]). A page that fails (after
    /// its retries) ends the stream with an error; when matches came through before it, that
    /// error is [`ErrorKind::Partial`](crate::ErrorKind::Partial) with their count, the page's
    /// error as its source.
    pub fn matches(self) -> BoxStream<'static, Result<MatchHistoryEntry, Error>> {
        if let Err(error) = self.call().url() {
            return stream::once(std::future::ready(Err(error))).boxed();
        }
        self.client.items(self.operation())
    }
}

impl IntoFuture for MatchHistoryRequest {
    type Output = Result<MatchHistory, Error>;
    type IntoFuture = CallFuture<MatchHistory>;

    fn into_future(self) -> Self::IntoFuture {
        self.call().into_future()
    }
}
