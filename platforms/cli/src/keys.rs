//! The keys `ustore` opens and converts encrypted stores with: 32 raw bytes from a file, or a
//! passphrase from the environment (never from the command line, where `ps` and the shell
//! history would show it).

use indicatif::{ProgressBar, ProgressStyle};
use std::io::Read;
use std::path::Path;
use unified_store::{StoreError, StoreKey};

/// Bytes in a raw key.
const KEY_LEN: usize = 32;

/// The variable holding the passphrase a store opens with.
pub const PASSPHRASE: &str = "USTORE_PASSPHRASE";
/// The variable holding the new passphrase of `encrypt` and `change-passphrase`.
pub const NEW_PASSPHRASE: &str = "USTORE_NEW_PASSPHRASE";

/// The key in `file` if given, else the passphrase in `variable` if set, else none.
pub fn from(file: Option<&Path>, variable: &str) -> Result<Option<StoreKey>, StoreError> {
    if let Some(file) = file {
        // At most one byte past a key: `/dev/zero` or a huge file is refused, not read whole.
        let mut bytes = Vec::with_capacity(KEY_LEN + 1);
        std::fs::File::open(file)
            .and_then(|opened| opened.take(KEY_LEN as u64 + 1).read_to_end(&mut bytes))
            .map_err(|error| invalid(format!("cannot read {}: {error}", file.display())))?;
        if bytes.len() > KEY_LEN {
            return Err(invalid(format!("{} holds more than a {KEY_LEN}-byte key", file.display())));
        }
        return Ok(Some(StoreKey::Raw { bytes }));
    }
    match std::env::var(variable) {
        Ok(passphrase) => Ok(Some(StoreKey::Passphrase { passphrase })),
        Err(std::env::VarError::NotPresent) => Ok(None),
        Err(std::env::VarError::NotUnicode(_)) => Err(invalid(format!("{variable} is not valid UTF-8"))),
    }
}

/// [`from`] for a key that must be given.
pub fn required(file: Option<&Path>, variable: &str, flag: &str) -> Result<StoreKey, StoreError> {
    from(file, variable)?.ok_or_else(|| invalid(format!("give the key with {flag} FILE (32 raw bytes) or {variable}")))
}

fn invalid(reason: String) -> StoreError {
    StoreError::InvalidInput { field: "key".into(), reason }
}

/// A progress bar on stderr for a long call (hidden when stderr is not a terminal), and the
/// callback that moves it.
pub fn progress_bar(what: &str) -> ProgressBar {
    let bar = ProgressBar::new(0);
    bar.set_style(
        ProgressStyle::with_template("{msg} [{bar:40}] {pos}/{len} pages ({eta})")
            .unwrap_or_else(|_| ProgressStyle::default_bar())
            .progress_chars("=> "),
    );
    bar.set_message(what.to_owned());
    bar
}
