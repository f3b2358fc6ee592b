#![doc = include_str!("../README.md")]

pub mod clock;
pub mod crawl;
pub mod db;
pub mod engine;
pub mod error;
pub mod export;
pub mod materialize;
mod names;
pub mod progress;
pub mod raw;
pub mod rebuild;
pub mod schema;
pub mod store;

pub use db::Database;
pub use engine::{Resolved, SyncOptions, Syncer, resolve};
pub use error::{Error, ErrorKind};
pub use progress::{NamesReport, Progress, Silent, SyncReport};
pub use rebuild::{RebuildReport, rebuild};
