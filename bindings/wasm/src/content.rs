//! The content domain as JS classes: one-line delegations to `unified_store`.

use crate::convert::{
    self, Bytes, Flag, JsResult, Text, arg, arg_or_default, args, flag, js_error, optional_text, ret, ret_all, text,
};
use js_sys::Promise;
use tsify::Ts;
use unified_store as core;
use unified_store::*;
use wasm_bindgen::JsValue;
use wasm_bindgen::prelude::wasm_bindgen;
use wasm_bindgen_futures::future_to_promise;

/// Workspaces of a store; see `unified_store::Workspaces`.
#[wasm_bindgen]
pub struct Workspaces(pub(crate) core::Workspaces);

#[wasm_bindgen]
impl Workspaces {
    /// Creates a workspace owned by exactly one user or organization.
    pub fn create(&self, workspace: Ts<NewWorkspace>) -> JsResult<Ts<Workspace>> {
        ret(self.0.create(&arg("workspace", workspace)?))
    }

    /// The live workspace `id`.
    pub fn get(&self, id: Text) -> JsResult<Ts<Workspace>> {
        ret(self.0.get(&text("id", id)?))
    }

    /// Live workspaces, newest first (the first 50 without `page`).
    pub fn list(&self, page: Option<Ts<PageRequest>>) -> JsResult<Vec<Ts<Workspace>>> {
        ret_all(self.0.list(&arg_or_default("page", page)?))
    }

    /// Live workspaces a user owns, is a member of, or reaches through an organization.
    #[wasm_bindgen(js_name = listForUser)]
    pub fn list_for_user(
        &self,
        #[wasm_bindgen(js_name = userId)] user_id: Text,
        page: Option<Ts<PageRequest>>,
    ) -> JsResult<Vec<Ts<Workspace>>> {
        ret_all(self.0.list_for_user(&text("user_id", user_id)?, &arg_or_default("page", page)?))
    }

    /// Renames a workspace.
    pub fn rename(&self, id: Text, name: Text) -> JsResult<Ts<Workspace>> {
        ret(self.0.rename(&text("id", id)?, &text("name", name)?))
    }

    /// Renames a workspace or transfers it to another owner.
    pub fn update(&self, id: Text, patch: Ts<WorkspacePatch>) -> JsResult<Ts<Workspace>> {
        ret(self.0.update(&text("id", id)?, &arg("patch", patch)?))
    }

    /// Soft-deletes a workspace with everything in it.
    pub fn delete(&self, id: Text) -> JsResult<()> {
        self.0.delete(&text("id", id)?).map_err(js_error)
    }

    /// Undoes a soft delete.
    pub fn restore(&self, id: Text) -> JsResult<Ts<Workspace>> {
        ret(self.0.restore(&text("id", id)?))
    }

    /// Removes a workspace for good, with everything in it.
    pub fn purge(&self, id: Text) -> JsResult<()> {
        self.0.purge(&text("id", id)?).map_err(js_error)
    }

    /// Makes a user a member of a workspace.
    #[wasm_bindgen(js_name = addMember)]
    pub fn add_member(
        &self,
        #[wasm_bindgen(js_name = workspaceId)] workspace_id: Text,
        #[wasm_bindgen(js_name = userId)] user_id: Text,
        role: Ts<Role>,
    ) -> JsResult<Ts<WorkspaceMember>> {
        ret(self.0.add_member(&text("workspace_id", workspace_id)?, &text("user_id", user_id)?, arg("role", role)?))
    }

    /// A user's membership of a workspace.
    pub fn member(
        &self,
        #[wasm_bindgen(js_name = workspaceId)] workspace_id: Text,
        #[wasm_bindgen(js_name = userId)] user_id: Text,
    ) -> JsResult<Ts<WorkspaceMember>> {
        ret(self.0.member(&text("workspace_id", workspace_id)?, &text("user_id", user_id)?))
    }

    /// Changes a member's role.
    #[wasm_bindgen(js_name = setMemberRole)]
    pub fn set_member_role(
        &self,
        #[wasm_bindgen(js_name = workspaceId)] workspace_id: Text,
        #[wasm_bindgen(js_name = userId)] user_id: Text,
        role: Ts<Role>,
    ) -> JsResult<Ts<WorkspaceMember>> {
        ret(self.0.set_member_role(
            &text("workspace_id", workspace_id)?,
            &text("user_id", user_id)?,
            arg("role", role)?,
        ))
    }

