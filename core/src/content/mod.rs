//! Content: workspaces and their members, projects, documents, threads, messages and attachments.

pub(crate) mod attachments;
pub(crate) mod documents;
pub(crate) mod messages;
pub mod model;
pub(crate) mod projects;
pub(crate) mod search;
pub(crate) mod threads;
pub(crate) mod workspaces;
