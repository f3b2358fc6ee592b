//! The file store: owner-only permissions, atomic replacement, encryption.
#![allow(clippy::unwrap_used)]

use std::path::PathBuf;
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};

use halo_auth::{ErrorKind, FileStore, StoreKey, StoredTokens, TokenStore};

#[test]
fn missing_file_is_empty_and_clear_is_idempotent() {
    let dir = temp_dir("missing");
    let store = FileStore::new(dir.join("nested/tokens.json"));
    assert!(store.load().unwrap().is_none());
    store.clear().unwrap();
    store
        .save(&StoredTokens::from_refresh_token("refresh-a"))
        .unwrap();
    assert_eq!(
        store
            .load()
            .unwrap()
            .unwrap()
            .refresh_token()
            .unwrap()
            .expose(),
        "refresh-a"
    );
    store.clear().unwrap();
    assert!(store.load().unwrap().is_none());
    std::fs::remove_dir_all(dir).unwrap();
}

#[cfg(unix)]
#[test]
fn file_is_owner_only_even_when_replacing_a_readable_one() {
    use std::os::unix::fs::PermissionsExt;
    let dir = temp_dir("perm");
    let path = dir.join("tokens.json");
    std::fs::write(&path, "{}").unwrap();
    std::fs::set_permissions(&path, std::fs::Permissions::from_mode(0o644)).unwrap();
    let store = FileStore::new(&path);
    store
        .save(&StoredTokens::from_refresh_token("refresh-b"))
        .unwrap();
    let mode = std::fs::metadata(&path).unwrap().permissions().mode() & 0o777;
    assert_eq!(mode, 0o600);
    std::fs::remove_dir_all(dir).unwrap();
}

#[test]
fn saves_are_atomic_under_concurrent_readers() {
    let dir = temp_dir("atomic");
    let path = dir.join("tokens.json");
    let store = FileStore::new(&path);
    store
        .save(&StoredTokens::from_refresh_token("refresh-0"))
        .unwrap();
    let done = Arc::new(AtomicBool::new(false));
    let reader = {
        let store = store.clone();
        let done = Arc::clone(&done);
        std::thread::spawn(move || {
            let mut reads = 0;
            while !done.load(Ordering::Relaxed) || reads == 0 {
                // Every read sees a whole file: the old one or the new one.
                let tokens = store.load().unwrap().unwrap();
                assert!(
                    tokens
                        .refresh_token()
                        .unwrap()
                        .expose()
                        .starts_with("refresh-")
                );
                reads += 1;
            }
            reads
        })
    };
    let writers: Vec<_> = (0..4)
        .map(|w| {
            let store = store.clone();
            std::thread::spawn(move || {
                for i in 0..50 {
                    // Long values make a torn write visible.
                    let token = format!("refresh-{w}-{i}-{}", "x".repeat(4096));
                    store
                        .save(&StoredTokens::from_refresh_token(token))
                        .unwrap();
                }
            })
        })
        .collect();
    for w in writers {
        w.join().unwrap();
    }
    done.store(true, Ordering::Relaxed);
    assert!(reader.join().unwrap() > 0);
    // No temporary file is left behind.
    let names: Vec<_> = std::fs::read_dir(&dir)
        .unwrap()
        .map(|e| e.unwrap().file_name().into_string().unwrap())
        .collect();
    assert_eq!(names, vec!["tokens.json".to_owned()]);
    std::fs::remove_dir_all(dir).unwrap();
}

#[test]
fn encrypted_store_hides_tokens_and_needs_the_key() {
    let dir = temp_dir("crypt");
    let path = dir.join("tokens.bin");
    let key = StoreKey::generate().unwrap();
    let store = FileStore::new(&path).with_key(key.clone());
    store
        .save(&StoredTokens::from_refresh_token(
            "M.R3_very-secret-refresh",
        ))
        .unwrap();
    let raw = std::fs::read(&path).unwrap();
    assert!(!String::from_utf8_lossy(&raw).contains("very-secret"));
    assert_eq!(
        store
            .load()
            .unwrap()
            .unwrap()
            .refresh_token()
            .unwrap()
            .expose(),
        "M.R3_very-secret-refresh"
    );
    // The same key given as hex (e.g. from an environment variable) reads it too.
    let again = FileStore::new(&path).with_key(StoreKey::from_hex(&key.to_hex()).unwrap());
    assert!(again.load().unwrap().is_some());

    let wrong = FileStore::new(&path).with_key(StoreKey::from_bytes([1; 32]));
    let err = wrong.load().unwrap_err();
    assert_eq!(err.kind(), &ErrorKind::StoreKey);
    assert!(err.to_string().contains("wrong key"));

    let no_key = FileStore::new(&path);
    assert!(matches!(
        no_key.load().unwrap_err().kind(),
        ErrorKind::Store { .. }
    ));

    // A plain file given a key is refused rather than misread.
    let plain = dir.join("plain.json");
    FileStore::new(&plain)
        .save(&StoredTokens::from_refresh_token("r"))
        .unwrap();
    assert!(FileStore::new(&plain).with_key(key).load().is_err());
    std::fs::remove_dir_all(dir).unwrap();
}

#[test]
fn corrupted_file_is_a_store_error() {
    let dir = temp_dir("corrupt");
    let path = dir.join("tokens.json");
    std::fs::write(&path, b"{\"version\":1,\"refresh_token\":").unwrap();
    let err = FileStore::new(&path).load().unwrap_err();
    assert!(matches!(err.kind(), ErrorKind::Store { .. }));
    std::fs::remove_dir_all(dir).unwrap();
}

/// A fresh, empty folder under the system's temporary folder.
fn temp_dir(name: &str) -> PathBuf {
    static N: AtomicU64 = AtomicU64::new(0);
    let dir = std::env::temp_dir().join(format!(
        "halo-auth-store-{name}-{}-{}",
        std::process::id(),
        N.fetch_add(1, Ordering::Relaxed)
    ));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    dir
}