    /// Removes a member from a workspace.
    #[wasm_bindgen(js_name = removeMember)]
    pub fn remove_member(
        &self,
        #[wasm_bindgen(js_name = workspaceId)] workspace_id: Text,
        #[wasm_bindgen(js_name = userId)] user_id: Text,
    ) -> JsResult<()> {
        self.0.remove_member(&text("workspace_id", workspace_id)?, &text("user_id", user_id)?).map_err(js_error)
    }

    /// Members of a workspace, newest first (the first 50 without `page`).
    pub fn members(
        &self,
        #[wasm_bindgen(js_name = workspaceId)] workspace_id: Text,
        page: Option<Ts<PageRequest>>,
    ) -> JsResult<Vec<Ts<WorkspaceMember>>> {
        ret_all(self.0.members(&text("workspace_id", workspace_id)?, &arg_or_default("page", page)?))
    }
}

/// Threads of a store; see `unified_store::Threads`.
#[wasm_bindgen]
pub struct Threads(pub(crate) core::Threads);

#[wasm_bindgen]
impl Threads {
    /// Creates a thread in a workspace.
    pub fn create(
        &self,
        #[wasm_bindgen(js_name = workspaceId)] workspace_id: Text,
        title: Text,
    ) -> JsResult<Ts<Thread>> {
        ret(self.0.create(&text("workspace_id", workspace_id)?, &text("title", title)?))
    }

    /// Creates a thread, optionally in a project of its workspace.
    #[wasm_bindgen(js_name = createWith)]
    pub fn create_with(&self, thread: Ts<NewThread>) -> JsResult<Ts<Thread>> {
        ret(self.0.create_with(&arg("thread", thread)?))
    }

    /// The live thread `id`.
    pub fn get(&self, id: Text) -> JsResult<Ts<Thread>> {
        ret(self.0.get(&text("id", id)?))
    }

    /// Live, unarchived threads of a workspace, newest first (the first 50 without `page`).
    pub fn list(
        &self,
        #[wasm_bindgen(js_name = workspaceId)] workspace_id: Text,
        page: Option<Ts<PageRequest>>,
    ) -> JsResult<Vec<Ts<Thread>>> {
        ret_all(self.0.list(&text("workspace_id", workspace_id)?, &arg_or_default("page", page)?))
    }

    /// Live, archived threads of a workspace, newest first (the first 50 without `page`).
    #[wasm_bindgen(js_name = listArchived)]
    pub fn list_archived(
        &self,
        #[wasm_bindgen(js_name = workspaceId)] workspace_id: Text,
        page: Option<Ts<PageRequest>>,
    ) -> JsResult<Vec<Ts<Thread>>> {
        ret_all(self.0.list_archived(&text("workspace_id", workspace_id)?, &arg_or_default("page", page)?))
    }

    /// Live, unarchived threads of a project, newest first (the first 50 without `page`).
    #[wasm_bindgen(js_name = listInProject)]
    pub fn list_in_project(
        &self,
        #[wasm_bindgen(js_name = projectId)] project_id: Text,
        page: Option<Ts<PageRequest>>,
    ) -> JsResult<Vec<Ts<Thread>>> {
        ret_all(self.0.list_in_project(&text("project_id", project_id)?, &arg_or_default("page", page)?))
    }

    /// Renames a thread.
    pub fn rename(&self, id: Text, title: Text) -> JsResult<Ts<Thread>> {
        ret(self.0.rename(&text("id", id)?, &text("title", title)?))
    }

    /// Changes a thread's title, pinned or archived flag.
    pub fn update(&self, id: Text, patch: Ts<ThreadPatch>) -> JsResult<Ts<Thread>> {
        ret(self.0.update(&text("id", id)?, &arg("patch", patch)?))
    }

    /// Moves a thread into a project of its workspace, or out of any without `projectId`.
    #[wasm_bindgen(js_name = moveToProject)]
    pub fn move_to_project(
        &self,
        id: Text,
        #[wasm_bindgen(js_name = projectId)] project_id: Option<Text>,
    ) -> JsResult<Ts<Thread>> {
        ret(self.0.move_to_project(&text("id", id)?, optional_text("project_id", project_id)?.as_deref()))
    }

    /// Soft-deletes a thread with its messages.
    pub fn delete(&self, id: Text) -> JsResult<()> {
        self.0.delete(&text("id", id)?).map_err(js_error)
    }

    /// Undoes a soft delete.
    pub fn restore(&self, id: Text) -> JsResult<Ts<Thread>> {
        ret(self.0.restore(&text("id", id)?))
    }

    /// Removes a thread for good, with its messages.
    pub fn purge(&self, id: Text) -> JsResult<()> {
        self.0.purge(&text("id", id)?).map_err(js_error)
    }
}

