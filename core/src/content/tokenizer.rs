//! The search tokenizer, `ustore`: SQLite's unicode61 (case and diacritics folded) for text
//! written with spaces, and overlapping character pairs for scripts written without them, so
//! 東京 finds 東京に行きました, which unicode61 alone keeps as one token. Emoji are words of
//! their own. Registered on every connection before anything reads the search tables
//! (FTS5 tokenizers live on the connection, not in the file).
//!
//! Text is cut into runs by [`script`]; a spaced run goes to unicode61 with its offsets moved
//! back into the whole text, so snippets and highlights point at the right characters.
//!
//! The one place in the crate that implements a C interface (FTS5's `fts5_tokenizer`), so
//! unsafe code is allowed here and nowhere else; no callback can panic (no indexing that can
//! fail, no allocation-free assumption), since a panic cannot cross into C.
#![allow(unsafe_code)]

use crate::content::script::{Script, script};
use crate::error::{Error, Result};
use rusqlite::Connection;
use rusqlite::ffi::{self, Fts5Tokenizer, fts5_api, fts5_tokenizer};
use rusqlite::types::ToSqlOutput;
use std::ffi::{c_char, c_int, c_void};

/// The name the FTS5 tables are declared with (`tokenize = 'ustore remove_diacritics 2'`).
const NAME: &std::ffi::CStr = c"ustore";

/// Registers the tokenizer on `conn`.
pub(crate) fn register(conn: &Connection) -> Result<()> {
    register_on(conn).map_err(|source| Error::Configure { pragma: "search tokenizer", source })
}

fn register_on(conn: &Connection) -> rusqlite::Result<()> {
    let api = fts5_api(conn)?;
    let mut methods = fts5_tokenizer { xCreate: Some(create), xDelete: Some(delete), xTokenize: Some(tokenize) };
    // SAFETY: `api` is the connection's FTS5 API, valid while the connection is open, which
    // is as long as the tokenizer can be used; FTS5 copies `methods`.
    let code = unsafe {
        let create_tokenizer = (*api).xCreateTokenizer.ok_or_else(|| missing("xCreateTokenizer"))?;
        create_tokenizer(api, NAME.as_ptr(), api.cast(), &mut methods, None)
    };
    check(code)
}

/// The connection's FTS5 API, handed out through `SELECT fts5(?)` bound to a pointer.
fn fts5_api(conn: &Connection) -> rusqlite::Result<*mut fts5_api> {
    let mut api: *mut fts5_api = std::ptr::null_mut();
    let out = ToSqlOutput::Pointer((std::ptr::from_mut(&mut api).cast(), c"fts5_api_ptr", None));
    conn.query_row("SELECT fts5(?1)", [out], |_| Ok(()))?;
    if api.is_null() {
        return Err(missing("fts5_api"));
    }
    Ok(api)
}

fn missing(what: &str) -> rusqlite::Error {
    rusqlite::Error::SqliteFailure(ffi::Error::new(ffi::SQLITE_MISUSE), Some(format!("FTS5 did not provide {what}")))
}

fn check(code: c_int) -> rusqlite::Result<()> {
    if code == ffi::SQLITE_OK {
        return Ok(());
    }
    Err(rusqlite::Error::SqliteFailure(ffi::Error::new(code), None))
}

/// One tokenizer instance: unicode61, created with the same arguments, for spaced runs.
struct Instance {
    inner: *mut Fts5Tokenizer,
    methods: fts5_tokenizer,
}

