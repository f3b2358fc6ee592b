//! Streams of pages and of items for every paged operation (any endpoint taking `start` and
//! `count`): [`Client::pages`] and [`Client::items`]. Each page is one ordinary call, so it
//! goes through the client's rate limiter, retries and `Retry-After` handling like any other.
//! The stream stops after a page shorter than the asked `count`, or at an empty page (without
//! a `count` the service's page size is not known, so only an empty page ends it); an empty
//! page after the first is not yielded. A failed page ends the stream of pages with its call's
//! error. It ends the stream of items with the same error when no item came through before
//! it, else with [`ErrorKind::Partial`](crate::ErrorKind::Partial): the count of items
//! received ([`Error::received`]), the page's error as its source. Each page starts where the
//! previous one's items end, so the failed page, where to resume, starts at the operation's
//! [`Paged::start`] plus the items received.

use futures_util::stream::{self, BoxStream, StreamExt, TryStreamExt};

use super::Operation;
use crate::{Client, Error};

/// An operation whose answer is one page of a list (`start`/`count` query parameters).
pub trait Paged: Operation + Clone + Send + 'static {
    /// One item of a page.
    type Item: Send + 'static;

    /// The first item asked (the `start` parameter, 0 when unset).
    fn start(&self) -> u32;

    /// The same operation from another first item.
    fn with_start(self, start: u32) -> Self;

    /// The asked page size (the `count` parameter), if set.
    fn page_size(&self) -> Option<u32>;

    /// The items of a page.
    fn into_items(output: Self::Output) -> Vec<Self::Item>;

    /// How many items a page holds.
    fn item_count(output: &Self::Output) -> usize;
}

/// Where a page stream is.
struct Cursor<O> {
    next: Option<O>,
    /// The asked page size.
    size: Option<u32>,
    pages: u32,
}

impl Client {
    /// Every page of `operation` from its `start` on, one call per page, until a page comes
    /// back shorter than the asked `count`, or empty.
    pub fn pages<O: Paged>(&self, operation: O) -> BoxStream<'static, Result<O::Output, Error>>
    where
        O::Output: Send,
    {
        let client = self.clone();
        let size = operation.page_size();
        let cursor = Cursor {
            next: Some(operation),
            size,
            pages: 0,
        };
        stream::try_unfold(cursor, move |mut cursor| {
            let client = client.clone();
            async move {
                let Some(operation) = cursor.next.take() else {
                    return Ok(None);
                };
                let start = operation.start();
                let page = client.call(operation.clone()).send().await?;
                let received = u32::try_from(O::item_count(&page)).unwrap_or(u32::MAX);
                if received == 0 && cursor.pages > 0 {
                    return Ok(None);
                }
                cursor.pages += 1;
                if received > 0 && cursor.size.is_none_or(|size| received >= size) {
                    cursor.next = Some(operation.with_start(start.saturating_add(received)));
                }
                Ok(Some((page, cursor)))
            }
        })
        .boxed()
    }

    /// Every item of every page of `operation` (see [`Client::pages`]); a failed page after
    /// some items ends it with [`ErrorKind::Partial`](crate::ErrorKind::Partial).
    pub fn items<O: Paged>(&self, operation: O) -> BoxStream<'static, Result<O::Item, Error>>
    where
        O::Output: Send,
    {
        let mut received = 0_u64;
        self.pages(operation)
            .map_ok(|page| stream::iter(O::into_items(page).into_iter().map(Ok)))
            .try_flatten()
            .map(move |item| match item {
                Ok(item) => {
                    received += 1;
                    Ok(item)
                }
                Err(error) => Err(Error::partial(received, error)),
            })
            .boxed()
    }
}
