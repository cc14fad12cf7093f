//! The records of storage accounting: what a store holds per category, its quota, and the
//! sizes on disk.

use serde::{Deserialize, Serialize};

/// What stored bytes are counted as; each category has a budget inside the store's quota.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "uniffi", derive(uniffi::Enum))]
#[cfg_attr(feature = "wasm", derive(tsify::Tsify))]
#[serde(rename_all = "lowercase")]
pub enum StorageCategory {
    /// Threads, messages, projects and documents, and their full-text index.
    Messages,
    /// Embedding vectors and their saved index graphs.
    Embeddings,
    /// Attachments: their records and their bytes.
    Attachments,
    /// Everything else: users, settings, providers, the cost ledger, audit, billing.
    Metadata,
}

crate::values::sql_enum!(StorageCategory {
    Messages => "messages",
    Embeddings => "embeddings",
    Attachments => "attachments",
    Metadata => "metadata",
});

/// The most a store may hold, in all and per category, in estimated bytes (logical bytes
/// plus the index overhead the category's ratio estimates). The default is the seed's: 10 GB,
/// of which messages 6 GB, embeddings 2 GB, attachments 1.5 GB, metadata 0.5 GB.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "uniffi", derive(uniffi::Record))]
#[cfg_attr(feature = "wasm", derive(tsify::Tsify))]
#[serde(rename_all = "camelCase")]
pub struct Quota {
    /// The whole store (an app may pass its subscription plan's `storage_quota_bytes`).
    pub total_bytes: u64,
    /// Threads, messages, projects, documents.
    pub messages_bytes: u64,
    /// Vectors.
    pub embeddings_bytes: u64,
    /// Attachments.
    pub attachments_bytes: u64,
    /// Everything else.
    pub metadata_bytes: u64,
}

impl Default for Quota {
    fn default() -> Self {
        const GB: u64 = 1_000_000_000;
        Self {
            total_bytes: 10 * GB,
            messages_bytes: 6 * GB,
            embeddings_bytes: 2 * GB,
            attachments_bytes: 3 * GB / 2,
            metadata_bytes: GB / 2,
        }
    }
}

impl Quota {
    /// The budget of `category`.
    pub fn budget(&self, category: StorageCategory) -> u64 {
        match category {
            StorageCategory::Messages => self.messages_bytes,
            StorageCategory::Embeddings => self.embeddings_bytes,
            StorageCategory::Attachments => self.attachments_bytes,
            StorageCategory::Metadata => self.metadata_bytes,
        }
    }
}

/// What one category holds.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "uniffi", derive(uniffi::Record))]
#[cfg_attr(feature = "wasm", derive(tsify::Tsify))]
#[serde(rename_all = "camelCase")]
pub struct CategoryUsage {
    /// Which category.
    pub category: StorageCategory,
    /// Rows stored.
    pub rows: u64,
    /// The bytes of the values stored (text as UTF-8, blobs as they are, 8 per number).
    pub logical_bytes: u64,
    /// Logical bytes plus the index overhead the category's ratio estimates: what counts
    /// against the quota.
    pub estimated_bytes: u64,
    /// Index overhead per logical byte, in thousandths, as `recount` last measured it.
    pub overhead_permille: u32,
    /// The category's budget.
    pub budget_bytes: u64,
}

/// The store's files as they are on disk.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "uniffi", derive(uniffi::Record))]
#[cfg_attr(feature = "wasm", derive(tsify::Tsify))]
#[serde(rename_all = "camelCase")]
pub struct DiskUsage {
    /// The database's pages (0 in memory).
    pub database_bytes: u64,
    /// Pages of it free for reuse.
    pub free_bytes: u64,
    /// The write-ahead log (0 where there is none).
    pub wal_bytes: u64,
    /// Attachment files beside the database, each content once (their bytes; a sealed file
    /// adds 16 bytes per 64 KiB).
    pub attachment_bytes: u64,
}

/// Usage of the whole store ([`crate::Storage::stats`]) or of one workspace or thread.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "uniffi", derive(uniffi::Record))]
#[cfg_attr(feature = "wasm", derive(tsify::Tsify))]
#[serde(rename_all = "camelCase")]
pub struct StorageStats {
    /// Every category, in [`StorageCategory::ALL`]'s order.
    pub categories: Vec<CategoryUsage>,
    /// The sum of the categories' estimated bytes.
    pub estimated_bytes: u64,
    /// The store's quota (for a workspace or thread, still the store's).
    pub quota_bytes: u64,
    /// The files on disk; the store's only (zero for a workspace or thread).
    pub disk: DiskUsage,
}

/// What a maintenance pass ([`crate::Storage::maintain`]) does. The default is the seed's:
/// archive threads after 180 days, evict what may be evicted, drop archived vectors, reclaim
/// space.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "uniffi", derive(uniffi::Record))]
#[cfg_attr(feature = "wasm", derive(tsify::Tsify))]
#[serde(rename_all = "camelCase", default)]
pub struct MaintenancePolicy {
    /// Archive unpinned threads with no message for this many days (0: archive none).
    #[cfg_attr(feature = "uniffi", uniffi(default = 180))]
    pub archive_after_days: u32,
    /// Evict the local bytes of archived threads' attachments the app keeps elsewhere
    /// (`kept_elsewhere`); the metadata stays and a read says `attachment_bytes` not found.
    #[cfg_attr(feature = "uniffi", uniffi(default = true))]
    pub evict_attachments: bool,
    /// Delete the vectors of archived threads' messages and attachments (re-embed on unarchive).
    #[cfg_attr(feature = "uniffi", uniffi(default = true))]
    pub drop_archived_vectors: bool,
    /// Checkpoint the WAL and give free pages back to the file system.
    #[cfg_attr(feature = "uniffi", uniffi(default = true))]
    pub reclaim_space: bool,
    /// [`crate::Storage::maintain_if_due`] runs only when the store or a category holds at
    /// least this share of its limit, in percent.
    #[cfg_attr(feature = "uniffi", uniffi(default = 90))]
    pub due_at_percent: u32,
}

impl Default for MaintenancePolicy {
    fn default() -> Self {
        Self {
            archive_after_days: 180,
            evict_attachments: true,
            drop_archived_vectors: true,
            reclaim_space: true,
            due_at_percent: 90,
        }
    }
}

/// One step of a maintenance pass and what it freed.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "uniffi", derive(uniffi::Record))]
#[cfg_attr(feature = "wasm", derive(tsify::Tsify))]
#[serde(rename_all = "camelCase")]
pub struct MaintenanceStep {
    /// `archive`, `evict`, `vectors` or `reclaim`.
    pub step: String,
    /// Threads archived, attachments evicted, vectors dropped, or pages given back.
    pub items: u64,
    /// Logical bytes it took off the counters (for `reclaim`: bytes the files shrank by).
    pub freed_bytes: u64,
}

/// What a maintenance pass did, step by step.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "uniffi", derive(uniffi::Record))]
#[cfg_attr(feature = "wasm", derive(tsify::Tsify))]
#[serde(rename_all = "camelCase")]
pub struct MaintenanceReport {
    /// Whether it ran (`maintain_if_due` skips a store below its threshold).
    pub ran: bool,
    /// The steps the policy asked for, in order.
    pub steps: Vec<MaintenanceStep>,
    /// The store's estimated bytes before the pass.
    pub estimated_bytes_before: u64,
    /// And after it.
    pub estimated_bytes_after: u64,
}
