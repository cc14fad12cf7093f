//! Two levels of error: a detailed internal [`Error`] for the code in this crate, and the
//! small public [`StoreError`] whose variants a caller can act on. [`From<Error>`] is the one
//! place where the first becomes the second.

/// What went wrong inside the store, with all the detail needed to debug it.
#[derive(Debug, thiserror::Error)]
pub(crate) enum Error {
    #[error("{entity} {id} not found")]
    NotFound { entity: &'static str, id: String },
    #[error("invalid {field}: {reason}")]
    InvalidInput { field: &'static str, reason: String },
    #[error("store file has schema version {found}, this build supports up to {supported}")]
    IncompatibleVersion { found: u32, supported: u32 },
    #[error("the file is not a unified-store: {0}; it was left untouched")]
    NotAStore(String),
    #[error("{0}")]
    InvalidKey(String),
    #[error("cancelled")]
    Cancelled,
    #[error("encryption failed: {0}")]
    Crypto(String),
    /// An attachment's file: missing, damaged, or not writable.
    #[error("{0}")]
    Blob(String),
    #[error("cannot open {path}: {}", brief(source))]
    Open { path: String, source: rusqlite::Error },
    #[error("cannot configure the connection ({pragma}): {}", brief(source))]
    Configure { pragma: &'static str, source: rusqlite::Error },
    #[error("cannot migrate from schema version {from} to {to}: {}", brief(source))]
    Migrate { from: u32, to: u32, source: rusqlite::Error },
    #[error("{entity} with this {field} already exists: {reason}")]
    Conflict { entity: &'static str, field: &'static str, reason: String },
    #[error("user {user_id} may not {action} {resource}")]
    PermissionDenied { user_id: String, action: &'static str, resource: String },
    #[error("migration to schema version {to} broke a foreign key: a row of {table} names a missing parent")]
    ForeignKeyCheck { to: u32, table: String },
    #[error("the store is closed")]
    Closed,
    #[error(transparent)]
    Cipher(#[from] crate::cipher::CipherError),
    #[error("{}", brief(.0))]
    Sqlite(#[from] rusqlite::Error),
}

/// SQLite's message without the statement it came from: rusqlite's own text of a statement
/// that failed to compile repeats the whole SQL (a migration's, say).
fn brief(error: &rusqlite::Error) -> String {
    match error {
        rusqlite::Error::SqlInputError { msg, offset, .. } => format!("{msg} (at offset {offset})"),
        other => other.to_string(),
    }
}

/// Longest text a public error carries in one field; enough for any message this crate
/// writes, short of whatever bulk an input or a lower layer might bring.
const FIELD_MAX: usize = 512;

/// `text` cut to [`FIELD_MAX`] bytes at a character boundary, marked when cut.
fn bounded(mut text: String) -> String {
    if text.len() > FIELD_MAX {
        let cut = (0..=FIELD_MAX).rev().find(|&i| text.is_char_boundary(i)).unwrap_or(0);
        text.truncate(cut);
        text.push('…');
    }
    text
}

pub(crate) type Result<T, E = Error> = std::result::Result<T, E>;

impl Error {
    pub(crate) fn invalid(field: &'static str, reason: impl Into<String>) -> Self {
        Self::InvalidInput { field, reason: reason.into() }
    }

    pub(crate) fn not_found(entity: &'static str, id: &str) -> Self {
        Self::NotFound { entity, id: id.to_owned() }
    }

    pub(crate) fn conflict(entity: &'static str, field: &'static str, reason: impl Into<String>) -> Self {
        Self::Conflict { entity, field, reason: reason.into() }
    }
}

/// The error every public call returns. Each variant is something a caller can act on;
/// the text of `Storage` is for logs, not for matching.
///
/// In Kotlin it arrives as `StoreException`, in Swift and Python as `StoreError`, in
/// JavaScript as an `Error` whose `code` is the variant name.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[cfg_attr(feature = "uniffi", derive(uniffi::Error))]
// In JavaScript the variant name becomes the error's `code` and the fields its properties.
#[cfg_attr(
    feature = "wasm",
    derive(serde::Serialize, tsify::Tsify),
    serde(tag = "code", rename_all_fields = "camelCase")
)]
pub enum StoreError {
    /// No live record of this kind has this id (it never existed, or was deleted).
    #[error("{entity} {id} not found")]
    NotFound {
        /// The kind of record, such as `thread`.
        entity: String,
        /// The id that was asked for.
        id: String,
    },
    /// An argument was rejected before anything was written.
    #[error("invalid {field}: {reason}")]
    InvalidInput {
        /// The argument or field at fault, such as `name` or `query`.
        field: String,
        /// Why it was rejected.
        reason: String,
    },
    /// A record with the same unique key exists already (an email, a slug, a member added
    /// twice); nothing was written.
    #[error("{entity} with this {field} already exists: {reason}")]
    Conflict {
        /// The kind of record, such as `user`.
        entity: String,
        /// The unique field or pair at fault, such as `email`.
        field: String,
        /// What collided.
        reason: String,
    },
    /// The store is acting as a user (see `Store::acting_as`) who may not do this.
    #[error("user {user_id} may not {action} {resource}")]
    PermissionDenied {
        /// The user the store acts as.
        user_id: String,
        /// The action refused, such as `write`.
        action: String,
        /// The resource, such as `workspace 0190…`.
        resource: String,
    },
    /// The file is not a unified-store (not an SQLite database, or another application's);
    /// it was left untouched.
    #[error("not a unified-store file: {reason}")]
    NotAStore {
        /// What the file is instead.
        reason: String,
    },
    /// The key given does not open this store (or the sealed value asked for): a wrong key
    /// or passphrase, a key of the other kind, a key for a store that is not encrypted, none
    /// for one that is, or a key file that is missing or damaged. Nothing was read or written.
    #[error("invalid key: {reason}")]
    InvalidKey {
        /// What did not open, and why.
        reason: String,
    },
    /// The caller cancelled a long call through its progress callback; the store is as it
    /// was before the call, except after a chat-history import, which keeps the conversations
    /// it had written, each whole (importing again finishes it).
    #[error("cancelled")]
    Cancelled,
    /// The store file was written by a newer version of unified-store; it was left untouched.
    #[error("store file has schema version {found}, this build supports up to {supported}")]
    IncompatibleVersion {
        /// The schema version found in the file.
        found: u32,
        /// The newest schema version this build understands.
        supported: u32,
    },
    /// The write would take the store past its quota, or a category past its budget
    /// (`Storage::quota`); nothing was written. Deletes never meet it: free space, or raise
    /// the quota, and try again.
    #[error("quota exceeded: {category} would need {needed} more bytes; {used} of {limit} are used")]
    QuotaExceeded {
        /// `total` for the store's quota, else the category (`messages`, `embeddings`,
        /// `attachments`, `metadata`).
        category: String,
        /// Its limit, in estimated bytes.
        limit: u64,
        /// What it held before the write.
        used: u64,
        /// What the write needed (for a batch, the row that crossed the limit).
        needed: u64,
    },
    /// The database could not be read or written (I/O, corruption, a closed store).
    #[error("storage error: {reason}")]
    Storage {
        /// What SQLite or the file system reported.
        reason: String,
    },
}

impl From<Error> for StoreError {
    fn from(error: Error) -> Self {
        match error {
            Error::NotFound { entity, id } => Self::NotFound { entity: entity.to_owned(), id: bounded(id) },
            Error::InvalidInput { field, reason } => {
                Self::InvalidInput { field: field.to_owned(), reason: bounded(reason) }
            }
            Error::NotAStore(reason) => Self::NotAStore { reason: bounded(reason) },
            Error::InvalidKey(reason) => Self::InvalidKey { reason: bounded(reason) },
            Error::Cancelled => Self::Cancelled,
            Error::IncompatibleVersion { found, supported } => Self::IncompatibleVersion { found, supported },
            Error::Conflict { entity, field, reason } => {
                Self::Conflict { entity: entity.to_owned(), field: field.to_owned(), reason: bounded(reason) }
            }
            Error::PermissionDenied { user_id, action, resource } => {
                Self::PermissionDenied { user_id, action: action.to_owned(), resource }
            }
            // Until the public error has its own variant for a wrong key: the file was left
            // untouched, as NotAStore promises.
            Error::Cipher(crate::cipher::CipherError::WrongKey) => {
                Self::NotAStore { reason: crate::cipher::CipherError::WrongKey.to_string() }
            }
            Error::Sqlite(error) => quota_exceeded(&error)
                .unwrap_or_else(|| Self::Storage { reason: bounded(Error::Sqlite(error).to_string()) }),
            other @ (Error::Open { .. }
            | Error::ForeignKeyCheck { .. }
            | Error::Configure { .. }
            | Error::Migrate { .. }
            | Error::Closed
            | Error::Crypto(_)
            | Error::Blob(_)
            | Error::Cipher(_)) => Self::Storage { reason: bounded(other.to_string()) },
        }
    }
}

/// The quota trigger's refusal (migration 0010): its message carries the numbers as JSON.
fn quota_exceeded(error: &rusqlite::Error) -> Option<StoreError> {
    const PREFIX: &str = "unified-store quota exceeded ";
    let rusqlite::Error::SqliteFailure(_, Some(message)) = error else { return None };
    let details: serde_json::Value = serde_json::from_str(message.strip_prefix(PREFIX)?).ok()?;
    let number = |name: &str| details.get(name).and_then(serde_json::Value::as_i64).map(|n| n.max(0) as u64);
    Some(StoreError::QuotaExceeded {
        category: bounded(details.get("category")?.as_str()?.to_owned()),
        limit: number("limit")?,
        used: number("used")?,
        needed: number("needed")?,
    })
}

impl StoreError {
    /// The variant's name, stable across versions: the `code` of a JavaScript error.
    pub fn code(&self) -> &'static str {
        match self {
            Self::NotFound { .. } => "NotFound",
            Self::InvalidInput { .. } => "InvalidInput",
            Self::Conflict { .. } => "Conflict",
            Self::PermissionDenied { .. } => "PermissionDenied",
            Self::NotAStore { .. } => "NotAStore",
            Self::InvalidKey { .. } => "InvalidKey",
            Self::Cancelled => "Cancelled",
            Self::IncompatibleVersion { .. } => "IncompatibleVersion",
            Self::QuotaExceeded { .. } => "QuotaExceeded",
            Self::Storage { .. } => "Storage",
        }
    }
}
