//! Lays out the release server's machine code so that the functions a
//! running server executes sit together at its start (`link-order.txt`,
//! recorded by `bench/link_order.sh`).
//!
//! The kernel maps a binary's code in 64 KiB around each page first run,
//! and the functions a request runs are otherwise strewn over all 25 MB of
//! it: an idle server kept 16 MiB of code mapped, of which it had run about
//! 5. Placed together they take 5.4 MiB (BENCHMARKS.md). The order changes
//! no code, only where it lies; a line that names nothing matches nothing.
//!
//! Each line becomes patterns of a linker script that adds a `.text.hot`
//! section before `.text` (`INSERT BEFORE`, so the linker's own layout
//! stays as it is otherwise). A symbol's hash follows the feature set its
//! crate is built with, so each line is matched twice: as it is, which
//! takes exactly the functions recorded when the binary is built as the
//! bench builds it (`--bin traffpunkt --example smtp_sink`), then without
//! its hash, which after those takes every instance of a generic function
//! of that name, so a build with other features still finds most of what
//! it runs in the one stretch. Only for release builds on x86-64 Linux,
//! whose linker (rust-lld, or GNU ld) reads such scripts.

use std::collections::HashSet;
use std::fmt::Write as _;
use std::path::PathBuf;
use std::{env, fs};

fn main() {
    println!("cargo:rerun-if-changed=build.rs");
    println!("cargo:rerun-if-changed=link-order.txt");
    let release = env::var("PROFILE").is_ok_and(|profile| profile == "release");
    let linux = env::var("TARGET").is_ok_and(|target| target == "x86_64-unknown-linux-gnu");
    if !(release && linux) {
        return;
    }
    let (Ok(manifest), Ok(out)) = (env::var("CARGO_MANIFEST_DIR"), env::var("OUT_DIR")) else {
        return;
    };
    let Ok(order) = fs::read_to_string(PathBuf::from(manifest).join("link-order.txt")) else {
        println!("cargo:warning=link-order.txt is missing: the code keeps the linker's layout");
        return;
    };
    let symbols: Vec<&str> = order
        .lines()
        .map(str::trim)
        .filter(|line| !line.is_empty() && !line.starts_with('#'))
        .collect();
    for symbol in &symbols {
        // A character a pattern would read as more than itself (the
        // recorder writes none) would make the script mean something else.
        if !symbol
            .bytes()
            .all(|byte| byte.is_ascii_alphanumeric() || b"_.$".contains(&byte))
        {
            panic!("link-order.txt: {symbol:?} is not a symbol name");
        }
    }
    let mut seen = HashSet::new();
    let patterns = symbols
        .iter()
        .copied()
        .chain(symbols.iter().filter_map(|symbol| without_hash(symbol)))
        .filter(|pattern| seen.insert(*pattern));
    let mut script = String::from("SECTIONS {\n  .text.hot : {\n");
    for pattern in patterns {
        // Cold-marked functions (growing a vector, say) live in
        // `.text.unlikely.` sections.
        let _ = writeln!(script, "    *(.text.{pattern}* .text.unlikely.{pattern}*)");
    }
    script.push_str("  }\n} INSERT BEFORE .text;\n");
    let path = PathBuf::from(out).join("link-order.ld");
    if let Err(error) = fs::write(&path, script) {
        panic!("cannot write {}: {error}", path.display());
    }
    println!("cargo:rustc-link-arg-bins=-Wl,-T,{}", path.display());
}

/// A legacy-mangled symbol without its hash (`…17h` + 16 hex digits + `E`
/// becomes `…17h`); `None` for other symbols.
fn without_hash(symbol: &str) -> Option<&str> {
    if !symbol.starts_with("_ZN") {
        return None;
    }
    let (name, hash) = symbol.split_at_checked(symbol.len().checked_sub(17)?)?;
    let digits = hash.strip_suffix('E')?;
    (name.ends_with("17h") && digits.bytes().all(|byte| byte.is_ascii_hexdigit())).then_some(name)
}
