//! What both message benchmarks share: the workload (message texts, threads, queries), the
//! plain-rusqlite reference the store is compared with, and the cached million-message
//! fixtures. See docs/benchmarks.md.

use rusqlite::{Connection, TransactionBehavior, params};
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};
use unified_store::{
    MessageRole, NewMessage, NewUser, NewWorkspace, PageRequest, QuerySyntax, SCHEMA_VERSION, SearchQuery, Store,
    StoreConfig,
};

/// A GDPR export of `user` from `store` to the new file `path`. Native only: the benches are
/// built for wasm32 by the lint (which checks every target) but never run there, and the
/// browser build exports to memory, not to a path.
pub fn export_to(store: &Store, user: &str, path: &Path) -> unified_store::DataExport {
    #[cfg(not(target_family = "wasm"))]
    return store.users().export_user_data(user, &path.to_string_lossy(), &unified_store::NoProgress).expect("export");
    #[cfg(target_family = "wasm")]
    panic!("the benches run natively; {user} of {:?} not exported to {}", store.schema_version(), path.display())
}

/// Threads the messages are spread over.
pub const THREADS: usize = 1_000;
/// Messages per `append_batch` call (one transaction each): what a sync or an import hands
/// the store at once (docs/benchmarks.md measures 1,000 and 50,000 too).
pub const BATCH: usize = 10_000;
/// Search queries timed per side.
pub const QUERIES: usize = 1_000;
/// Hits per search, as the apps ask.
pub const HITS: u32 = 20;
/// Messages per list page.
pub const PAGE: u32 = 50;
/// Bump when the workload changes, so cached fixtures built from the old one are rebuilt.
const GENERATOR: u32 = 1;
/// Size when a bench binary runs as a test (`cargo test --benches`): just enough to run
/// every path once.
const SMOKE_MESSAGES: usize = 2_000;

/// How many messages the fixtures hold: `BENCH_MESSAGES` (underscores allowed), default one
/// million; a small smoke size when not run by `cargo bench`.
pub fn message_count() -> usize {
    message_count_or(1_000_000)
}

/// [`message_count`] with another default.
pub fn message_count_or(default: usize) -> usize {
    if !is_bench() {
        return SMOKE_MESSAGES;
    }
    match std::env::var("BENCH_MESSAGES") {
        Ok(value) => value.replace('_', "").parse().expect("BENCH_MESSAGES must be a whole number"),
        Err(_) => default,
    }
}

/// Whether `cargo bench` runs this binary (else it runs as a smoke test, `cargo test --benches`).
pub fn is_bench() -> bool {
    std::env::args().any(|arg| arg == "--bench")
}

#[path = "../../../tests/rng.rs"]
mod rng;
pub use rng::Rng;

// The most frequent words, in the register of an assistant chat; a long tail of made-up words
// follows them (`Vocabulary::new`).
const COMMON: &str = "the to and a of in is it you that for this with on be can how what not are as do if i or
    use your have but from by at we an will so my there which code function error data file test build run type
    value string list rust kotlin swift python model thread message query search index store table sqlite database
    workspace project user name time work world word worker working works worth write written read return result
    option number array map key memory fast slow bug fix change update delete create open close call method class
    struct trait module crate package version release server client request response network cache page view screen
    button text image audio video token prompt answer question example explain summary draft email meeting schedule
    plan budget report review design idea team customer product market price cost sales growth goal week month year
    today tomorrow morning evening help please thanks sure great good better best new old first last next small large
    simple complex clear step reason problem solution issue feature support library framework system service api
    interface config setting path folder directory command terminal script shell loop branch commit merge deploy
    docker cloud local remote device phone android ios browser window worry wonder wood wool workflow workshop
    transaction migration schema column row join filter sort order limit offset cursor batch import export sync
    backup restore encrypt decrypt password login account session permission role owner admin member invite share";
const SYLLABLES: [&str; 20] = [
    "ka", "lo", "mi", "ren", "to", "sa", "vel", "ni", "por", "qua", "zen", "di", "fu", "bra", "ter", "mon", "gal",
    "shi", "tro", "pex",
];
/// Distinct words; their frequency in messages falls as 1/rank (Zipf), like natural text.
const VOCABULARY: usize = 5_000;
/// Queries pick words from this rank on: the top ones are stop words nobody searches for.
const QUERY_MIN_RANK: usize = 10;

