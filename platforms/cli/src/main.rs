//! `ustore`: a command-line tool over a unified-store database.

mod demo;
mod help;
mod import;
mod keys;
mod print;

use clap::{CommandFactory as _, Parser, Subcommand};
use std::path::{Path, PathBuf};
use std::process::ExitCode;
use unified_store::{
    ChatFormat, MaintenancePolicy, MessageRole, NewUser, NewWorkspace, OwnerKind, PageRequest, Progress, QuerySyntax,
    SearchQuery, Store, StoreConfig, StoreError, VectorFilter, VectorQuery,
};

/// Read and write a unified-store database from the command line.
#[derive(Parser)]
// `about` is the line above (also the man page's NAME line), not the package description.
#[command(name = "ustore", version, after_long_help = ESCAPES)]
struct Cli {
    /// The store file [default: the user's data directory/unified-store/store.db]
    #[arg(long, global = true, env = "USTORE_PATH")]
    store: Option<PathBuf>,
    /// Print JSON instead of text.
    #[arg(long, global = true)]
    json: bool,
    /// Open an encrypted store with the 32 raw bytes in this file (else with the passphrase
    /// in USTORE_PASSPHRASE, if set).
    #[arg(long, global = true)]
    key_file: Option<PathBuf>,
    #[command(subcommand)]
    command: TopCommand,
}

/// Commands on a store, then those about `ustore` itself (which open no store).
#[derive(Subcommand)]
enum TopCommand {
    #[command(flatten)]
    Store(Command),
    #[command(flatten)]
    About(help::Command),
}

/// What print.rs does with text that could drive a terminal, for `--help`.
const ESCAPES: &str = "On a terminal, control and bidi characters in what ustore prints are shown as \
    escapes such as \\u001b; piped, text is printed as stored. JSON has them escaped either way.";

#[derive(Subcommand)]
enum Command {
    /// Write a sample workspace (once per store) and search it.
    Demo,
    /// Where the store is and which schema version it has.
    Info,
    /// List workspaces, newest first.
    Workspaces {
        #[arg(long, default_value_t = 20)]
        limit: u32,
    },
    /// Create a workspace owned by a user.
    NewWorkspace {
        name: String,
        /// The id of the owning user (see `new-user`).
        #[arg(long)]
        owner: String,
    },
    /// Create a user.
    NewUser { email: String, display_name: String },
    /// List the threads of a workspace, newest first.
    Threads {
        workspace_id: String,
        #[arg(long, default_value_t = 20)]
        limit: u32,
    },
    /// Create a thread in a workspace.
    NewThread { workspace_id: String, title: String },
    /// List the messages of a thread, newest first.
    Messages {
        thread_id: String,
        #[arg(long, default_value_t = 20)]
        limit: u32,
    },
    /// Append a message to a thread.
    Append {
        thread_id: String,
        content: String,
        #[arg(long, default_value = "user")]
        role: MessageRole,
    },
    /// Full-text search over messages, best first.
    Search {
        text: String,
        #[arg(long)]
        workspace: Option<String>,
        #[arg(long)]
        thread: Option<String>,
        #[arg(long, default_value_t = 10)]
        limit: u32,
        /// Read the text as SQLite FTS5 syntax (phrases, OR, NOT, NEAR) instead of plain words.
        #[arg(long)]
        fts5: bool,
    },
    /// Encrypt a plaintext store in place, under the key in --new-key-file or the passphrase
    /// in USTORE_NEW_PASSPHRASE.
    Encrypt {
        #[arg(long)]
        new_key_file: Option<PathBuf>,
    },
    /// Rewrite an encrypted store under a fresh data key (its own key stays the same).
    Rekey,
    /// Give an encrypted store a new key (--new-key-file) or passphrase
    /// (USTORE_NEW_PASSPHRASE); nothing but its key file is rewritten.
    ChangePassphrase {
        #[arg(long)]
        new_key_file: Option<PathBuf>,
    },
    /// Decrypt an encrypted store in place and delete its key file.
    Decrypt,
    /// What the store holds per category against its quota, and its files on disk.
    Stats {
        /// Count every row again first (reads the whole store) and measure index overhead.
        #[arg(long)]
        recount: bool,
    },
    /// Run a maintenance pass: archive quiet threads (never pinned ones), evict the local
    /// bytes of archived threads' attachments kept elsewhere, drop archived vectors, give
    /// space back; prints what each step freed.
    Maintain {
        /// Archive threads with no message for this many days (0: archive none).
        #[arg(long, default_value_t = 180)]
        archive_after_days: u32,
        /// Keep archived threads' attachment bytes.
        #[arg(long)]
        no_evict: bool,
        /// Keep archived threads' vectors.
        #[arg(long)]
        keep_vectors: bool,
        /// Do not checkpoint or vacuum.
        #[arg(long)]
        no_reclaim: bool,
    },
    /// Write everything USER owns to a new zip at PATH (GDPR export; the layout is in
    /// docs/data-model.md, "Export"). PATH must not exist.
    Export { user: String, path: PathBuf },
    /// Erase USER's personal data for good (GDPR erasure: what goes and what stays is in
    /// docs/data-model.md, "Erasure"), leaving no trace in the store's files.
    Erase { user: String },
    /// Collections of embedding vectors: model, dimensions, count, memory.
    Collections,
    /// Messages, documents or attachments nearest in meaning to one that has a vector: its
    /// vector in COLLECTION and MODEL is the query.
    Similar {
        kind: OwnerKind,
        id: String,
        #[arg(long, default_value = "messages")]
        collection: String,
        #[arg(long)]
        model: String,
        #[arg(long, default_value_t = 10)]
        limit: u32,
        #[arg(long)]
        workspace: Option<String>,
    },
    /// Owners that have no vector of MODEL in COLLECTION yet, or a stale one.
    Missing {
        kind: OwnerKind,
        #[arg(long, default_value = "messages")]
        collection: String,
        #[arg(long)]
        model: String,
        #[arg(long, default_value_t = 20)]
        limit: u32,
    },
    /// Build a collection's vector index now and save it in the store.
    Optimize {
        #[arg(long, default_value = "messages")]
        collection: String,
        #[arg(long)]
        model: String,
    },
    /// Import a chat history: the conversations.json of a ChatGPT or Claude data export, or
    /// the .zip as downloaded. Importing it again adds nothing; a newer export adds what is new.
    Import {
        format: Format,
        /// The export: conversations.json or the .zip.
        file: PathBuf,
        /// The workspace to import into [default: "ChatGPT import" or "Claude import", made on
        /// the first import and reused after].
        #[arg(long)]
        workspace: Option<String>,
    },
}