/// Messages of a store; see `unified_store::Messages`.
#[wasm_bindgen]
pub struct Messages(pub(crate) core::Messages);

#[wasm_bindgen]
impl Messages {
    /// Appends a message to a thread.
    pub fn append(
        &self,
        #[wasm_bindgen(js_name = threadId)] thread_id: Text,
        role: Ts<MessageRole>,
        content: Text,
    ) -> JsResult<Ts<Message>> {
        ret(self.0.append(&text("thread_id", thread_id)?, arg("role", role)?, &text("content", content)?))
    }

    /// Appends a message with all its details.
    #[wasm_bindgen(js_name = appendNew)]
    pub fn append_new(&self, message: Ts<NewMessage>) -> JsResult<Ts<Message>> {
        ret(self.0.append_new(&arg("message", message)?))
    }

    /// Appends messages in order in one transaction: all or none.
    #[wasm_bindgen(js_name = appendBatch)]
    pub fn append_batch(
        &self,
        #[wasm_bindgen(unchecked_param_type = "NewMessage[]")] messages: JsValue,
    ) -> JsResult<Vec<Ts<Message>>> {
        ret_all(self.0.append_batch(&args("messages", messages)?))
    }

    /// The live message `id`.
    pub fn get(&self, id: Text) -> JsResult<Ts<Message>> {
        ret(self.0.get(&text("id", id)?))
    }

    /// Live messages of a thread, newest first (the first 50 without `page`).
    pub fn list(
        &self,
        #[wasm_bindgen(js_name = threadId)] thread_id: Text,
        page: Option<Ts<PageRequest>>,
    ) -> JsResult<Vec<Ts<Message>>> {
        ret_all(self.0.list(&text("thread_id", thread_id)?, &arg_or_default("page", page)?))
    }

    /// Live replies to a message (its branches), newest first (the first 50 without `page`).
    pub fn children(&self, id: Text, page: Option<Ts<PageRequest>>) -> JsResult<Vec<Ts<Message>>> {
        ret_all(self.0.children(&text("id", id)?, &arg_or_default("page", page)?))
    }

    /// Replaces a message's content.
    pub fn edit(&self, id: Text, content: Text) -> JsResult<Ts<Message>> {
        ret(self.0.edit(&text("id", id)?, &text("content", content)?))
    }

    /// Soft-deletes a message.
    pub fn delete(&self, id: Text) -> JsResult<()> {
        self.0.delete(&text("id", id)?).map_err(js_error)
    }

    /// Undoes a soft delete.
    pub fn restore(&self, id: Text) -> JsResult<Ts<Message>> {
        ret(self.0.restore(&text("id", id)?))
    }

    /// Removes a message for good, with its attachments.
    pub fn purge(&self, id: Text) -> JsResult<()> {
        self.0.purge(&text("id", id)?).map_err(js_error)
    }

    /// Full-text search over live messages, best first.
    pub fn search(&self, query: Ts<SearchQuery>) -> JsResult<Vec<Ts<SearchHit>>> {
        ret_all(self.0.search(&arg("query", query)?))
    }
}

/// Projects inside workspaces. See `unified_store::Projects`.
#[wasm_bindgen]
pub struct Projects(pub(crate) core::Projects);

#[wasm_bindgen]
impl Projects {
    /// Creates a project in a workspace.
    pub fn create(&self, project: Ts<NewProject>) -> JsResult<Ts<Project>> {
        ret(self.0.create(&arg("project", project)?))
    }

    /// The live project `id`.
    pub fn get(&self, id: Text) -> JsResult<Ts<Project>> {
        ret(self.0.get(&text("id", id)?))
    }

    /// Live projects of a workspace, newest first (the first 50 without `page`).
    pub fn list(
        &self,
        #[wasm_bindgen(js_name = workspaceId)] workspace_id: Text,
        page: Option<Ts<PageRequest>>,
    ) -> JsResult<Vec<Ts<Project>>> {
        ret_all(self.0.list(&text("workspace_id", workspace_id)?, &arg_or_default("page", page)?))
    }

    /// Changes a project's name or description.
    pub fn update(&self, id: Text, patch: Ts<ProjectPatch>) -> JsResult<Ts<Project>> {
        ret(self.0.update(&text("id", id)?, &arg("patch", patch)?))
    }

    /// Soft-deletes a project with its threads and documents.
    pub fn delete(&self, id: Text) -> JsResult<()> {
        self.0.delete(&text("id", id)?).map_err(js_error)
    }

