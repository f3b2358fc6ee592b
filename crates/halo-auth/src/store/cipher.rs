//! Optional encryption of the store file: XChaCha20-Poly1305 (RustCrypto `chacha20poly1305`)
//! with a 256-bit key the user supplies and a fresh random 192-bit nonce per write.
//!
//! File layout: `MAGIC || nonce (24 bytes) || ciphertext with tag`; the magic is also the
//! associated data, so a file cannot be passed off as another format.

use std::fmt;

use chacha20poly1305::aead::{Aead, KeyInit, Payload};
use chacha20poly1305::{Key, XChaCha20Poly1305, XNonce};

use crate::error::{Error, ErrorKind};

pub(crate) const MAGIC: &[u8] = b"halo-auth-store:xchacha20poly1305:v1\n";
const NONCE_LEN: usize = 24;

/// A 256-bit key for an encrypted [`FileStore`](super::FileStore). `Debug` prints `<redacted>`.
#[derive(Clone, PartialEq, Eq)]
pub struct StoreKey([u8; 32]);

impl StoreKey {
    /// A key from 32 raw bytes.
    pub fn from_bytes(bytes: [u8; 32]) -> Self {
        Self(bytes)
    }

    /// A key from 64 hexadecimal digits (for example from an environment variable).
    pub fn from_hex(hex: &str) -> Result<Self, Error> {
        let hex = hex.trim();
        let invalid = || {
            Error::new(ErrorKind::InvalidConfig {
                reason: "a store key must be 64 hexadecimal digits (32 bytes)",
            })
        };
        if hex.len() != 64 || !hex.is_ascii() {
            return Err(invalid());
        }
        let mut key = [0u8; 32];
        for (i, byte) in key.iter_mut().enumerate() {
            let pair = hex.get(2 * i..2 * i + 2).ok_or_else(invalid)?;
            *byte = u8::from_str_radix(pair, 16).map_err(|_| invalid())?;
        }
        Ok(Self(key))
    }

    /// A new random key (show it to the user once, as hex, and let them keep it).
    pub fn generate() -> Result<Self, Error> {
        let mut key = [0u8; 32];
        getrandom::fill(&mut key).map_err(|_| {
            Error::new(ErrorKind::Store {
                reason: "the operating system's random number generator failed",
            })
        })?;
        Ok(Self(key))
    }

    /// The key as 64 lowercase hexadecimal digits.
    pub fn to_hex(&self) -> String {
        self.0.iter().map(|b| format!("{b:02x}")).collect()
    }

    pub(crate) fn encrypt(&self, plaintext: &[u8]) -> Result<Vec<u8>, Error> {
        let mut nonce = [0u8; NONCE_LEN];
        getrandom::fill(&mut nonce).map_err(|_| {
            Error::new(ErrorKind::Store {
                reason: "the operating system's random number generator failed",
            })
        })?;
        let cipher = XChaCha20Poly1305::new(Key::from_slice(&self.0));
        let ciphertext = cipher
            .encrypt(
                XNonce::from_slice(&nonce),
                Payload {
                    msg: plaintext,
                    aad: MAGIC,
                },
            )
            .map_err(|_| {
                Error::new(ErrorKind::Store {
                    reason: "encryption failed",
                })
            })?;
        let mut out = Vec::with_capacity(MAGIC.len() + NONCE_LEN + ciphertext.len());
        out.extend_from_slice(MAGIC);
        out.extend_from_slice(&nonce);
        out.extend_from_slice(&ciphertext);
        Ok(out)
    }

    pub(crate) fn decrypt(&self, file: &[u8]) -> Result<Vec<u8>, Error> {
        let rest = file
            .strip_prefix(MAGIC)
            .ok_or(Error::new(ErrorKind::Store {
                reason: "the file is not an encrypted token store; remove the key or the file",
            }))?;
        if rest.len() < NONCE_LEN {
            return Err(Error::new(ErrorKind::StoreKey));
        }
        let (nonce, ciphertext) = rest.split_at(NONCE_LEN);
        let cipher = XChaCha20Poly1305::new(Key::from_slice(&self.0));
        cipher
            .decrypt(
                XNonce::from_slice(nonce),
                Payload {
                    msg: ciphertext,
                    aad: MAGIC,
                },
            )
            .map_err(|_| Error::new(ErrorKind::StoreKey))
    }
}

impl fmt::Debug for StoreKey {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("<redacted>")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn round_trip_and_wrong_key() {
        let key = StoreKey::generate().unwrap();
        let sealed = key.encrypt(b"refresh token").unwrap();
        assert!(sealed.starts_with(MAGIC));
        assert!(!sealed.windows(13).any(|w| w == b"refresh token"));
        assert_eq!(key.decrypt(&sealed).unwrap(), b"refresh token");
        let other = StoreKey::from_bytes([7; 32]);
        assert_eq!(
            other.decrypt(&sealed).unwrap_err().into_kind(),
            ErrorKind::StoreKey
        );
        let mut tampered = sealed.clone();
        let last = tampered.len() - 1;
        tampered[last] ^= 1;
        assert_eq!(
            key.decrypt(&tampered).unwrap_err().into_kind(),
            ErrorKind::StoreKey
        );
    }

    #[test]
    fn hex_keys() {
        let key = StoreKey::from_bytes([0xab; 32]);
        assert_eq!(StoreKey::from_hex(&key.to_hex()).unwrap(), key);
        assert!(StoreKey::from_hex("abc").is_err());
        assert!(StoreKey::from_hex(&"zz".repeat(32)).is_err());
        assert_eq!(format!("{key:?}"), "<redacted>");
    }
}