/// Which service an export comes from.
#[derive(Clone, Copy, clap::ValueEnum)]
enum Format {
    /// OpenAI's ChatGPT.
    Chatgpt,
    /// Anthropic's Claude.
    Claude,
}

/// The exit code clap gives a usage error.
const USAGE_ERROR: u8 = 2;

fn main() -> ExitCode {
    let Cli { store, json, key_file, command } = match Cli::try_parse() {
        Ok(cli) => cli,
        // A usage error echoes arguments, which may hold terminal controls: through print,
        // line by line as the message has its own line breaks (so one in an argument stays).
        Err(error) if error.use_stderr() => {
            error.render().to_string().lines().for_each(print::error);
            return ExitCode::from(USAGE_ERROR);
        }
        // --help and --version, on stdout.
        Err(help) => help.exit(),
    };
    let command = match command {
        TopCommand::Store(command) => command,
        TopCommand::About(about) => return about.run(Cli::command()),
    };
    let path = store.unwrap_or_else(default_store_path);
    // The store takes its path as text, and a lossy copy would name another file: refuse
    // before anything touches the file system.
    let Some(path) = path.to_str() else {
        print::error(&format!("error: the store path is not valid UTF-8: {}", path.display()));
        return ExitCode::from(USAGE_ERROR);
    };
    match run(command, json, path, key_file.as_deref()) {
        Ok(()) => ExitCode::SUCCESS,
        Err(error) => {
            print::error(&format!("error [{}]: {error}", error.code()));
            ExitCode::FAILURE
        }
    }
}

