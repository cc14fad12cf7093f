//! UniFFI exports of the content domain: one-line delegations to `unified_store`.

#[allow(unused_imports)]
use crate::Result;
#[allow(unused_imports)]
use unified_store as core;
#[allow(unused_imports)]
use unified_store::*;

/// Workspaces of a store; see `unified_store::Workspaces`.
#[derive(uniffi::Object)]
pub struct Workspaces(pub(crate) core::Workspaces);

#[uniffi::export]
impl Workspaces {
    /// Creates a workspace owned by exactly one user or organization.
    pub fn create(&self, workspace: NewWorkspace) -> Result<Workspace> {
        self.0.create(&workspace)
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
pub struct Threads(pub(crate) core::Threads);

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
pub struct Messages(pub(crate) core::Messages);

#[uniffi::export]
impl Messages {
    /// Appends a message to a thread.
    pub fn append(&self, thread_id: String, role: MessageRole, content: String) -> Result<Message> {
        self.0.append(&thread_id, role, &content)
    }

    /// Appends a message with all its details.
    pub fn append_new(&self, message: NewMessage) -> Result<Message> {
        self.0.append_new(&message)
    }

    /// Appends messages in order in one transaction: all or none.
    pub fn append_batch(&self, messages: Vec<NewMessage>) -> Result<Vec<Message>> {
        self.0.append_batch(&messages)
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

/// Projects inside workspaces. See `unified_store::Projects`.
#[derive(uniffi::Object)]
pub struct Projects(pub(crate) core::Projects);

#[uniffi::export]
impl Projects {}

/// Documents, and search over them. See `unified_store::Documents`.
#[derive(uniffi::Object)]
pub struct Documents(pub(crate) core::Documents);

#[uniffi::export]
impl Documents {}

/// Attachment metadata of messages. See `unified_store::Attachments`.
#[derive(uniffi::Object)]
pub struct Attachments(pub(crate) core::Attachments);

#[uniffi::export]
impl Attachments {}
