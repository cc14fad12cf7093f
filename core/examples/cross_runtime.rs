//! Stores that cross runtimes: an encrypted store written natively opens in the browser (OPFS)
//! and one written there opens natively. Both use the raw key `[7; 32]`.
//!
//! - `cargo run -p unified-store --example cross_runtime -- write <path>` writes the fixture
//!   the wasm tests import (`tests/fixtures/native-encrypted.db` and its `-keys` file): one
//!   thread holding the message [`MESSAGE`].
//! - `cargo run -p unified-store --example cross_runtime -- read <path> <word>` opens the
//!   store at `<path>` (its `-keys` file beside it) and prints, one a line, the content of
//!   each message the word finds; the npm end-to-end test reads a store written in Chromium
//!   with it.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::print_stdout)]

use unified_store::{KdfParams, MessageRole, NewUser, NewWorkspace, SearchQuery, Store, StoreConfig, StoreKey};

/// The message of the native fixture.
const MESSAGE: &str = "written natively, read in chromium";

fn config(path: &str) -> StoreConfig {
    StoreConfig {
        key: Some(StoreKey::Raw { bytes: vec![7; 32] }),
        kdf: Some(KdfParams::INSECURE_FOR_TESTS),
        ..StoreConfig::file(path)
    }
}

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    match args.iter().map(String::as_str).collect::<Vec<_>>()[..] {
        ["write", path] => {
            let store = Store::open(&config(path)).expect("open");
            let owner = store.users().create(&NewUser::new("ada@example.com", "Ada")).unwrap();
            let workspace = store.workspaces().create(&NewWorkspace::for_user("Fixture", &owner.id)).unwrap();
            let thread = store.threads().create(&workspace.id, "Across runtimes").unwrap();
            store.messages().append(&thread.id, MessageRole::User, MESSAGE).unwrap();
            store.close().unwrap();
        }
        ["read", path, word] => {
            let store = Store::open(&config(path)).expect("open");
            for hit in store.messages().search(&SearchQuery::words(word)).expect("search") {
                println!("{}", hit.message.content);
            }
            store.close().unwrap();
        }
        _ => {
            eprintln!("usage: cross_runtime write <path> | read <path> <word>");
            std::process::exit(2);
        }
    }
}
