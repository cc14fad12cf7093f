//! Attachment metadata of messages (the bytes come with the storage work).

/// Attachment metadata of messages (the bytes come with the storage work). Get one from [`crate::Store::attachments`].
#[derive(Clone)]
pub struct Attachments {
    pub(crate) cx: crate::context::Context,
}
