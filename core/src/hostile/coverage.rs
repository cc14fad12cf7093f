//! The hostile suite's list of calls against the source: every `pub fn` of every handle the
//! store hands out (an `impl Store` accessor returning it) must be in `calls::all()`, so a
//! new method cannot go untested.

use std::collections::BTreeSet;
use std::path::Path;
use syn::{ImplItem, Item, ReturnType, Type, Visibility};

/// The handles `Store` hands out, from every `impl Store` block in `files` (each
/// handle's accessor lives beside it): `(accessor, type)`, such as `("users", "Users")`.
fn handles(files: &[syn::File], found: &mut Vec<(String, String)>) {
    for file in files {
        for item in &file.items {
            let Item::Impl(block) = item else { continue };
            let Type::Path(ty) = block.self_ty.as_ref() else { continue };
            if block.trait_.is_some() || ty.path.segments.last().is_none_or(|last| last.ident != "Store") {
                continue;
            }
            for member in &block.items {
                let ImplItem::Fn(function) = member else { continue };
                let only_self = function.sig.inputs.len() == 1 && function.sig.receiver().is_some();
                if let (true, ReturnType::Type(_, ty)) = (only_self, &function.sig.output)
                    && let Type::Path(path) = ty.as_ref()
                    && let Some(last) = path.path.segments.last()
                    && last.arguments.is_empty()
                    && last.ident != "Store"
                    // A handle is a type of ours (`Users`), not a value (`bool`, `u32`).
                    && last.ident.to_string().starts_with(char::is_uppercase)
                {
                    found.push((function.sig.ident.to_string(), last.ident.to_string()));
                }
            }
        }
    }
}

/// Every `.rs` file under `dir`.
fn rust_files(dir: &Path) -> Vec<std::path::PathBuf> {
    let mut files = Vec::new();
    for entry in std::fs::read_dir(dir).unwrap_or_else(|error| panic!("{}: {error}", dir.display())) {
        let path = entry.map(|entry| entry.path()).unwrap_or_else(|error| panic!("{error}"));
        if path.is_dir() {
            files.extend(rust_files(&path));
        } else if path.extension().is_some_and(|ext| ext == "rs") {
            files.push(path);
        }
    }
    files
}

/// The public methods of type `name` anywhere in `files`.
fn public_methods(files: &[syn::File], name: &str, found: &mut BTreeSet<String>) {
    for file in files {
        for item in &file.items {
            let Item::Impl(block) = item else { continue };
            let Type::Path(ty) = block.self_ty.as_ref() else { continue };
            if block.trait_.is_some() || ty.path.segments.last().is_none_or(|last| last.ident != name) {
                continue;
            }
            for member in &block.items {
                if let ImplItem::Fn(function) = member
                    && matches!(function.vis, Visibility::Public(_))
                {
                    found.insert(function.sig.ident.to_string());
                }
            }
        }
    }
}

fn parse(path: &Path) -> syn::File {
    let text = std::fs::read_to_string(path).unwrap_or_else(|error| panic!("{}: {error}", path.display()));
    syn::parse_file(&text).unwrap_or_else(|error| panic!("{}: {error}", path.display()))
}

#[test]
fn every_public_method_of_every_handle_is_in_the_hostile_suite() {
    let source = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    let listed: BTreeSet<String> = super::calls::all().iter().map(super::Call::name).collect();
    let files: Vec<syn::File> = rust_files(&source).iter().map(|path| parse(path)).collect();
    let mut handles = Vec::new();
    super::coverage::handles(&files, &mut handles);
    assert!(handles.len() >= 19, "the store hands out {} handles; the parse missed some", handles.len());
    let mut missing = Vec::new();
    for (accessor, ty) in handles {
        let mut methods = BTreeSet::new();
        public_methods(&files, &ty, &mut methods);
        assert!(!methods.is_empty(), "no public methods found for {ty}");
        missing.extend(
            methods.into_iter().map(|method| format!("{accessor}.{method}")).filter(|call| !listed.contains(call)),
        );
    }
    assert!(missing.is_empty(), "add these to hostile/calls.rs: {missing:?}");
}
