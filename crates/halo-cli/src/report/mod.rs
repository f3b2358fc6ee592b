//! What the API commands print that is not a halo-match summary as it is: plain serializable
//! values built from them.

pub(crate) mod film;
pub(crate) mod history;