fn run(command: Command, json: bool, path: &str, key_file: Option<&Path>) -> Result<(), StoreError> {
    create_parent_dir(path)?;
    let key = keys::from(key_file, keys::PASSPHRASE)?;
    let store = Store::open(&StoreConfig { key, ..StoreConfig::file(path) })?;
    let out = print::Printer::new(json);
    match command {
        Command::Demo => demo::run(&store, path, &out)?,
        Command::Info => out.info(path, store.schema_version()?),
        Command::Workspaces { limit } => out.workspaces(&store.workspaces().list(&PageRequest::first(limit))?),
        Command::NewWorkspace { name, owner } => {
            out.created(store.workspaces().create(&NewWorkspace::for_user(name, owner))?, print::Printer::workspaces)
        }
        Command::NewUser { email, display_name } => {
            out.created(store.users().create(&NewUser::new(email, display_name))?, print::Printer::users)
        }
        Command::Threads { workspace_id, limit } => {
            out.threads(&store.threads().list(&workspace_id, &PageRequest::first(limit))?)
        }
        Command::NewThread { workspace_id, title } => {
            out.created(store.threads().create(&workspace_id, &title)?, print::Printer::threads)
        }
        Command::Messages { thread_id, limit } => {
            out.messages(&store.messages().list(&thread_id, &PageRequest::first(limit))?)
        }
        Command::Append { thread_id, content, role } => {
            out.created(store.messages().append(&thread_id, role, &content)?, print::Printer::messages)
        }
        Command::Search { text, workspace, thread, limit, fts5 } => {
            let syntax = if fts5 { QuerySyntax::Fts5 } else { QuerySyntax::Plain };
            let query = SearchQuery { text, syntax, workspace_id: workspace, thread_id: thread, limit };
            out.hits(&store.messages().search(&query)?)
        }
        Command::Encrypt { new_key_file } => {
            let key = keys::required(new_key_file.as_deref(), keys::NEW_PASSPHRASE, "--new-key-file")?;
            with_bar("encrypting", |progress| store.encrypt_in_place(&key, None, progress))?
        }
        Command::Rekey => with_bar("rekeying", |progress| store.rekey(progress))?,
        Command::ChangePassphrase { new_key_file } => {
            let key = keys::required(new_key_file.as_deref(), keys::NEW_PASSPHRASE, "--new-key-file")?;
            store.change_key(&key, None)?
        }
        Command::Decrypt => with_bar("decrypting", |progress| store.decrypt_in_place(progress))?,
        Command::Stats { recount } => {
            out.stats(&if recount { store.storage().recount()? } else { store.storage().stats()? })
        }
        Command::Maintain { archive_after_days, no_evict, keep_vectors, no_reclaim } => {
            let policy = MaintenancePolicy {
                archive_after_days,
                evict_attachments: !no_evict,
                drop_archived_vectors: !keep_vectors,
                reclaim_space: !no_reclaim,
                ..MaintenancePolicy::default()
            };
            let mut report = None;
            with_bar("maintaining", |progress| {
                report = Some(store.storage().maintain(&policy, progress)?);
                Ok(())
            })?;
            if let Some(report) = report {
                out.maintenance(&report);
            }
        }
        Command::Export { user, path } => {
            let path = path
                .to_str()
                .ok_or_else(|| StoreError::InvalidInput { field: "path".into(), reason: "is not UTF-8".into() })?;
            let mut export = None;
            with_bar("exporting", |progress| {
                export = Some(store.users().export_user_data(&user, path, progress)?);
                Ok(())
            })?;
            if let Some(export) = export {
                out.export(&export);
            }
        }
        Command::Erase { user } => out.erasure(&store.users().erase_user_data(&user)?),
        Command::Collections => out.collections(&store.embeddings().collections()?),
        Command::Similar { kind, id, collection, model, limit, workspace } => {
            let vector = store.embeddings().get(kind, &id, &collection, &model)?.vector;
            let filter = VectorFilter { workspace_id: workspace, ..VectorFilter::default() };
            let query = VectorQuery { filter, ..VectorQuery::new(collection, model, vector, limit) };
            out.vector_hits(&store.embeddings().search(&query)?)
        }
        Command::Missing { kind, collection, model, limit } => {
            out.missing(&store.embeddings().missing(&collection, &model, kind, &PageRequest::first(limit))?)
        }
        Command::Optimize { collection, model } => {
            let mut info = None;
            with_bar("indexing", |progress| {
                info = Some(store.embeddings().optimize(&collection, &model, progress)?);
                Ok(())
            })?;
            out.collections(&info.into_iter().collect::<Vec<_>>())
        }
        Command::Import { format, file, workspace } => {
            let format = match format {
                Format::Chatgpt => ChatFormat::ChatGpt,
                Format::Claude => ChatFormat::Claude,
            };
            let file = file.to_str().ok_or_else(|| StoreError::InvalidInput {
                field: "file".into(),
                reason: "the path is not valid UTF-8".into(),
            })?;
            import::run(&store, format, file, workspace, &out)?
        }
    }
    store.close()
}

/// Runs a long call with a progress bar on stderr.
fn with_bar(what: &str, call: impl FnOnce(&dyn Progress) -> Result<(), StoreError>) -> Result<(), StoreError> {
    let bar = keys::progress_bar(what);
    let progress = |done: u64, total: u64| {
        bar.set_length(total);
        bar.set_position(done);
        true
    };
    let result = call(&progress);
    bar.finish_and_clear();
    result
}

/// Creates the directories a store file goes in. Not for `:memory:` or a `file:` URI: SQLite
/// reads those as names, not paths, so a directory made for one would be a stray.
fn create_parent_dir(path: &str) -> Result<(), StoreError> {
    if path == ":memory:" || path.starts_with("file:") {
        return Ok(());
    }
    if let Some(dir) = Path::new(path).parent().filter(|dir| !dir.as_os_str().is_empty()) {
        std::fs::create_dir_all(dir)
            .map_err(|e| StoreError::Storage { reason: format!("cannot create {}: {e}", dir.display()) })?;
    }
    Ok(())
}

/// `<data dir>/unified-store/store.db`: `~/.local/share` on Linux, `~/Library/Application
/// Support` on macOS, `%APPDATA%` on Windows; the working directory if there is none.
fn default_store_path() -> PathBuf {
    dirs::data_dir().map(|dir| dir.join("unified-store")).unwrap_or_default().join("store.db")
}
