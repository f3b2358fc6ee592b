//! One error type for the store, the sync engine and the export, with a kind to match on.

use std::fmt;

/// Why a store, sync or export operation failed.
#[derive(Debug)]
pub struct Error {
    kind: ErrorKind,
    source: Option<Box<dyn std::error::Error + Send + Sync>>,
}

/// What went wrong.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub enum ErrorKind {
    /// The database file could not be opened or is not a database (corrupt, or another kind of
    /// file); nothing was written to it.
    Unreadable {
        /// The database.
        db: String,
        /// The database engine's message.
        message: String,
    },
    /// The database is read-only (file permissions or a read-only medium).
    ReadOnly {
        /// The database.
        db: String,
    },
    /// Another process holds the database's write lock.
    Locked {
        /// The database.
        db: String,
    },
    /// The disk (or the database's size limit) is full; every match written before stays.
    Full {
        /// The database.
        db: String,
    },
    /// The database was written by a newer version of this program; it is left untouched.
    NewerSchema {
        /// The database.
        db: String,
        /// Its schema version.
        found: i64,
        /// The newest version this program knows.
        supported: i64,
    },
    /// The database server cannot be reached or closed the connection (it is restarting,
    /// the network dropped); the next operation connects again.
    Disconnected {
        /// The database (never with its password).
        db: String,
        /// The client's or server's message.
        message: String,
    },
    /// Any other database failure, with the engine's message.
    Database {
        /// The engine's message.
        message: String,
    },
    /// The player is not known to the service.
    PlayerNotFound {
        /// The player as given.
        player: String,
    },
    /// A call to the Halo services failed (after its retry policy).
    Api {
        /// The client's message.
        message: String,
    },
    /// A stored raw body could not be decoded or materialized.
    Decode {
        /// What could not be read, and why.
        message: String,
    },
    /// Writing an export file failed.
    Io {
        /// The file or folder.
        path: String,
    },
}

impl Error {
    /// An error of `kind`.
    pub fn new(kind: ErrorKind) -> Self {
        Self { kind, source: None }
    }

    /// The same error with its cause.
    pub fn with_source(mut self, source: impl std::error::Error + Send + Sync + 'static) -> Self {
        self.source = Some(Box::new(source));
        self
    }

    /// What went wrong.
    pub fn kind(&self) -> &ErrorKind {
        &self.kind
    }

    /// A database failure with the engine's message.
    pub(crate) fn database(message: impl Into<String>) -> Self {
        Self::new(ErrorKind::Database {
            message: message.into(),
        })
    }

    /// A decode or materialize failure.
    pub(crate) fn decode(message: impl Into<String>) -> Self {
        Self::new(ErrorKind::Decode {
            message: message.into(),
        })
    }

    /// A failed API call.
    pub(crate) fn api(e: halo_client::Error) -> Self {
        Self::new(ErrorKind::Api {
            message: e.to_string(),
        })
        .with_source(e)
    }
}

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match &self.kind {
            ErrorKind::Unreadable { db, message } => write!(
                f,
                "cannot use the database {db}: {message} (is it a halo sync database? it was \
                 left as it is)"
            ),
            ErrorKind::ReadOnly { db } => write!(
                f,
                "the database {db} is read-only: nothing was written (check the file's \
                 permissions, or pass another --db)"
            ),
            ErrorKind::Locked { db } => write!(
                f,
                "the database {db} is locked by another program (another halo sync?): try \
                 again when it has finished"
            ),
            ErrorKind::Full { db } => write!(
                f,
                "the disk holding {db} is full: every match written so far is kept; free some \
                 space and run the sync again to fetch the rest"
            ),
            ErrorKind::NewerSchema {
                db,
                found,
                supported,
            } => write!(
                f,
                "the database {db} has schema version {found}, newer than this program's \
                 {supported}: it was left untouched (update halo, or use another --db)"
            ),
            ErrorKind::Disconnected { db, message } => write!(
                f,
                "the database server {db} cannot be reached: {message} (is it running? every \
                 match written before is kept)"
            ),
            ErrorKind::Database { message } => write!(f, "database error: {message}"),
            ErrorKind::PlayerNotFound { player } => {
                write!(f, "no player `{player}` is known to the Halo services")
            }
            ErrorKind::Api { message } => f.write_str(message),
            ErrorKind::Decode { message } => f.write_str(message),
            ErrorKind::Io { path } => match &self.source {
                Some(source) => write!(f, "cannot write {path}: {source}"),
                None => write!(f, "cannot write {path}"),
            },
        }
    }
}

impl std::error::Error for Error {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        self.source
            .as_deref()
            .map(|e| e as &(dyn std::error::Error + 'static))
    }
}
