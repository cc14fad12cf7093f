//! The content domain as JS classes: one-line delegations to `unified_store`.

#[allow(unused_imports)]
use crate::convert::{JsResult, Text, arg, arg_or_default, js_error, ret, ret_all, text};
#[allow(unused_imports)]
use tsify::Ts;
use unified_store as core;
#[allow(unused_imports)]
use unified_store::*;
use wasm_bindgen::prelude::wasm_bindgen;

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

    /// Renames a workspace.
    pub fn rename(&self, id: Text, name: Text) -> JsResult<Ts<Workspace>> {
        ret(self.0.rename(&text("id", id)?, &text("name", name)?))
    }

    /// Soft-deletes a workspace with its threads and messages.
    pub fn delete(&self, id: Text) -> JsResult<()> {
        self.0.delete(&text("id", id)?).map_err(js_error)
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

    /// The live thread `id`.
    pub fn get(&self, id: Text) -> JsResult<Ts<Thread>> {
        ret(self.0.get(&text("id", id)?))
    }

    /// Live threads of a workspace, newest first (the first 50 without `page`).
    pub fn list(
        &self,
        #[wasm_bindgen(js_name = workspaceId)] workspace_id: Text,
        page: Option<Ts<PageRequest>>,
    ) -> JsResult<Vec<Ts<Thread>>> {
        ret_all(self.0.list(&text("workspace_id", workspace_id)?, &arg_or_default("page", page)?))
    }

    /// Renames a thread.
    pub fn rename(&self, id: Text, title: Text) -> JsResult<Ts<Thread>> {
        ret(self.0.rename(&text("id", id)?, &text("title", title)?))
    }

    /// Soft-deletes a thread with its messages.
    pub fn delete(&self, id: Text) -> JsResult<()> {
        self.0.delete(&text("id", id)?).map_err(js_error)
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
    pub fn append_batch(&self, messages: Vec<Ts<NewMessage>>) -> JsResult<Vec<Ts<Message>>> {
        let messages = messages.into_iter().map(|m| arg("messages", m)).collect::<JsResult<Vec<_>>>()?;
        ret_all(self.0.append_batch(&messages))
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

    /// Replaces a message's content.
    pub fn edit(&self, id: Text, content: Text) -> JsResult<Ts<Message>> {
        ret(self.0.edit(&text("id", id)?, &text("content", content)?))
    }

    /// Soft-deletes a message.
    pub fn delete(&self, id: Text) -> JsResult<()> {
        self.0.delete(&text("id", id)?).map_err(js_error)
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
impl Projects {}

/// Documents, and search over them. See `unified_store::Documents`.
#[wasm_bindgen]
pub struct Documents(pub(crate) core::Documents);

#[wasm_bindgen]
impl Documents {}

/// Attachment metadata of messages. See `unified_store::Attachments`.
#[wasm_bindgen]
pub struct Attachments(pub(crate) core::Attachments);

#[wasm_bindgen]
impl Attachments {}