/// FTS5's `xCreate`: finds unicode61 through the API (our user data) and creates it with
/// the arguments the table was declared with.
unsafe extern "C" fn create(
    api: *mut c_void,
    args: *mut *const c_char,
    count: c_int,
    out: *mut *mut Fts5Tokenizer,
) -> c_int {
    let api = api.cast::<fts5_api>();
    let mut user = std::ptr::null_mut();
    let mut methods = fts5_tokenizer { xCreate: None, xDelete: None, xTokenize: None };
    // SAFETY: FTS5 calls this with the API registered above and its own argument array.
    unsafe {
        let Some(find) = (*api).xFindTokenizer else { return ffi::SQLITE_ERROR };
        let code = find(api, c"unicode61".as_ptr(), &mut user, &mut methods);
        if code != ffi::SQLITE_OK {
            return code;
        }
        let Some(create_inner) = methods.xCreate else { return ffi::SQLITE_ERROR };
        let mut inner = std::ptr::null_mut();
        let code = create_inner(user, args, count, &mut inner);
        if code != ffi::SQLITE_OK {
            return code;
        }
        *out = Box::into_raw(Box::new(Instance { inner, methods })).cast();
    }
    ffi::SQLITE_OK
}

unsafe extern "C" fn delete(tokenizer: *mut Fts5Tokenizer) {
    // SAFETY: `tokenizer` is an `Instance` made by `create`, deleted once by FTS5.
    let instance = unsafe { Box::from_raw(tokenizer.cast::<Instance>()) };
    if let Some(delete_inner) = instance.methods.xDelete {
        // SAFETY: the unicode61 instance `create` made with these methods.
        unsafe { delete_inner(instance.inner) };
    }
}

type TokenCallback = unsafe extern "C" fn(*mut c_void, c_int, *const c_char, c_int, c_int, c_int) -> c_int;

/// FTS5's `xTokenize`: `text` cut into runs by script, each run's tokens handed to `token`
/// with offsets into the whole text.
unsafe extern "C" fn tokenize(
    tokenizer: *mut Fts5Tokenizer,
    context: *mut c_void,
    flags: c_int,
    text: *const c_char,
    length: c_int,
    token: Option<TokenCallback>,
) -> c_int {
    let Some(token) = token else { return ffi::SQLITE_ERROR };
    // SAFETY: FTS5 passes the instance `create` made and `length` readable bytes at `text`.
    let (instance, bytes) = unsafe {
        let bytes = if text.is_null() || length <= 0 {
            &[][..]
        } else {
            std::slice::from_raw_parts(text.cast::<u8>(), length as usize)
        };
        (&*tokenizer.cast::<Instance>(), bytes)
    };
    let sink = Sink { context, token };
    // Not UTF-8 (never written by the store): unicode61 reads it as it would alone.
    let Ok(text) = std::str::from_utf8(bytes) else {
        return sink.spaced(instance, flags, bytes, 0);
    };
    let mut start = 0;
    let mut current = None;
    for (at, c) in text.char_indices() {
        let kind = script(c);
        if current.is_some_and(|run| run != kind) {
            let code = sink.run(instance, flags, text, start, at, current);
            if code != ffi::SQLITE_OK {
                return code;
            }
            start = at;
        }
        current = Some(kind);
    }
    sink.run(instance, flags, text, start, text.len(), current)
}

/// Where tokens go: FTS5's callback and its context.
struct Sink {
    context: *mut c_void,
    token: TokenCallback,
}

impl Sink {
    /// The tokens of `text[start..end]`, all of script `kind`.
    fn run(
        &self,
        instance: &Instance,
        flags: c_int,
        text: &str,
        start: usize,
        end: usize,
        kind: Option<Script>,
    ) -> c_int {
        let run = &text[start..end];
        match kind {
            None => ffi::SQLITE_OK,
            Some(Script::Spaced) => self.spaced(instance, flags, run.as_bytes(), start),
            Some(Script::Symbol) => {
                for (at, c) in run.char_indices() {
                    let code = self.emit(&run[at..at + c.len_utf8()], start + at);
                    if code != ffi::SQLITE_OK {
                        return code;
                    }
                }
                ffi::SQLITE_OK
            }
            Some(Script::Unspaced) => {
                let bounds: Vec<usize> = run.char_indices().map(|(at, _)| at).chain([run.len()]).collect();
                // One character alone is its own token; otherwise every overlapping pair.
                let pairs = bounds.len().saturating_sub(2).max(1);
                for index in 0..pairs {
                    let (from, to) = (bounds[index], bounds[(index + 2).min(bounds.len() - 1)]);
                    let code = self.emit(&run[from..to], start + from);
                    if code != ffi::SQLITE_OK {
                        return code;
                    }
                }
                ffi::SQLITE_OK
            }
        }
    }