/// The fixed vocabulary, most frequent first, and the cumulative Zipf weights to sample it.
pub struct Vocabulary {
    words: Vec<String>,
    cumulative: Vec<f64>,
}

impl Vocabulary {
    pub fn new() -> Self {
        let mut words: Vec<String> = Vec::with_capacity(VOCABULARY);
        for word in COMMON.split_whitespace() {
            if !words.iter().any(|w| w == word) {
                words.push(word.to_owned());
            }
        }
        let mut made_up = Vec::new();
        for a in SYLLABLES {
            for b in SYLLABLES {
                made_up.push(format!("{a}{b}"));
                for c in SYLLABLES {
                    made_up.push(format!("{a}{b}{c}"));
                }
            }
        }
        // Shuffle so that the tail's frequency does not follow its spelling.
        let mut rng = Rng::new(7);
        for i in (1..made_up.len()).rev() {
            made_up.swap(i, rng.below(i + 1));
        }
        for word in made_up {
            if words.len() == VOCABULARY {
                break;
            }
            if !words.contains(&word) {
                words.push(word);
            }
        }
        let mut total = 0.0;
        let cumulative = (1..=words.len())
            .map(|rank| {
                total += 1.0 / rank as f64;
                total
            })
            .collect();
        Self { words, cumulative }
    }

    /// Every word, most frequent first.
    pub fn words(&self) -> &[String] {
        &self.words
    }

    /// A word drawn by frequency.
    fn word(&self, rng: &mut Rng) -> &str {
        let target = rng.unit() * self.cumulative[self.cumulative.len() - 1];
        let rank = self.cumulative.partition_point(|&c| c <= target).min(self.words.len() - 1);
        &self.words[rank]
    }

    /// A word a person might search for: rank log-uniform from `QUERY_MIN_RANK`, so frequent
    /// and rare words are both asked for.
    fn query_word(&self, rng: &mut Rng) -> &str {
        let (low, high) = ((QUERY_MIN_RANK as f64).ln(), (self.words.len() as f64).ln());
        let rank = (low + rng.unit() * (high - low)).exp() as usize;
        &self.words[rank.min(self.words.len() - 1)]
    }

    /// A message of 150 to 250 bytes (about 200): Zipf-distributed words, a capital at the
    /// start of each sentence, some punctuation.
    pub fn message(&self, rng: &mut Rng) -> String {
        let target = 150 + rng.below(101);
        let mut text = String::with_capacity(target + 16);
        let mut sentence_start = true;
        while text.len() < target {
            if !text.is_empty() {
                text.push(' ');
            }
            let word = self.word(rng);
            if sentence_start {
                let mut chars = word.chars();
                if let Some(first) = chars.next() {
                    text.extend(first.to_uppercase());
                    text.push_str(chars.as_str());
                }
            } else {
                text.push_str(word);
            }
            sentence_start = false;
            match rng.below(16) {
                0 | 1 => {
                    text.push('.');
                    sentence_start = true;
                }
                2 => text.push(','),
                _ => {}
            }
        }
        text
    }

    /// `count` search texts as typed: 40% one word, 40% two words (both must match), 20% a
    /// prefix such as `wor*`.
    pub fn queries(&self, count: usize) -> Vec<String> {
        let mut rng = Rng::new(42);
        (0..count)
            .map(|_| match rng.below(10) {
                0..4 => self.query_word(&mut rng).to_owned(),
                4..8 => format!("{} {}", self.query_word(&mut rng), self.query_word(&mut rng)),
                _ => loop {
                    let word = self.query_word(&mut rng);
                    if word.len() >= 4 {
                        break format!("{}*", &word[..3]);
                    }
                },
            })
            .collect()
    }
}

/// The FTS5 expression the store makes of plain text (`wor* ok` is `"wor"* "ok"`), for the
/// plain side; the texts here are ASCII words, spaces and a trailing `*`.
pub fn fts_expression(text: &str) -> String {
    text.split_whitespace()
        .map(|word| match word.strip_suffix('*') {
            Some(prefix) => format!("\"{prefix}\"*"),
            None => format!("\"{word}\""),
        })
        .collect::<Vec<_>>()
        .join(" ")
}

/// The stream of messages both sides append: each message goes to a thread picked at random,
/// so a batch touches most threads, as interleaved conversations do.
pub struct Workload {
    vocabulary: Vocabulary,
    rng: Rng,
    appended: usize,
}

