//! Lists the migration files of `migrations/` for `db.rs`, in the order of their numbers, so
//! adding a migration is adding its file.

use std::fmt::Write as _;
use std::path::PathBuf;

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let dir = PathBuf::from(std::env::var("CARGO_MANIFEST_DIR")?).join("../migrations").canonicalize()?;
    println!("cargo:rerun-if-changed={}", dir.display());
    let mut files: Vec<PathBuf> =
        std::fs::read_dir(&dir)?.map(|entry| entry.map(|entry| entry.path())).collect::<Result<_, _>>()?;
    files.retain(|path| path.extension().is_some_and(|ext| ext == "sql"));
    files.sort();
    let mut list = String::from("&[\n");
    for (index, file) in files.iter().enumerate() {
        let name = file.file_name().and_then(|name| name.to_str()).unwrap_or_default();
        let expected = format!("{:04}_", index + 1);
        if !name.starts_with(&expected) {
            return Err(format!("migrations/{name} is out of sequence: expected a name starting {expected}").into());
        }
        writeln!(list, "    include_str!({:?}),", file.display().to_string())?;
    }
    list.push(']');
    std::fs::write(PathBuf::from(std::env::var("OUT_DIR")?).join("migrations.rs"), list)?;
    Ok(())
}
