//! Output formatting: text tables for people, JSON for programs.

pub(crate) mod film;
pub(crate) mod table;
