//! UniFFI exports of the content domain: one-line delegations to `unified_store`.

use crate::Result;
use std::sync::{Arc, Mutex};
use unified_store as core;
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

    /// Live workspaces a user owns, is a member of, or reaches through an organization.
    pub fn list_for_user(&self, user_id: String, page: PageRequest) -> Result<Vec<Workspace>> {
        self.0.list_for_user(&user_id, &page)
    }

    /// Renames a workspace.
    pub fn rename(&self, id: String, name: String) -> Result<Workspace> {
        self.0.rename(&id, &name)
    }

    /// Renames a workspace or transfers it to another owner.
    pub fn update(&self, id: String, patch: WorkspacePatch) -> Result<Workspace> {
        self.0.update(&id, &patch)
    }

    /// Soft-deletes a workspace with everything in it.
    pub fn delete(&self, id: String) -> Result<()> {
        self.0.delete(&id)
    }

    /// Undoes a soft delete.
    pub fn restore(&self, id: String) -> Result<Workspace> {
        self.0.restore(&id)
    }

    /// Removes a workspace for good, with everything in it.
    pub fn purge(&self, id: String) -> Result<()> {
        self.0.purge(&id)
    }

    /// Makes a user a member of a workspace.
    pub fn add_member(&self, workspace_id: String, user_id: String, role: Role) -> Result<WorkspaceMember> {
        self.0.add_member(&workspace_id, &user_id, role)
    }

    /// A user's membership of a workspace.
    pub fn member(&self, workspace_id: String, user_id: String) -> Result<WorkspaceMember> {
        self.0.member(&workspace_id, &user_id)
    }

    /// Changes a member's role.
    pub fn set_member_role(&self, workspace_id: String, user_id: String, role: Role) -> Result<WorkspaceMember> {
        self.0.set_member_role(&workspace_id, &user_id, role)
    }

    /// Removes a member from a workspace.
    pub fn remove_member(&self, workspace_id: String, user_id: String) -> Result<()> {
        self.0.remove_member(&workspace_id, &user_id)
    }

    /// Members of a workspace, newest first.
    pub fn members(&self, workspace_id: String, page: PageRequest) -> Result<Vec<WorkspaceMember>> {
        self.0.members(&workspace_id, &page)
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

    /// Creates a thread, optionally in a project of its workspace.
    pub fn create_with(&self, thread: NewThread) -> Result<Thread> {
        self.0.create_with(&thread)
    }

    /// The live thread `id`.
    pub fn get(&self, id: String) -> Result<Thread> {
        self.0.get(&id)
    }

    /// Live, unarchived threads of a workspace, newest first.
    pub fn list(&self, workspace_id: String, page: PageRequest) -> Result<Vec<Thread>> {
        self.0.list(&workspace_id, &page)
    }

    /// Live, archived threads of a workspace, newest first.
    pub fn list_archived(&self, workspace_id: String, page: PageRequest) -> Result<Vec<Thread>> {
        self.0.list_archived(&workspace_id, &page)
    }

    /// Live, unarchived threads of a project, newest first.
    pub fn list_in_project(&self, project_id: String, page: PageRequest) -> Result<Vec<Thread>> {
        self.0.list_in_project(&project_id, &page)
    }

    /// Renames a thread.
    pub fn rename(&self, id: String, title: String) -> Result<Thread> {
        self.0.rename(&id, &title)
    }

    /// Changes a thread's title, pinned or archived flag.
    pub fn update(&self, id: String, patch: ThreadPatch) -> Result<Thread> {
        self.0.update(&id, &patch)
    }

    /// Moves a thread into a project of its workspace, or out of any with `None`.
    pub fn move_to_project(&self, id: String, project_id: Option<String>) -> Result<Thread> {
        self.0.move_to_project(&id, project_id.as_deref())
    }

    /// Soft-deletes a thread with its messages.
    pub fn delete(&self, id: String) -> Result<()> {
        self.0.delete(&id)
    }

    /// Undoes a soft delete.
    pub fn restore(&self, id: String) -> Result<Thread> {
        self.0.restore(&id)
    }

    /// Removes a thread for good, with its messages.
    pub fn purge(&self, id: String) -> Result<()> {
        self.0.purge(&id)
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

    /// Appends messages as `append_batch` does, answering only their ids, in order. Records
    /// cross back field by field, which for a large batch is a large share of the call from
    /// Python (docs/benchmarks.md, P7).
    pub fn append_batch_ids(&self, messages: Vec<NewMessage>) -> Result<Vec<String>> {
        self.0.append_batch(&messages).map(|appended| appended.into_iter().map(|message| message.id).collect())
    }

    /// The live message `id`.
    pub fn get(&self, id: String) -> Result<Message> {
        self.0.get(&id)
    }

    /// Live messages of a thread, newest first.
    pub fn list(&self, thread_id: String, page: PageRequest) -> Result<Vec<Message>> {
        self.0.list(&thread_id, &page)
    }

    /// Live replies to a message (its branches), newest first.
    pub fn children(&self, id: String, page: PageRequest) -> Result<Vec<Message>> {
        self.0.children(&id, &page)
    }

    /// Replaces a message's content.
    pub fn edit(&self, id: String, content: String) -> Result<Message> {
        self.0.edit(&id, &content)
    }

    /// Soft-deletes a message.
    pub fn delete(&self, id: String) -> Result<()> {
        self.0.delete(&id)
    }

    /// Undoes a soft delete.
    pub fn restore(&self, id: String) -> Result<Message> {
        self.0.restore(&id)
    }

    /// Removes a message for good, with its attachments.
    pub fn purge(&self, id: String) -> Result<()> {
        self.0.purge(&id)
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
impl Projects {
    /// Creates a project in a workspace.
    pub fn create(&self, project: NewProject) -> Result<Project> {
        self.0.create(&project)
    }

    /// The live project `id`.
    pub fn get(&self, id: String) -> Result<Project> {
        self.0.get(&id)
    }

    /// Live projects of a workspace, newest first.
    pub fn list(&self, workspace_id: String, page: PageRequest) -> Result<Vec<Project>> {
        self.0.list(&workspace_id, &page)
    }

    /// Changes a project's name or description.
    pub fn update(&self, id: String, patch: ProjectPatch) -> Result<Project> {
        self.0.update(&id, &patch)
    }

    /// Soft-deletes a project with its threads and documents.
    pub fn delete(&self, id: String) -> Result<()> {
        self.0.delete(&id)
    }

    /// Undoes a soft delete.
    pub fn restore(&self, id: String) -> Result<Project> {
        self.0.restore(&id)
    }

    /// Removes a project for good, with its threads and documents.
    pub fn purge(&self, id: String) -> Result<()> {
        self.0.purge(&id)
    }
}

/// Documents, and search over them. See `unified_store::Documents`.
#[derive(uniffi::Object)]
pub struct Documents(pub(crate) core::Documents);

#[uniffi::export]
impl Documents {
    /// Creates a document, optionally in a project of its workspace.
    pub fn create(&self, document: NewDocument) -> Result<Document> {
        self.0.create(&document)
    }

    /// The live document `id`.
    pub fn get(&self, id: String) -> Result<Document> {
        self.0.get(&id)
    }

    /// Live documents of a workspace, newest first.
    pub fn list(&self, workspace_id: String, page: PageRequest) -> Result<Vec<Document>> {
        self.0.list(&workspace_id, &page)
    }

    /// Live documents of a project, newest first.
    pub fn list_in_project(&self, project_id: String, page: PageRequest) -> Result<Vec<Document>> {
        self.0.list_in_project(&project_id, &page)
    }

    /// Changes a document, making its next version.
    pub fn update(&self, id: String, patch: DocumentPatch) -> Result<Document> {
        self.0.update(&id, &patch)
    }

    /// Moves a document into a project of its workspace, or out of any with `None`.
    pub fn move_to_project(&self, id: String, project_id: Option<String>) -> Result<Document> {
        self.0.move_to_project(&id, project_id.as_deref())
    }

    /// Soft-deletes a document.
    pub fn delete(&self, id: String) -> Result<()> {
        self.0.delete(&id)
    }

    /// Undoes a soft delete.
    pub fn restore(&self, id: String) -> Result<Document> {
        self.0.restore(&id)
    }

    /// Removes a document for good.
    pub fn purge(&self, id: String) -> Result<()> {
        self.0.purge(&id)
    }

    /// Full-text search over live documents, best first.
    pub fn search(&self, query: DocumentSearch) -> Result<Vec<DocumentHit>> {
        self.0.search(&query)
    }
}

/// Attachments of messages, their metadata and bytes. See `unified_store::Attachments`.
#[derive(uniffi::Object)]
pub struct Attachments(pub(crate) core::Attachments);

#[uniffi::export]
impl Attachments {
    /// Records an attachment of a message.
    pub fn add(&self, attachment: NewAttachment) -> Result<Attachment> {
        self.0.add(&attachment)
    }

    /// The attachment `id` of a live message.
    pub fn get(&self, id: String) -> Result<Attachment> {
        self.0.get(&id)
    }

    /// Attachments of a message, newest first.
    pub fn list(&self, message_id: String, page: PageRequest) -> Result<Vec<Attachment>> {
        self.0.list(&message_id, &page)
    }

    /// Removes an attachment for good.
    pub fn remove(&self, id: String) -> Result<()> {
        self.0.remove(&id)
    }

    /// Says whether the app keeps the bytes elsewhere too (maintenance may then evict them).
    pub fn set_kept_elsewhere(&self, id: String, kept: bool) -> Result<Attachment> {
        self.0.set_kept_elsewhere(&id, kept)
    }

    /// Starts storing a new attachment's bytes: `write` chunks, then `finish`.
    pub fn writer(&self, file: NewAttachmentFile) -> Result<Arc<AttachmentWriter>> {
        Ok(Arc::new(AttachmentWriter(Mutex::new(self.0.writer(&file)?))))
    }

    /// Stores `bytes`, all in one call, as a new attachment.
    pub fn write(&self, file: NewAttachmentFile, bytes: Vec<u8>) -> Result<Attachment> {
        self.0.write(&file, &mut bytes.as_slice())
    }

    /// Reads an attachment's bytes in chunks, checked against its SHA-256 at the end.
    pub fn reader(&self, id: String) -> Result<Arc<AttachmentReader>> {
        Ok(Arc::new(AttachmentReader(Mutex::new(self.0.reader(&id)?))))
    }

    /// Every byte of an attachment, checked against its SHA-256.
    pub fn read(&self, id: String) -> Result<Vec<u8>> {
        self.0.read(&id)
    }
}

/// A new attachment's bytes being written. See `unified_store::AttachmentWriter`.
#[derive(uniffi::Object)]
pub struct AttachmentWriter(Mutex<core::AttachmentWriter>);

#[uniffi::export]
impl AttachmentWriter {
    /// Adds `chunk` to the bytes.
    pub fn write(&self, chunk: Vec<u8>) -> Result<()> {
        lock(&self.0).write(&chunk)
    }

    /// Stores the bytes written as the attachment; the writer is spent afterwards.
    pub fn finish(&self) -> Result<Attachment> {
        lock(&self.0).finish()
    }
}

/// An attachment's bytes being read. See `unified_store::AttachmentReader`.
#[derive(uniffi::Object)]
pub struct AttachmentReader(Mutex<core::AttachmentReader>);

#[uniffi::export]
impl AttachmentReader {
    /// Up to `max` more bytes; empty at the end.
    pub fn read(&self, max: u32) -> Result<Vec<u8>> {
        lock(&self.0).read_chunk(max as usize)
    }

    /// The attachment being read.
    pub fn attachment(&self) -> Attachment {
        lock(&self.0).attachment().clone()
    }
}

/// The value behind `mutex`, even if a panic elsewhere poisoned it (the core never panics
/// while holding it; a writer or reader stays usable or reports its own error).
fn lock<T>(mutex: &Mutex<T>) -> std::sync::MutexGuard<'_, T> {
    mutex.lock().unwrap_or_else(std::sync::PoisonError::into_inner)
}
