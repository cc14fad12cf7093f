//! Message search in bounded time. BM25 costs about a microsecond per matching message, so
//! ranking every match of a common word takes a second at a million messages. A search first
//! walks its matches newest first, ranking none, and stops at [`SEARCH_RANKED_MAX`]: fewer
//! matches are all ranked, exactly as before; a broader search ranks only its newest
//! [`SEARCH_BROAD_WINDOW`] matches, and its hits say so. Ranking happens inside FTS5 alone
//! (with the snippets); only the best few candidates are joined to their threads.

use crate::content::model::{Message, SearchHit, SearchQuery};
use crate::content::search::snippet_sql;
use crate::entity::{Entity, Record};
use crate::error::Result;
use crate::limits::{SEARCH_BROAD_WINDOW, SEARCH_RANKED_MAX};
use rusqlite::{Connection, OptionalExtension, params};
use std::cmp::Ordering;

/// How much further back a filtered search looks when its window left it short of hits.
const WIDEN: u32 = 8;

/// Where widening stops: past it, a filtered search returns the hits it found.
const WINDOW_MAX: u32 = SEARCH_BROAD_WINDOW * WIDEN * WIDEN * WIDEN * WIDEN;

/// Live messages matching `expression` (and `query`'s filters), best first: by BM25, then
/// newest first among equal scores.
pub(crate) fn search(conn: &Connection, expression: &str, query: &SearchQuery, limit: u32) -> Result<Vec<SearchHit>> {
    // Few enough matches: rank them all, exactly.
    if oldest_of_newest_matches(conn, expression, SEARCH_RANKED_MAX)?.is_none() {
        return Ok(best(conn, expression, query, limit, 0)?.into_iter().map(|hit| hit.into_search_hit(None)).collect());
    }
    let mut window = SEARCH_BROAD_WINDOW;
    loop {
        let oldest = oldest_of_newest_matches(conn, expression, window)?;
        let hits = best(conn, expression, query, limit, oldest.unwrap_or(0))?;
        // A filter can leave the window short of hits while older matches would fill it.
        if oldest.is_none() || hits.len() == limit as usize || window >= WINDOW_MAX {
            let ranked_among_newest = oldest.map(|_| window);
            return Ok(hits.into_iter().map(|hit| hit.into_search_hit(ranked_among_newest)).collect());
        }
        window = window.saturating_mul(WIDEN);
    }
}

/// The seq of the `window`-th newest message matching `expression`, or `None` if fewer
/// match: FTS5 walks the matches newest first and stops there, ranking none.
fn oldest_of_newest_matches(conn: &Connection, expression: &str, window: u32) -> Result<Option<i64>> {
    let mut stmt = conn.prepare_cached(
        "SELECT rowid FROM messages_fts WHERE messages_fts MATCH ?1 ORDER BY rowid DESC LIMIT 1 OFFSET ?2",
    )?;
    Ok(stmt.query_row(params![expression, window - 1], |row| row.get(0)).optional()?)
}

/// A live match that passed the filters.
struct Hit {
    rank: f64,
    message: Message,
    workspace_id: String,
    project_id: Option<String>,
    thread_title: String,
    snippet: String,
}

impl Hit {
    fn into_search_hit(self, ranked_among_newest: Option<u32>) -> SearchHit {
        SearchHit {
            message: self.message,
            workspace_id: self.workspace_id,
            project_id: self.project_id,
            thread_title: self.thread_title,
            snippet: self.snippet,
            score: -self.rank,
            ranked_among_newest,
        }
    }

    /// BM25 first (lower ranks better), then newest first, then by id: a total order, so the
    /// same hits come back in the same order whatever order FTS5 gave equal ranks in.
    fn order(&self, other: &Self) -> Ordering {
        self.rank
            .total_cmp(&other.rank)
            .then_with(|| other.message.created_at.cmp(&self.message.created_at))
            .then_with(|| other.message.id.cmp(&self.message.id))
    }
}

/// The best `limit` live, filtered matches with seq `oldest` or newer. FTS5 ranks a few more
/// candidates than asked for; if deleted or filtered messages leave too few, or an unfetched
/// candidate could tie with the last hit kept, every match in the window is ranked instead.
fn best(conn: &Connection, expression: &str, query: &SearchQuery, limit: u32, oldest: i64) -> Result<Vec<Hit>> {
    let limit = limit as usize;
    let mut fetch = Some(limit * 2 + 16);
    loop {
        let candidates = candidates(conn, expression, oldest, fetch)?;
        let last_candidate = candidates.last().map_or(f64::INFINITY, |candidate| candidate.rank);
        let complete = fetch.is_none_or(|fetch| candidates.len() < fetch);
        let mut hits = Vec::with_capacity(limit);
        for candidate in candidates {
            hits.extend(hit(conn, candidate, query)?);
        }
        hits.sort_by(Hit::order);
        if complete || hits.get(limit.wrapping_sub(1)).is_some_and(|last| last.rank < last_candidate) {
            hits.truncate(limit);
            return Ok(hits);
        }
        fetch = None;
    }
}

/// A match as FTS5 ranked it, with its snippet: made in the ranking query, where the matched
/// terms are already read (a second `MATCH` per hit would expand a prefix term again).
struct Candidate {
    seq: i64,
    rank: f64,
    snippet: String,
}

/// The best `fetch` matches from seq `oldest` on (all of them for `None`), ranked by FTS5
/// alone.
fn candidates(conn: &Connection, expression: &str, oldest: i64, fetch: Option<usize>) -> Result<Vec<Candidate>> {
    let mut stmt = conn.prepare_cached(&format!(
        "SELECT rowid, rank, {} FROM messages_fts
         WHERE messages_fts MATCH ?1 AND rowid >= ?2 ORDER BY rank LIMIT ?3",
        snippet_sql("messages_fts", 0, "messages_fts.content")
    ))?;
    let fetch = fetch.map_or(-1, |fetch| i64::try_from(fetch).unwrap_or(i64::MAX));
    let rows = stmt.query_map(params![expression, oldest, fetch], |row| {
        Ok(Candidate { seq: row.get(0)?, rank: row.get(1)?, snippet: row.get(2)? })
    })?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

/// `candidate` with its message and thread, if the message is live and passes `query`'s
/// filters.
fn hit(conn: &Connection, candidate: Candidate, query: &SearchQuery) -> Result<Option<Hit>> {
    let mut stmt = conn.prepare_cached(&format!(
        "SELECT {}, t.workspace_id, t.project_id, t.title FROM {}
         WHERE e.seq = ?1 AND {} AND (?2 IS NULL OR t.workspace_id = ?2) AND (?3 IS NULL OR e.thread_id = ?3)",
        Message::COLUMNS,
        Message::FROM,
        Message::LIVE
    ))?;
    let Candidate { seq, rank, snippet } = candidate;
    let hit = stmt.query_row(params![seq, query.workspace_id, query.thread_id], |row| {
        Ok(Hit {
            rank,
            message: Message::from_row(row)?,
            workspace_id: row.get(11)?,
            project_id: row.get(12)?,
            thread_title: row.get(13)?,
            snippet,
        })
    });
    Ok(hit.optional()?)
}