    /// One token, `start` its byte offset in the whole text.
    fn emit(&self, token: &str, start: usize) -> c_int {
        // SAFETY: FTS5's callback with its own context; the token outlives the call.
        unsafe {
            (self.token)(self.context, 0, token.as_ptr().cast(), len(token.len()), len(start), len(start + token.len()))
        }
    }

    /// unicode61's tokens of `bytes`, which start at byte `offset` of the whole text.
    fn spaced(&self, instance: &Instance, flags: c_int, bytes: &[u8], offset: usize) -> c_int {
        let Some(tokenize_inner) = instance.methods.xTokenize else { return ffi::SQLITE_ERROR };
        let mut shifted = Shifted { sink: self, offset: len(offset) };
        // SAFETY: the unicode61 instance, the run's bytes, and a context `forward` reads back.
        unsafe {
            tokenize_inner(
                instance.inner,
                std::ptr::from_mut(&mut shifted).cast(),
                flags,
                bytes.as_ptr().cast(),
                len(bytes.len()),
                Some(forward),
            )
        }
    }
}

/// A run's tokens on their way to FTS5, their offsets moved by where the run starts.
struct Shifted<'a> {
    sink: &'a Sink,
    offset: c_int,
}

unsafe extern "C" fn forward(
    context: *mut c_void,
    flags: c_int,
    token: *const c_char,
    length: c_int,
    start: c_int,
    end: c_int,
) -> c_int {
    // SAFETY: `context` is the `Shifted` that `spaced` handed to unicode61 for this call.
    let shifted = unsafe { &*context.cast::<Shifted>() };
    let sink = shifted.sink;
    // SAFETY: FTS5's callback, passed unicode61's token as it came.
    unsafe { (sink.token)(sink.context, flags, token, length, start + shifted.offset, end + shifted.offset) }
}

/// A length or offset within a text FTS5 handed over as a C int, so it fits.
fn len(value: usize) -> c_int {
    c_int::try_from(value).unwrap_or(c_int::MAX)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The tokens `text` gives, through a scratch FTS5 table and fts5vocab.
    fn tokens(text: &str) -> Vec<String> {
        let conn = Connection::open_in_memory().unwrap();
        register(&conn).unwrap();
        conn.execute_batch(
            "CREATE VIRTUAL TABLE t USING fts5 (x, tokenize = 'ustore remove_diacritics 2');
             CREATE VIRTUAL TABLE v USING fts5vocab (t, 'instance');",
        )
        .unwrap();
        conn.execute("INSERT INTO t (x) VALUES (?1)", [text]).unwrap();
        let mut stmt = conn.prepare("SELECT term FROM v ORDER BY offset").unwrap();
        stmt.query_map([], |row| row.get(0)).unwrap().collect::<rusqlite::Result<_>>().unwrap()
    }

    #[test]
    fn spaced_text_is_folded_as_unicode61_folds_it() {
        assert_eq!(tokens("Crème BRÛLÉE, naïve café"), ["creme", "brulee", "naive", "cafe"]);
    }

    #[test]
    fn unspaced_scripts_become_overlapping_pairs() {
        assert_eq!(tokens("東京に行きました"), ["東京", "京に", "に行", "行き", "きま", "まし", "した"]);
        assert_eq!(tokens("東"), ["東"]);
        assert_eq!(tokens("ภาษาไทย"), ["ภา", "าษ", "ษา", "าไ", "ไท", "ทย"]);
    }

    #[test]
    fn mixed_runs_keep_their_order_and_emoji_are_words() {
        assert_eq!(tokens("iPhone用の🚀ケース OK"), ["iphone", "用の", "🚀", "ケー", "ース", "ok"]);
    }

    #[test]
    fn empty_and_punctuation_only_text_have_no_tokens() {
        assert!(tokens("").is_empty());
        assert!(tokens("。、!? \u{FE0F}").is_empty());
    }
}