    /// Undoes a soft delete.
    pub fn restore(&self, id: Text) -> JsResult<Ts<Project>> {
        ret(self.0.restore(&text("id", id)?))
    }

    /// Removes a project for good, with its threads and documents.
    pub fn purge(&self, id: Text) -> JsResult<()> {
        self.0.purge(&text("id", id)?).map_err(js_error)
    }
}

/// Documents, and search over them. See `unified_store::Documents`.
#[wasm_bindgen]
pub struct Documents(pub(crate) core::Documents);

#[wasm_bindgen]
impl Documents {
    /// Creates a document, optionally in a project of its workspace.
    pub fn create(&self, document: Ts<NewDocument>) -> JsResult<Ts<Document>> {
        ret(self.0.create(&arg("document", document)?))
    }

    /// The live document `id`.
    pub fn get(&self, id: Text) -> JsResult<Ts<Document>> {
        ret(self.0.get(&text("id", id)?))
    }

    /// Live documents of a workspace, newest first (the first 50 without `page`).
    pub fn list(
        &self,
        #[wasm_bindgen(js_name = workspaceId)] workspace_id: Text,
        page: Option<Ts<PageRequest>>,
    ) -> JsResult<Vec<Ts<Document>>> {
        ret_all(self.0.list(&text("workspace_id", workspace_id)?, &arg_or_default("page", page)?))
    }

    /// Live documents of a project, newest first (the first 50 without `page`).
    #[wasm_bindgen(js_name = listInProject)]
    pub fn list_in_project(
        &self,
        #[wasm_bindgen(js_name = projectId)] project_id: Text,
        page: Option<Ts<PageRequest>>,
    ) -> JsResult<Vec<Ts<Document>>> {
        ret_all(self.0.list_in_project(&text("project_id", project_id)?, &arg_or_default("page", page)?))
    }

    /// Changes a document, making its next version.
    pub fn update(&self, id: Text, patch: Ts<DocumentPatch>) -> JsResult<Ts<Document>> {
        ret(self.0.update(&text("id", id)?, &arg("patch", patch)?))
    }

    /// Moves a document into a project of its workspace, or out of any without `projectId`.
    #[wasm_bindgen(js_name = moveToProject)]
    pub fn move_to_project(
        &self,
        id: Text,
        #[wasm_bindgen(js_name = projectId)] project_id: Option<Text>,
    ) -> JsResult<Ts<Document>> {
        ret(self.0.move_to_project(&text("id", id)?, optional_text("project_id", project_id)?.as_deref()))
    }

    /// Soft-deletes a document.
    pub fn delete(&self, id: Text) -> JsResult<()> {
        self.0.delete(&text("id", id)?).map_err(js_error)
    }

    /// Undoes a soft delete.
    pub fn restore(&self, id: Text) -> JsResult<Ts<Document>> {
        ret(self.0.restore(&text("id", id)?))
    }

    /// Removes a document for good.
    pub fn purge(&self, id: Text) -> JsResult<()> {
        self.0.purge(&text("id", id)?).map_err(js_error)
    }

    /// Full-text search over live documents, best first.
    pub fn search(&self, query: Ts<DocumentSearch>) -> JsResult<Vec<Ts<DocumentHit>>> {
        ret_all(self.0.search(&arg("query", query)?))
    }
}

/// Attachments of messages, their metadata and bytes. See `unified_store::Attachments`.
/// Bytes are kept as files of OPFS beside a store on OPFS, in memory for a store in memory;
/// the calls that make or open a file are asynchronous (OPFS's handles are).
#[wasm_bindgen]
pub struct Attachments(pub(crate) core::Attachments);

#[wasm_bindgen]
impl Attachments {
    /// Records an attachment of a message.
    pub fn add(&self, attachment: Ts<NewAttachment>) -> JsResult<Ts<Attachment>> {
        ret(self.0.add(&arg("attachment", attachment)?))
    }

    /// The attachment `id` of a live message.
    pub fn get(&self, id: Text) -> JsResult<Ts<Attachment>> {
        ret(self.0.get(&text("id", id)?))
    }

    /// Attachments of a message, newest first (the first 50 without `page`).
    pub fn list(
        &self,
        #[wasm_bindgen(js_name = messageId)] message_id: Text,
        page: Option<Ts<PageRequest>>,
    ) -> JsResult<Vec<Ts<Attachment>>> {
        ret_all(self.0.list(&text("message_id", message_id)?, &arg_or_default("page", page)?))
    }

