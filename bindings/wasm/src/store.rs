//! The store and its domain handles as JS classes. Every method is a one-line delegation
//! to the core crate; only `Store.open` adds a step, installing the OPFS VFS for a path.

use crate::convert::{JsResult, Text, arg, arg_or_default, js_error, ret, ret_all, text};
use crate::opfs;
use tsify::Ts;
use unified_store as core;
use unified_store::{Message, MessageRole, PageRequest, SearchHit, SearchQuery, StoreConfig, Thread, Workspace};
use wasm_bindgen::prelude::wasm_bindgen;

/// An open store; see `unified_store::Store`.
#[wasm_bindgen]
pub struct Store(core::Store);

#[wasm_bindgen]
impl Store {
    /// Opens (creating if needed) and migrates the store described by `config`. A `path` is
    /// a file in the origin private file system: that needs a dedicated worker.
    pub async fn open(config: Ts<StoreConfig>) -> JsResult<Store> {
        let config = arg("config", config)?;
        if config.path.is_some() {
            opfs::pool().await.map_err(js_error)?;
        }
        core::Store::open(&config).map(Self).map_err(js_error)
    }

    /// Opens a private store in memory.
    #[wasm_bindgen(js_name = openInMemory)]
    pub fn open_in_memory() -> JsResult<Store> {
        core::Store::open_in_memory().map(Self).map_err(js_error)
    }

    /// Workspaces: the top-level containers.
    pub fn workspaces(&self) -> Workspaces {
        Workspaces(self.0.workspaces())
    }

    /// Threads: conversations inside a workspace.
    pub fn threads(&self) -> Threads {
        Threads(self.0.threads())
    }

    /// Messages of threads, and search over them.
    pub fn messages(&self) -> Messages {
        Messages(self.0.messages())
    }

    /// The schema version of the open store.
    #[wasm_bindgen(js_name = schemaVersion)]
    pub fn schema_version(&self) -> JsResult<u32> {
        self.0.schema_version().map_err(js_error)
    }

    /// Closes the store; later calls fail with `Storage`.
    pub fn close(&self) -> JsResult<()> {
        self.0.close().map_err(js_error)
    }
}

/// Workspaces of a store; see `unified_store::Workspaces`.
#[wasm_bindgen]
pub struct Workspaces(core::Workspaces);

#[wasm_bindgen]
impl Workspaces {
    /// Creates a workspace.
    pub fn create(&self, name: Text) -> JsResult<Ts<Workspace>> {
        ret(self.0.create(&text("name", name)?))
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
pub struct Threads(core::Threads);

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
pub struct Messages(core::Messages);

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
