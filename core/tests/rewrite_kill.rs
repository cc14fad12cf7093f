//! A store whose pages are being rewritten (rekey, decrypt, encrypt, over and over) by a child
//! process killed with SIGKILL at random points always opens afterwards, with its key or (if
//! it was plaintext at the kill) without, and with every row intact.
//!
//! `UNIFIED_STORE_KILLS` sets how many kills (default 30).

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use std::path::Path;
use std::process::{Command, Stdio};
use std::time::Duration;
use unified_store::{
    MessageRole, NewUser, NewWorkspace, NoProgress, PageRequest, Store, StoreConfig, StoreError, StoreKey,
};

const STORE_VAR: &str = "UNIFIED_STORE_KILL_CHILD_STORE";
const MESSAGES: usize = 300;

fn key() -> StoreKey {
    StoreKey::Raw { bytes: vec![5; 32] }
}

/// The store at `path` with its key, or without one if it is plaintext now.
fn open_either(path: &Path) -> Store {
    let path = path.to_string_lossy();
    match Store::open(&StoreConfig::encrypted(path.clone(), key())) {
        Ok(store) => store,
        Err(StoreError::InvalidKey { reason }) if reason.contains("not encrypted") => {
            Store::open(&StoreConfig::file(path)).unwrap_or_else(|error| panic!("opens with no key: {error}"))
        }
        Err(error) => panic!("opens with neither: {error}"),
    }
}

/// Every message of the store's one thread, oldest first.
fn contents(store: &Store) -> Vec<String> {
    let workspace = &store.workspaces().list(&PageRequest::first(1)).unwrap()[0];
    let thread = &store.threads().list(&workspace.id, &PageRequest::first(1)).unwrap()[0];
    let mut all: Vec<String> = store
        .messages()
        .list(&thread.id, &PageRequest::first(1000))
        .unwrap()
        .into_iter()
        .map(|message| message.content)
        .collect();
    all.sort();
    all
}

/// The child: rewrites the store's pages until it is killed.
#[test]
#[ignore = "run by rewrites_killed_at_random_points_lose_nothing as its child process"]
fn child_rewrites_until_killed() {
    let path = std::env::var(STORE_VAR).expect("run as a child");
    loop {
        let store = open_either(Path::new(&path));
        if store.has_key() {
            store.rekey(&NoProgress).unwrap();
            store.decrypt_in_place(&NoProgress).unwrap();
        } else {
            store.encrypt_in_place(&key(), None, &NoProgress).unwrap();
        }
        store.close().unwrap();
    }
}

#[test]
fn rewrites_killed_at_random_points_lose_nothing() {
    let kills: u64 = std::env::var("UNIFIED_STORE_KILLS").ok().and_then(|n| n.parse().ok()).unwrap_or(30);
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("store.db");
    let expected = {
        let store = Store::open(&StoreConfig::encrypted(path.to_string_lossy(), key())).unwrap();
        let owner = store.users().create(&NewUser::new("ada@example.com", "Ada")).unwrap();
        let workspace = store.workspaces().create(&NewWorkspace::for_user("Kept", &owner.id)).unwrap();
        let thread = store.threads().create(&workspace.id, "Thread").unwrap();
        let filler = "words that fill pages ".repeat(40);
        for n in 0..MESSAGES {
            store.messages().append(&thread.id, MessageRole::User, &format!("message {n} {filler}")).unwrap();
        }
        let expected = contents(&store);
        store.close().unwrap();
        expected
    };
    let mut seed: u64 = 0x9E37_79B9_7F4A_7C15;
    let (mut encrypted, mut plaintext) = (0, 0);
    for kill in 0..kills {
        let mut child = Command::new(std::env::current_exe().unwrap())
            .args(["--exact", "child_rewrites_until_killed", "--ignored", "--nocapture"])
            .env(STORE_VAR, &path)
            // Its panic, if any, shows on stderr; the harness's chatter does not.
            .stdout(Stdio::null())
            .spawn()
            .unwrap();
        // xorshift: a spread of kill points, the same every run.
        seed ^= seed << 13;
        seed ^= seed >> 7;
        seed ^= seed << 17;
        std::thread::sleep(Duration::from_millis(30 + seed % 400));
        let still_running = child.try_wait().unwrap().is_none();
        assert!(still_running, "kill {kill}: the child ended on its own");
        child.kill().unwrap(); // SIGKILL
        child.wait().unwrap();

        let store = open_either(&path);
        if store.has_key() {
            encrypted += 1
        } else {
            plaintext += 1
        }
        assert_eq!(contents(&store), expected, "kill {kill}: rows lost or changed");
        store.close().unwrap();
        assert!(!dir.path().join("store.db-rewrite").exists(), "kill {kill}: the copy was left behind");
    }
    eprintln!("{kills} kills: the store opened encrypted {encrypted} times, plaintext {plaintext} times");
}