    /// Removes an attachment for good, and its file when nothing else holds it.
    #[wasm_bindgen(unchecked_return_type = "Promise<void>")]
    pub fn remove(&self, id: Text) -> JsResult<Promise> {
        let (attachments, id) = (self.0.clone(), text("id", id)?);
        Ok(future_to_promise(async move {
            attachments.remove(&id).map_err(js_error)?;
            swept(&attachments).await?;
            Ok(JsValue::UNDEFINED)
        }))
    }

    /// Says whether the app keeps the bytes elsewhere too (maintenance may then evict them).
    #[wasm_bindgen(js_name = setKeptElsewhere)]
    pub fn set_kept_elsewhere(&self, id: Text, kept: Flag) -> JsResult<Ts<Attachment>> {
        ret(self.0.set_kept_elsewhere(&text("id", id)?, flag("kept", kept)?))
    }

    /// Starts storing a new attachment's bytes: `write` chunks, then `finish`.
    #[wasm_bindgen(unchecked_return_type = "Promise<AttachmentWriter>")]
    pub fn writer(&self, file: Ts<NewAttachmentFile>) -> JsResult<Promise> {
        let (attachments, file) = (self.0.clone(), arg("file", file)?);
        Ok(future_to_promise(async move {
            let writer = attachments.open_writer(&file).await.map_err(js_error)?;
            Ok(AttachmentWriter(writer, attachments).into())
        }))
    }

    /// Stores `bytes` as a new attachment.
    #[wasm_bindgen(unchecked_return_type = "Promise<Attachment>")]
    pub fn write(&self, file: Ts<NewAttachmentFile>, bytes: Bytes) -> JsResult<Promise> {
        let (attachments, file, bytes) = (self.0.clone(), arg("file", file)?, convert::bytes("bytes", bytes)?);
        Ok(future_to_promise(async move {
            let mut writer = attachments.open_writer(&file).await.map_err(js_error)?;
            writer.write(&bytes).map_err(js_error)?;
            let attachment = writer.finish();
            swept(&attachments).await?; // a duplicate of bytes already stored
            ret(attachment).map(JsValue::from)
        }))
    }

    /// Reads an attachment's bytes in chunks, checked against its SHA-256 at the end.
    #[wasm_bindgen(unchecked_return_type = "Promise<AttachmentReader>")]
    pub fn reader(&self, id: Text) -> JsResult<Promise> {
        let (attachments, id) = (self.0.clone(), text("id", id)?);
        Ok(future_to_promise(async move {
            Ok(AttachmentReader(attachments.open_reader(&id).await.map_err(js_error)?).into())
        }))
    }

    /// Every byte of an attachment, checked against its SHA-256.
    #[wasm_bindgen(unchecked_return_type = "Promise<Uint8Array>")]
    pub fn read(&self, id: Text) -> JsResult<Promise> {
        let (attachments, id) = (self.0.clone(), text("id", id)?);
        Ok(future_to_promise(async move {
            let bytes = attachments.open_reader(&id).await.and_then(|reader| reader.read_to_end());
            Ok(js_sys::Uint8Array::from(&bytes.map_err(js_error)?[..]).into())
        }))
    }
}

/// Removes the files released by the call just made (OPFS removes a file only
/// asynchronously, after the commit).
async fn swept(attachments: &core::Attachments) -> Result<(), JsValue> {
    attachments.collect_files(false).await.map(drop).map_err(js_error)
}

/// A new attachment's bytes being written. See `unified_store::AttachmentWriter`.
#[wasm_bindgen]
pub struct AttachmentWriter(core::AttachmentWriter, core::Attachments);

#[wasm_bindgen]
impl AttachmentWriter {
    /// Adds `chunk` to the bytes.
    pub fn write(&mut self, chunk: Bytes) -> JsResult<()> {
        self.0.write(&convert::bytes("chunk", chunk)?).map_err(js_error)
    }

    /// Stores the bytes written as the attachment; the writer is spent afterwards.
    #[wasm_bindgen(unchecked_return_type = "Promise<Attachment>")]
    pub fn finish(&mut self) -> Promise {
        let (attachment, attachments) = (self.0.finish(), self.1.clone());
        future_to_promise(async move {
            swept(&attachments).await?; // a duplicate of bytes already stored
            ret(attachment).map(JsValue::from)
        })
    }
}

/// An attachment's bytes being read. See `unified_store::AttachmentReader`.
#[wasm_bindgen]
pub struct AttachmentReader(core::AttachmentReader);

#[wasm_bindgen]
impl AttachmentReader {
    /// Up to `max` more bytes; empty at the end.
    pub fn read(&mut self, max: u32) -> JsResult<Vec<u8>> {
        self.0.read_chunk(max as usize).map_err(js_error)
    }
}