/// One message to append: the index of its thread, its role and its text.
pub struct Draft {
    pub thread: usize,
    pub role: MessageRole,
    pub text: String,
}

impl Workload {
    pub fn new(seed: u64) -> Self {
        Self { vocabulary: Vocabulary::new(), rng: Rng::new(seed), appended: 0 }
    }

    pub fn batch(&mut self, size: usize) -> Vec<Draft> {
        (0..size)
            .map(|_| {
                self.appended += 1;
                let role = if self.appended % 2 == 1 { MessageRole::User } else { MessageRole::Assistant };
                Draft { thread: self.rng.below(THREADS), role, text: self.vocabulary.message(&mut self.rng) }
            })
            .collect()
    }
}

/// The store under test and the ids of its threads.
pub struct StoreSide {
    pub store: Store,
    pub threads: Vec<String>,
}

impl StoreSide {
    /// A new store file at `path` with one user, one workspace and [`THREADS`] threads.
    pub fn create(path: &Path) -> Self {
        Self::create_in(Store::open(&StoreConfig::file(path.to_str().expect("a UTF-8 path"))).expect("open the store"))
    }

    /// `store`, empty, given one user, one workspace and [`THREADS`] threads.
    pub fn create_in(store: Store) -> Self {
        let user = store.users().create(&NewUser::new("bench@example.com", "Bench")).expect("create the user");
        let workspace =
            store.workspaces().create(&NewWorkspace::for_user("Bench", &user.id)).expect("create the workspace");
        let threads = (0..THREADS)
            .map(|i| store.threads().create(&workspace.id, &format!("Thread {i}")).expect("create a thread").id)
            .collect();
        Self { store, threads }
    }

    /// The store file at `path`, already filled.
    pub fn open(path: &Path) -> Self {
        let threads = thread_ids(path);
        let store = Store::open(&StoreConfig::file(path.to_str().expect("a UTF-8 path"))).expect("open the store");
        Self { store, threads }
    }

    pub fn new_messages(&self, batch: &[Draft]) -> Vec<NewMessage> {
        batch.iter().map(|d| NewMessage::new(&self.threads[d.thread], d.role, &d.text)).collect()
    }

    pub fn append(&self, messages: &[NewMessage]) -> usize {
        self.store.messages().append_batch(messages).expect("append a batch").len()
    }

    pub fn search(&self, text: &str) -> usize {
        self.hits(text).len()
    }

    /// The store's hits for `text`, as an app gets them.
    pub fn hits(&self, text: &str) -> Vec<unified_store::SearchHit> {
        let query = SearchQuery {
            text: text.to_owned(),
            syntax: QuerySyntax::Plain,
            workspace_id: None,
            thread_id: None,
            limit: HITS,
        };
        self.store.messages().search(&query).expect("search")
    }

    pub fn list(&self, thread: usize) -> usize {
        self.store.messages().list(&self.threads[thread], &PageRequest::first(PAGE)).expect("list").len()
    }
}

// The store's own SQL (core/src/content/messages.rs), copied so that the reference runs the
// same query plan and the difference measured is the store's code around it.
const INSERT: &str = "INSERT INTO messages (id, thread_id, role, content, created_at, updated_at)
    VALUES (?1, ?2, ?3, ?4, ?5, ?5)";
const COLUMNS: &str = "m.id, m.thread_id, m.role, m.content, m.parent_id, m.provider, m.model, m.prompt_tokens,
    m.completion_tokens, m.created_at, m.updated_at";
const LIVE: &str = "m.deleted_at IS NULL AND t.deleted_at IS NULL AND w.deleted_at IS NULL";

/// A row as the reference reads it: every column the store reads into a `Message`.
#[allow(dead_code)] // read to do the same work as the store; never looked at
pub struct Row {
    id: String,
    thread_id: String,
    role: String,
    content: String,
    parent_id: Option<String>,
    provider: Option<String>,
    model: Option<String>,
    prompt_tokens: Option<u32>,
    completion_tokens: Option<u32>,
    created_at: i64,
    updated_at: i64,
}

