//! `ustore demo`: a sample workspace written once per store, then searched.

use crate::print::Printer;
use unified_store::{MessageRole, NewUser, NewWorkspace, PageRequest, SearchQuery, Store, StoreError};

const WORKSPACE: &str = "Demo: travel and code";
/// The user the sample workspace belongs to.
const DEMO_EMAIL: &str = "demo@example.com";

/// Each thread: a title and its conversation, alternating user and assistant.
const THREADS: &[(&str, &[&str])] = &[
    (
        "Planning a week in Lisbon",
        &[
            "I have a week in Lisbon in May. What should I not miss?",
            "Walk Alfama early in the morning, ride tram 28, and take a day trip to Sintra.",
            "Is Sintra worth it if I only like food, not palaces?",
            "Yes: try travesseiros at Piriquita, then pastel de nata back in Belém.",
        ],
    ),
    (
        "Rust FFI for a mobile app",
        &[
            "How do I call Rust from Kotlin and Swift without writing C by hand?",
            "Use UniFFI: annotate the Rust API and generate Kotlin and Swift bindings from the library.",
            "And in the browser?",
            "Compile to wasm32 and export the same API with wasm-bindgen; keep SQLite on OPFS in a worker.",
        ],
    ),
    (
        "Sourdough troubleshooting",
        &[
            "My sourdough comes out dense. What am I doing wrong?",
            "Usually an under-active starter or short bulk fermentation; let the dough rise by half.",
        ],
    ),
];

const SEARCHES: &[&str] = &["Sintra", "kotlin swift", "ferment*", "wasm OPFS"];

/// Writes the sample (unless this store has it already) and prints a few searches.
pub(crate) fn run(store: &Store, path: &str, out: &Printer) -> Result<(), StoreError> {
    let existing = store.workspaces().list(&PageRequest::first(1000))?.into_iter().find(|w| w.name == WORKSPACE);
    let reused = existing.is_some();
    let workspace = match existing {
        Some(workspace) => workspace,
        None => write_sample(store)?,
    };
    out.demo_header(path, &workspace, reused);
    for text in SEARCHES {
        let query = SearchQuery { workspace_id: Some(workspace.id.clone()), limit: 3, ..SearchQuery::words(*text) };
        out.search_results(text, &store.messages().search(&query)?);
    }
    Ok(())
}

/// Writes under a working name and takes the real one last, so that a run cut short leaves
/// nothing a later run would mistake for the whole sample.
fn write_sample(store: &Store) -> Result<unified_store::Workspace, StoreError> {
    let owner = match store.users().find_by_email(DEMO_EMAIL)? {
        Some(user) => user,
        None => store.users().create(&NewUser::new(DEMO_EMAIL, "Demo user"))?,
    };
    let workspace =
        store.workspaces().create(&NewWorkspace::for_user(format!("{WORKSPACE} (being written)"), owner.id))?;
    for (title, turns) in THREADS {
        let thread = store.threads().create(&workspace.id, title)?;
        for (i, content) in turns.iter().enumerate() {
            let role = if i % 2 == 0 { MessageRole::User } else { MessageRole::Assistant };
            store.messages().append(&thread.id, role, content)?;
        }
    }
    store.workspaces().rename(&workspace.id, WORKSPACE)
}
