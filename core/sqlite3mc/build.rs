//! Compiles the SQLite3 Multiple Ciphers amalgamation with the options libsqlite3-sys 0.40's
//! bundled build uses (its build.rs, `build_bundled`), so that SQLite behaves as before
//! encryption came in. Nothing is compiled for wasm: there sqlite-wasm-rs compiles the same
//! amalgamation (its `sqlite3mc` feature).

use std::env;

/// libsqlite3-sys's bundled flags, in its order.
const BUNDLED: &[&str] = &[
    "-DSQLITE_CORE",
    "-DSQLITE_DEFAULT_FOREIGN_KEYS=1",
    "-DSQLITE_ENABLE_API_ARMOR",
    "-DSQLITE_ENABLE_COLUMN_METADATA",
    "-DSQLITE_ENABLE_DBSTAT_VTAB",
    "-DSQLITE_ENABLE_FTS3",
    "-DSQLITE_ENABLE_FTS3_PARENTHESIS",
    "-DSQLITE_ENABLE_FTS5",
    "-DSQLITE_ENABLE_JSON1",
    "-DSQLITE_ENABLE_LOAD_EXTENSION=1",
    "-DSQLITE_ENABLE_RTREE",
    "-DSQLITE_ENABLE_STAT4",
    "-DSQLITE_SOUNDEX",
    "-DSQLITE_THREADSAFE=1",
    "-DSQLITE_USE_URI",
    "-DHAVE_USLEEP=1",
    "-DHAVE_ISNAN",
    "-D_POSIX_THREAD_SAFE_FUNCTIONS",
];

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let target_arch = env::var("CARGO_CFG_TARGET_ARCH")?;
    let target_os = env::var("CARGO_CFG_TARGET_OS")?;
    let target_family = env::var("CARGO_CFG_TARGET_FAMILY").unwrap_or_default();
    if target_family.split(',').any(|family| family == "wasm") {
        return Ok(());
    }
    let dir = sqlite3mc_src::source_dir();
    let source = dir.join(sqlite3mc_src::SOURCE_FILE);
    println!("cargo:rerun-if-changed={}", source.display());
    println!("cargo:include={}", dir.display());

    let mut build = cc::Build::new();
    build.file(&source).include(dir).warnings(false);
    for flag in BUNDLED {
        build.flag(flag);
    }
    if env::var("CARGO_CFG_WINDOWS").is_err() {
        build.flag("-DHAVE_LOCALTIME_R");
    }
    // SQLite3 Multiple Ciphers never encrypts temporary files (sorts, temporary tables and
    // indexes, a VACUUM's copy): keep them in memory. Android as libsqlite3-sys does it: always.
    build.flag(if target_os == "android" { "-DSQLITE_TEMP_STORE=3" } else { "-DSQLITE_TEMP_STORE=2" });
    // Its AES (sqlcipher, aes*cbc) and AEGIS code uses AES-NI and SSE4.2 intrinsics; every
    // x86_64 CPU of the last 14 years has them. On aarch64 its ARMv8 crypto code is compiled
    // per function (`target("+crypto")` attributes) and chosen at run time, so no global flag
    // is set there: `-march=armv8-a+crypto` would let the compiler use those instructions
    // anywhere, which crashes the few ARMv8 cores without the extension.
    if target_arch == "x86_64" {
        build.flag("-msse4.2").flag("-maes");
    }
    build.compile("sqlite3mc");
    Ok(())
}