fn row(r: &rusqlite::Row) -> rusqlite::Result<Row> {
    Ok(Row {
        id: r.get(0)?,
        thread_id: r.get(1)?,
        role: r.get(2)?,
        content: r.get(3)?,
        parent_id: r.get(4)?,
        provider: r.get(5)?,
        model: r.get(6)?,
        prompt_tokens: r.get(7)?,
        completion_tokens: r.get(8)?,
        created_at: r.get(9)?,
        updated_at: r.get(10)?,
    })
}

/// The schema before search was indexed per batch (version 7): FTS5 (unicode61) kept in step
/// by a row trigger, as PowerSync's FTS guide and most apps do it. The references run on it.
const REFERENCE_SCHEMA: [&str; 7] = [
    include_str!("../../../migrations/0001_workspaces_threads_messages.sql"),
    include_str!("../../../migrations/0002_identity.sql"),
    include_str!("../../../migrations/0003_content.sql"),
    include_str!("../../../migrations/0004_ai.sql"),
    include_str!("../../../migrations/0005_governance.sql"),
    include_str!("../../../migrations/0006_billing.sql"),
    include_str!("../../../migrations/0007_provider_secrets.sql"),
];

/// What a reference keeps beside its messages table.
#[derive(Clone, Copy, PartialEq, Eq)]
pub enum Reference {
    /// The search index, kept in step by the row trigger: what the store did before.
    RowTrigger,
    /// No search index at all: the floor any indexing store sits above.
    NoIndex,
}

/// A reference: plain rusqlite on a file with the schema of [`REFERENCE_SCHEMA`] and the
/// store's pragmas, doing the same inserts and selects by hand.
pub struct PlainSide {
    pub conn: Connection,
    pub threads: Vec<String>,
}

impl PlainSide {
    /// A new file at `path` with the reference schema, one user, one workspace and
    /// [`THREADS`] threads.
    pub fn create(path: &Path, reference: Reference) -> Self {
        let conn = Connection::open(path).expect("create the reference file");
        for sql in REFERENCE_SCHEMA {
            conn.execute_batch(&format!("BEGIN; {sql} COMMIT;")).expect("reference schema");
        }
        if reference == Reference::NoIndex {
            conn.execute_batch("DROP TRIGGER messages_fts_insert").expect("drop the index trigger");
        }
        let user = uuid::Uuid::now_v7().to_string();
        let workspace = uuid::Uuid::now_v7().to_string();
        conn.execute(
            "INSERT INTO users (id, email, display_name, locale, created_at, updated_at) VALUES (?1, 'bench@example.com', 'Bench', 'en', 1, 1)",
            [&user],
        )
        .expect("reference user");
        conn.execute(
            "INSERT INTO workspaces (id, name, owner_user_id, created_at, updated_at) VALUES (?1, 'Bench', ?2, 1, 1)",
            [&workspace, &user],
        )
        .expect("reference workspace");
        for i in 0..THREADS {
            conn.execute(
                "INSERT INTO threads (id, workspace_id, title, created_at, updated_at) VALUES (?1, ?2, ?3, 1, 1)",
                params![uuid::Uuid::now_v7().to_string(), workspace, format!("Thread {i}")],
            )
            .expect("reference thread");
        }
        drop(conn);
        Self::open(path)
    }

    /// The file at `path`, with the store's pragmas.
    pub fn open(path: &Path) -> Self {
        let conn = Connection::open(path).expect("open the plain file");
        conn.pragma_update(None, "foreign_keys", true).expect("foreign_keys");
        conn.busy_timeout(Duration::from_millis(5000)).expect("busy_timeout");
        conn.pragma_update_and_check(None, "journal_mode", "WAL", |_| Ok(())).expect("journal_mode");
        conn.pragma_update(None, "synchronous", "NORMAL").expect("synchronous");
        Self { conn, threads: thread_ids(path) }
    }

    /// Appends `batch` in one IMMEDIATE transaction, as the store does.
    pub fn append(&mut self, batch: &[Draft]) -> usize {
        let tx = self.conn.transaction_with_behavior(TransactionBehavior::Immediate).expect("begin");
        {
            let mut insert = tx.prepare_cached(INSERT).expect("prepare the insert");
            for draft in batch {
                let id = uuid::Uuid::now_v7();
                let (secs, nanos) = id.get_timestamp().expect("a v7 id has a time").to_unix();
                let millis = secs as i64 * 1000 + i64::from(nanos / 1_000_000);
                let role = if draft.role == MessageRole::User { "user" } else { "assistant" };
                insert
                    .execute(params![id.to_string(), self.threads[draft.thread], role, draft.text, millis])
                    .expect("insert");
            }
        }
        tx.commit().expect("commit");
        batch.len()
    }

