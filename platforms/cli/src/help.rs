//! Shell completions and man pages, generated from the clap definitions in main.rs, so they
//! list exactly the commands and options `ustore` has. Neither opens a store.

use clap::Subcommand;
use clap_complete::Shell;
use std::io::Write as _;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

/// The commands that describe `ustore` itself.
#[derive(Subcommand)]
pub enum Command {
    /// Print the shell completion script for SHELL to stdout.
    ///
    /// For example `ustore completions bash > ~/.local/share/bash-completion/completions/ustore`,
    /// `ustore completions zsh > "${fpath[1]}/_ustore"`,
    /// `ustore completions fish > ~/.config/fish/completions/ustore.fish`.
    Completions { shell: Shell },
    /// Print the man page (roff) to stdout, or write one per command with --out-dir.
    ///
    /// `ustore man | man -l -` reads it; `ustore man --out-dir DIR` writes ustore.1 and
    /// ustore-<command>.1 for every command (ustore-search.1, …) into DIR.
    Man {
        #[arg(long, value_name = "DIR")]
        out_dir: Option<PathBuf>,
    },
}

impl Command {
    /// Runs the command for `cli`, the clap definition of the whole command line.
    pub fn run(self, mut cli: clap::Command) -> ExitCode {
        let written = match self {
            Command::Completions { shell } => {
                let mut script = Vec::new();
                clap_complete::generate(shell, &mut cli, "ustore", &mut script);
                to_stdout(&script);
                Ok(())
            }
            Command::Man { out_dir: None } => {
                let mut page = Vec::new();
                clap_mangen::Man::new(cli).render(&mut page).map(|()| to_stdout(&page))
            }
            // The OS error alone ("File exists") would not say which path it is about.
            Command::Man { out_dir: Some(dir) } => write_pages(cli, &dir)
                .map_err(|error| std::io::Error::new(error.kind(), format!("{}: {error}", dir.display()))),
        };
        match written {
            Ok(()) => ExitCode::SUCCESS,
            Err(error) => {
                crate::print::error(&format!("error: {error}"));
                ExitCode::FAILURE
            }
        }
    }
}

/// Writes `bytes` to stdout, ignoring a closed one (`ustore man | head`), as print.rs does.
fn to_stdout(bytes: &[u8]) {
    let _ = std::io::stdout().lock().write_all(bytes);
}

/// ustore.1 and ustore-<command>.1 for every command, into `dir` (made if missing).
fn write_pages(cli: clap::Command, dir: &Path) -> std::io::Result<()> {
    std::fs::create_dir_all(dir)?;
    clap_mangen::generate_to(cli, dir)?;
    to_stdout(format!("man pages written to {}\n", dir.display()).as_bytes());
    Ok(())
}
