//! [`FileStore`]: tokens in one file, replaced atomically, readable only by the owner.

use std::fs::{self, OpenOptions};
use std::io::{ErrorKind as IoErrorKind, Write};
use std::path::{Path, PathBuf};

use super::cipher::{MAGIC, StoreKey};
use super::{StoredTokens, TokenStore};
use crate::error::{Error, ErrorKind};

/// A store in one file.
///
/// Each save writes a new temporary file next to the target (created with mode `0600` on Unix),
/// flushes it to disk and renames it over the target, so a reader sees the old file or the new
/// one, never half of one, and a crash leaves the old file in place. With a [`StoreKey`] the
/// contents are encrypted (XChaCha20-Poly1305); without one they are JSON.
#[derive(Debug, Clone)]
pub struct FileStore {
    path: PathBuf,
    key: Option<StoreKey>,
}

impl FileStore {
    /// A plain (unencrypted, mode 0600) store at `path`.
    pub fn new(path: impl Into<PathBuf>) -> Self {
        Self {
            path: path.into(),
            key: None,
        }
    }

    /// Encrypts the file with `key`.
    pub fn with_key(mut self, key: StoreKey) -> Self {
        self.key = Some(key);
        self
    }

    /// The file's path.
    pub fn path(&self) -> &Path {
        &self.path
    }

    fn io_error(reason: &'static str, source: std::io::Error) -> Error {
        Error::with_source(ErrorKind::Store { reason }, source)
    }

    fn temp_path(&self) -> Result<PathBuf, Error> {
        let mut suffix = [0u8; 8];
        getrandom::fill(&mut suffix).map_err(|_| {
            Error::new(ErrorKind::Store {
                reason: "the operating system's random number generator failed",
            })
        })?;
        let name = self
            .path
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .ok_or(Error::new(ErrorKind::InvalidConfig {
                reason: "the token store path has no file name",
            }))?;
        let suffix: String = suffix.iter().map(|b| format!("{b:02x}")).collect();
        Ok(self.path.with_file_name(format!(".{name}.{suffix}.tmp")))
    }

    fn write_new(path: &Path, bytes: &[u8]) -> std::io::Result<()> {
        let mut options = OpenOptions::new();
        options.write(true).create_new(true);
        #[cfg(unix)]
        {
            use std::os::unix::fs::OpenOptionsExt;
            options.mode(0o600);
        }
        let mut file = options.open(path)?;
        file.write_all(bytes)?;
        file.sync_all()
    }
}

impl TokenStore for FileStore {
    fn load(&self) -> Result<Option<StoredTokens>, Error> {
        let bytes = match fs::read(&self.path) {
            Ok(bytes) => bytes,
            Err(e) if e.kind() == IoErrorKind::NotFound => return Ok(None),
            Err(e) => return Err(Self::io_error("the token file could not be read", e)),
        };
        let json = match &self.key {
            Some(key) => key.decrypt(&bytes)?,
            None if bytes.starts_with(MAGIC) => {
                return Err(Error::new(ErrorKind::Store {
                    reason: "the token file is encrypted; supply its key",
                }));
            }
            None => bytes,
        };
        StoredTokens::from_json(&json).map(Some)
    }

    fn save(&self, tokens: &StoredTokens) -> Result<(), Error> {
        let json = tokens.to_json();
        let bytes = match &self.key {
            Some(key) => key.encrypt(&json)?,
            None => json,
        };
        if let Some(dir) = self.path.parent().filter(|d| !d.as_os_str().is_empty()) {
            fs::create_dir_all(dir)
                .map_err(|e| Self::io_error("the token file's folder could not be created", e))?;
        }
        let temp = self.temp_path()?;
        if let Err(e) = Self::write_new(&temp, &bytes) {
            let _ = fs::remove_file(&temp);
            return Err(Self::io_error("the token file could not be written", e));
        }
        if let Err(e) = fs::rename(&temp, &self.path) {
            let _ = fs::remove_file(&temp);
            return Err(Self::io_error("the token file could not be replaced", e));
        }
        // Make the rename itself durable (best effort; not every platform can open a folder).
        #[cfg(unix)]
        if let Some(dir) = self.path.parent().filter(|d| !d.as_os_str().is_empty()) {
            if let Ok(dir) = fs::File::open(dir) {
                let _ = dir.sync_all();
            }
        }
        tracing::debug!(path = %self.path.display(), encrypted = self.key.is_some(), "saved tokens");
        Ok(())
    }

    fn clear(&self) -> Result<(), Error> {
        match fs::remove_file(&self.path) {
            Ok(()) => Ok(()),
            Err(e) if e.kind() == IoErrorKind::NotFound => Ok(()),
            Err(e) => Err(Self::io_error("the token file could not be removed", e)),
        }
    }
}