    /// The store's search query before this version, run by hand on the expression the
    /// store would make: every match ranked and joined. The hits' contents.
    pub fn search(&self, expression: &str) -> Vec<String> {
        let sql = format!(
            "SELECT {COLUMNS}, t.workspace_id,
                    snippet(messages_fts, 0, '[', ']', '…', 16), bm25(messages_fts) AS rank
             FROM messages_fts JOIN messages m ON m.seq = messages_fts.rowid
                  JOIN threads t ON t.id = m.thread_id JOIN workspaces w ON w.id = t.workspace_id
             WHERE messages_fts MATCH ?1 AND {LIVE}
               AND (?2 IS NULL OR t.workspace_id = ?2) AND (?3 IS NULL OR m.thread_id = ?3)
             ORDER BY rank, m.created_at DESC, m.id DESC LIMIT ?4"
        );
        let mut stmt = self.conn.prepare_cached(&sql).expect("prepare the search");
        let hits = stmt
            .query_map(params![expression, None::<String>, None::<String>, HITS], |r| {
                Ok((row(r)?, r.get::<_, String>(11)?, r.get::<_, String>(12)?, r.get::<_, f64>(13)?))
            })
            .expect("search");
        let hits = hits.collect::<rusqlite::Result<Vec<_>>>().expect("read the hits");
        hits.into_iter().map(|(row, ..)| row.content).collect()
    }

    /// The store's list query for the first page.
    pub fn list(&self, thread: usize) -> usize {
        let sql = format!(
            "SELECT {COLUMNS} FROM messages m
             WHERE m.thread_id = ?1 AND m.deleted_at IS NULL AND (m.created_at, m.id) < (?2, ?3)
             ORDER BY m.created_at DESC, m.id DESC LIMIT ?4"
        );
        let mut stmt = self.conn.prepare_cached(&sql).expect("prepare the list");
        let rows = stmt.query_map(params![self.threads[thread], i64::MAX, "", PAGE], row).expect("list");
        rows.collect::<rusqlite::Result<Vec<_>>>().expect("read the rows").len()
    }
}

/// The ids of the threads in `path`, in creation order (UUIDv7 ids sort by time).
fn thread_ids(path: &Path) -> Vec<String> {
    let conn = Connection::open(path).expect("open to read thread ids");
    let mut stmt = conn.prepare("SELECT id FROM threads ORDER BY id").expect("prepare");
    let ids = stmt.query_map([], |r| r.get(0)).expect("read thread ids");
    ids.collect::<rusqlite::Result<_>>().expect("read thread ids")
}

/// Time spent appending by the store and by each reference, and how many messages each wrote.
#[derive(Default)]
pub struct AppendTimes {
    pub store: Duration,
    pub plains: Vec<Duration>,
    pub messages: usize,
}

/// Appends `count` messages to the store and every reference in batches of [`BATCH`],
/// interleaved batch by batch (rotating which side goes first) so all see the same machine
/// noise. Only the append calls are timed, not making the texts.
pub fn append_all(
    store: &StoreSide,
    plains: &mut [&mut PlainSide],
    workload: &mut Workload,
    count: usize,
) -> AppendTimes {
    let mut times = AppendTimes { plains: vec![Duration::ZERO; plains.len()], ..AppendTimes::default() };
    let mut batch_index = 0;
    while times.messages < count {
        let batch = workload.batch(BATCH.min(count - times.messages));
        let new_messages = store.new_messages(&batch);
        let sides = plains.len() + 1;
        for turn in 0..sides {
            let side = (turn + batch_index) % sides;
            let start = Instant::now();
            if side == plains.len() {
                assert_eq!(store.append(&new_messages), batch.len());
                times.store += start.elapsed();
            } else {
                plains[side].append(&batch);
                times.plains[side] += start.elapsed();
            }
        }
        times.messages += batch.len();
        batch_index += 1;
        if count >= 100_000 && times.messages % (count / 10) < BATCH {
            let plain: Vec<String> = times.plains.iter().map(|t| format!("{:.0} s", t.as_secs_f64())).collect();
            eprintln!(
                "  {} messages: store {:.0} s, references {} so far",
                times.messages,
                times.store.as_secs_f64(),
                plain.join(", ")
            );
        }
    }
    times
}

