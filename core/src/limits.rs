//! Documented limits, checked before anything is written. Each is read from the rule the
//! declarations give its column (`schema/rules.rs`), so the number here is the number enforced.

use crate::error::{Error, Result};
use crate::schema::rules;

pub use rules::{AMOUNT_MAX, TIME_MAX};

/// Longest name or title (of a workspace, thread, project, person, device or model), in
/// characters.
pub const NAME_MAX: usize = rules::NAME.max;
/// Largest message content, in bytes (1 MiB).
pub const CONTENT_MAX_BYTES: usize = rules::CONTENT.max;
/// Longest email address, in bytes (RFC 5321).
pub const EMAIL_MAX: usize = rules::EMAIL.max;
/// Largest page cache one connection may be given ([`crate::StoreConfig::cache_mib`]), in MiB.
pub const CACHE_MIB_MAX: u32 = 4096;
/// Most memory a passphrase's Argon2id may use, in KiB (1 GiB): a key file or a password
/// hash asking for more (tampered, or from a hostile caller) is refused, not allocated.
pub const KDF_MEMORY_MAX_KIB: u32 = 1024 * 1024;
/// Most Argon2id passes over its memory.
pub const KDF_ITERATIONS_MAX: u32 = 16;
/// Most Argon2id lanes.
pub const KDF_PARALLELISM_MAX: u32 = 16;
/// Longest passphrase or password, in bytes.
pub const PASSPHRASE_MAX_BYTES: usize = 4096;
/// Most items one page or one search may return.
pub const PAGE_MAX: u32 = 1000;
/// Longest search text, in bytes.
pub const QUERY_MAX_BYTES: usize = 1024;
/// Most matches a message search ranks exactly: BM25 costs about a microsecond per match
/// (docs/decisions.md, "Bounded search").
pub const SEARCH_RANKED_MAX: u32 = 10_000;
/// How many of its newest matches a broader search ranks
/// ([`crate::SearchHit::ranked_among_newest`]); a filtered one looks eight times further
/// back while the filter leaves it short of hits.
pub const SEARCH_BROAD_WINDOW: u32 = 2_000;
/// Most words one search may look for, alone or inside phrases, in either syntax. The cost
/// of a search grows faster than its words when they match the same text (`the the the`,
/// nearly with their square past 16), so this keeps the costliest search within about 3
/// times one common word (measured in docs/decisions.md, "Query bounds").
pub const QUERY_WORDS_MAX: usize = 8;
/// Most prefix terms (`wor*`) one search may hold; each counts as a word too.
pub const QUERY_PREFIXES_MAX: usize = 2;
/// Shortest prefix, in characters: a one-letter prefix (`t*`) matches a large share of all
/// words, costs more than the most frequent word, and repeated costs twice a two-letter one.
pub const QUERY_PREFIX_MIN_CHARS: usize = 2;
/// Deepest nesting of parentheses in a [`crate::QuerySyntax::Fts5`] search, `NEAR(…)`
/// included. Nesting costs little by itself; FTS5's own parser overflows at 48 levels of
/// `a OR (b OR (…))`.
pub const QUERY_DEPTH_MAX: usize = 8;

/// Most values an embedding vector may have.
pub const VECTOR_DIMENSIONS_MAX: usize = rules::VECTOR_DIMENSIONS_MAX;
/// Most hits one vector or hybrid search may return.
pub const VECTOR_K_MAX: u32 = PAGE_MAX;
/// Most vectors one batch upsert may store.
pub const VECTOR_BATCH_MAX: usize = 10_000;

/// Largest conversation a chat-history import takes, in bytes of its JSON (128 MiB): one
/// conversation is held in memory whole while it is checked; a larger one is skipped and
/// reported. A single message over [`CONTENT_MAX_BYTES`] is kept cut short, not skipped.
pub const IMPORT_CONVERSATION_MAX_BYTES: usize = 128 << 20;
/// Most issues an import report lists; it counts them all.
pub const IMPORT_ISSUES_LISTED: usize = 1_000;

/// A page or hit count from 1 to [`PAGE_MAX`].
pub(crate) fn limit(value: u32) -> Result<u32> {
    if value == 0 || value > PAGE_MAX {
        return Err(Error::invalid("limit", format!("must be between 1 and {PAGE_MAX}")));
    }
    Ok(value)
}
