//! UniFFI exports of unified-store for Swift, Kotlin and Python. Every method is a one-line
//! delegation to the core crate: records and the error type come from core already derived,
//! so nothing here is redefined and no logic lives here.

use std::sync::Arc;
use unified_store as core;
use unified_store::{
    Message, MessageRole, PageRequest, SearchHit, SearchQuery, StoreConfig, StoreError, Thread, Workspace,
};

uniffi::setup_scaffolding!();

type Result<T> = std::result::Result<T, StoreError>;

/// An open store; see `unified_store::Store`.
#[derive(uniffi::Object)]
pub struct Store(core::Store);

#[uniffi::export]
impl Store {
    /// Opens (creating if needed) and migrates the store described by `config`.
    #[uniffi::constructor]
    pub fn open(config: StoreConfig) -> Result<Arc<Self>> {
        core::Store::open(&config).map(|store| Arc::new(Self(store)))
    }

    /// Opens a private store in memory.
    #[uniffi::constructor]
    pub fn open_in_memory() -> Result<Arc<Self>> {
        core::Store::open_in_memory().map(|store| Arc::new(Self(store)))
    }

    /// Workspaces: the top-level containers.
    pub fn workspaces(&self) -> Arc<Workspaces> {
        Arc::new(Workspaces(self.0.workspaces()))
    }

    /// Threads: conversations inside a workspace.
    pub fn threads(&self) -> Arc<Threads> {
        Arc::new(Threads(self.0.threads()))
    }

    /// Messages of threads, and search over them.
    pub fn messages(&self) -> Arc<Messages> {
        Arc::new(Messages(self.0.messages()))
    }

    /// The schema version of the open store.
    pub fn schema_version(&self) -> Result<u32> {
        self.0.schema_version()
    }

    /// Closes the store; later calls fail with `Storage`.
    pub fn close(&self) -> Result<()> {
        self.0.close()
    }
}

/// Workspaces of a store; see `unified_store::Workspaces`.
#[derive(uniffi::Object)]
pub struct Workspaces(core::Workspaces);

#[uniffi::export]
impl Workspaces {
    /// Creates a workspace.
    pub fn create(&self, name: String) -> Result<Workspace> {
        self.0.create(&name)
    }

    /// The live workspace `id`.
    pub fn get(&self, id: String) -> Result<Workspace> {
        self.0.get(&id)
    }

    /// Live workspaces, newest first.
    pub fn list(&self, page: PageRequest) -> Result<Vec<Workspace>> {
        self.0.list(&page)
    }

    /// Renames a workspace.
    pub fn rename(&self, id: String, name: String) -> Result<Workspace> {
        self.0.rename(&id, &name)
    }

    /// Soft-deletes a workspace with its threads and messages.
    pub fn delete(&self, id: String) -> Result<()> {
        self.0.delete(&id)
    }
}

/// Threads of a store; see `unified_store::Threads`.
#[derive(uniffi::Object)]
pub struct Threads(core::Threads);

#[uniffi::export]
impl Threads {
    /// Creates a thread in a workspace.
    pub fn create(&self, workspace_id: String, title: String) -> Result<Thread> {
        self.0.create(&workspace_id, &title)
    }

    /// The live thread `id`.
    pub fn get(&self, id: String) -> Result<Thread> {
        self.0.get(&id)
    }

    /// Live threads of a workspace, newest first.
    pub fn list(&self, workspace_id: String, page: PageRequest) -> Result<Vec<Thread>> {
        self.0.list(&workspace_id, &page)
    }

    /// Renames a thread.
    pub fn rename(&self, id: String, title: String) -> Result<Thread> {
        self.0.rename(&id, &title)
    }

    /// Soft-deletes a thread with its messages.
    pub fn delete(&self, id: String) -> Result<()> {
        self.0.delete(&id)
    }
}

/// Messages of a store; see `unified_store::Messages`.
#[derive(uniffi::Object)]
pub struct Messages(core::Messages);

#[uniffi::export]
impl Messages {
    /// Appends a message to a thread.
    pub fn append(&self, thread_id: String, role: MessageRole, content: String) -> Result<Message> {
        self.0.append(&thread_id, role, &content)
    }

    /// The live message `id`.
    pub fn get(&self, id: String) -> Result<Message> {
        self.0.get(&id)
    }

    /// Live messages of a thread, newest first.
    pub fn list(&self, thread_id: String, page: PageRequest) -> Result<Vec<Message>> {
        self.0.list(&thread_id, &page)
    }

    /// Replaces a message's content.
    pub fn edit(&self, id: String, content: String) -> Result<Message> {
        self.0.edit(&id, &content)
    }

    /// Soft-deletes a message.
    pub fn delete(&self, id: String) -> Result<()> {
        self.0.delete(&id)
    }

    /// Full-text search over live messages, best first.
    pub fn search(&self, query: SearchQuery) -> Result<Vec<SearchHit>> {
        self.0.search(&query)
    }
}