/// `target/bench-fixtures` (or under `CARGO_TARGET_DIR`).
pub fn fixtures_root() -> PathBuf {
    let target = std::env::var_os("CARGO_TARGET_DIR")
        .map(PathBuf::from)
        .unwrap_or_else(|| Path::new(env!("CARGO_MANIFEST_DIR")).join("../target"));
    target.join("bench-fixtures")
}

/// Where the fixtures of `count` messages are cached: keyed by schema version, workload
/// version and size, so a schema change rebuilds them.
pub fn fixture_dir(count: usize) -> PathBuf {
    fixtures_root().join(format!("schema{SCHEMA_VERSION}-workload{GENERATOR}-{count}msgs-{THREADS}threads"))
}

/// The two fixture files of a cached set: the store's and the reference's.
pub struct Fixtures {
    pub store: PathBuf,
    pub plain: PathBuf,
}

impl Fixtures {
    fn in_dir(dir: &Path) -> Self {
        Self { store: dir.join("store.db"), plain: dir.join("plain.db") }
    }

    /// The cached fixtures of `count` messages, if a complete set exists.
    pub fn cached(count: usize) -> Option<Self> {
        let dir = fixture_dir(count);
        dir.join("complete").exists().then(|| Self::in_dir(&dir))
    }

    /// Makes `dir`'s two files (closed, WAL checkpointed) the cached set for `count` messages.
    pub fn keep(dir: &Path, count: usize) -> Self {
        let target = fixture_dir(count);
        if target.exists() {
            std::fs::remove_dir_all(&target).expect("remove the old fixtures");
        }
        std::fs::create_dir_all(&target).expect("create the fixture directory");
        let from = Self::in_dir(dir);
        let to = Self::in_dir(&target);
        std::fs::rename(&from.store, &to.store).expect("keep the store fixture");
        std::fs::rename(&from.plain, &to.plain).expect("keep the plain fixture");
        std::fs::write(target.join("complete"), "").expect("mark the fixtures complete");
        to
    }

    /// The cached fixtures of `count` messages, built (and timed, and reported on stderr)
    /// if missing.
    pub fn load_or_build(count: usize) -> Self {
        if let Some(fixtures) = Self::cached(count) {
            return fixtures;
        }
        eprintln!("building fixtures of {count} messages in {}", fixture_dir(count).display());
        let work = scratch_dir();
        let paths = Self::in_dir(work.path());
        let store = StoreSide::create(&paths.store);
        let mut plain = PlainSide::create(&paths.plain, Reference::RowTrigger);
        let times = append_all(&store, &mut [&mut plain], &mut Workload::new(1), count);
        eprintln!(
            "built: store {:.1} s, plain {:.1} s for {} messages",
            times.store.as_secs_f64(),
            times.plains[0].as_secs_f64(),
            times.messages
        );
        close(store, plain);
        Self::keep(work.path(), count)
    }
}

/// Closes both sides, so their WAL is checkpointed into the file and removed.
pub fn close(store: StoreSide, plain: PlainSide) {
    store.store.close().expect("close the store");
    plain.conn.close().map_err(|(_, e)| e).expect("close the plain file");
}

/// A fresh directory on the same disk as the fixtures (not a RAM-backed /tmp), removed when
/// dropped.
pub fn scratch_dir() -> tempfile::TempDir {
    let root = fixtures_root();
    std::fs::create_dir_all(&root).expect("create target/bench-fixtures");
    tempfile::Builder::new().prefix("run-").tempdir_in(root).expect("create a scratch directory")
}

/// The nearest-rank percentile `p` (0 to 100) of `sorted`.
pub fn percentile(sorted: &[Duration], p: f64) -> Duration {
    let rank = ((p / 100.0) * sorted.len() as f64).ceil() as usize;
    sorted[rank.clamp(1, sorted.len()) - 1]
}

/// How a goal came out, for the tables.
pub fn verdict(met: bool) -> &'static str {
    if met { "met" } else { "**missed**" }
}

/// `1234567.8` as `1,234,568`.
pub fn thousands(value: f64) -> String {
    let digits = format!("{value:.0}");
    let mut out = String::new();
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i) % 3 == 0 {
            out.push(',');
        }
        out.push(c);
    }
    out
}
