//! The hostile suite: every public call of every handle ([`calls`]), each argument in turn fed
//! a catalogue of hostile values ([`values`], with the edges of the rule its column declares),
//! the other arguments valid ([`world`]). For every case:
//! - the call succeeds, or fails with a typed error: `InvalidInput` naming the argument (or
//!   the record holding it), `NotFound`, `Conflict`; never `Storage`, never a panic;
//! - a value the column's rule refuses is refused, with `InvalidInput` naming it;
//! - the error's text is short, whatever the input's size;
//! - a failed call leaves every table as it was, byte for byte (so does every read);
//! - after a call that wrote, every read call still answers without a `Storage` error.
//!
//! `coverage.rs` fails when a public method is missing from [`calls::all`].

// A test fails loudly.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

mod calls;
mod coverage;
mod values;
mod world;

use crate::schema::rules::Text;
use crate::schema::{Column, Kind};
use crate::{Store, StoreError};
use calls::{Args, Call};
use rusqlite::types::ValueRef;
use serde_json::{Map, Value};
use std::collections::BTreeMap;
use std::hash::{DefaultHasher, Hash, Hasher};
use values::Hostile;
use world::{Template, World};

/// Where a hostile value goes: a parameter, or a field inside it.
struct Case {
    /// Names from the parameter down to the field, for messages and for which fields an
    /// `InvalidInput` may name.
    path: Vec<String>,
    value: Hostile,
    /// The column whose rule the value is checked against, if the field is one.
    column: Option<&'static Column>,
}

impl Case {
    /// The call's valid arguments in `world`, with this case's value in its place.
    fn arguments(&self, world: &World, call: &Call) -> Map<String, Value> {
        let mut arguments = valid(world, call);
        set(&mut arguments, &self.path, (*self.value.value).clone());
        arguments
    }
}

/// The valid arguments of `call` in `world`.
fn valid(world: &World, call: &Call) -> Map<String, Value> {
    call.params.iter().map(|param| ((*param).to_owned(), world.baseline(call.handle, call.method, param))).collect()
}

#[derive(Default)]
struct Tally {
    run: usize,
    unrepresentable: usize,
    outcomes: BTreeMap<&'static str, usize>,
    failures: Vec<String>,
}

#[test]
fn every_call_refuses_hostile_input_with_a_typed_error() {
    let calls = calls::all();
    let mut template = Template::new().unwrap_or_else(|error| panic!("the world could not be built: {error}"));
    let mut world = template.world().unwrap_or_else(|error| panic!("the world could not be copied: {error}"));
    let mut tally = Tally::default();
    // Every world is a copy of one file: the same records, ids and rows.
    let before = fingerprint(&world.store);
    for call in &calls {
        for case in cases(&world, call) {
            let Some(outcome) = (call.run)(&world.store, Args(&case.arguments(&world, call))) else {
                tally.unrepresentable += 1;
                continue;
            };
            tally.run += 1;
            let what = format!("{} {} = {}", call.name(), case.path.join("."), case.value.label);
            *tally.outcomes.entry(outcome.as_ref().map_or_else(StoreError::code, |_| "ok")).or_default() += 1;
            if let Err(problem) = judge(&case, &outcome) {
                tally.failures.push(format!("{what}: {problem}"));
            }
            let changed = fingerprint(&world.store) != before;
            match &outcome {
                Err(_) if changed => tally.failures.push(format!("{what}: a refused call changed the store")),
                Ok(()) if call.reads() && changed => tally.failures.push(format!("{what}: a read changed the store")),
                Ok(()) if !call.reads() => {
                    for problem in reads_still_answer(&calls, &world) {
                        tally.failures.push(format!("after {what}: {problem}"));
                    }
                    world = template.world().unwrap_or_else(|error| panic!("the world could not be copied: {error}"));
                }
                _ => {}
            }
        }
    }
    println!(
        "hostile suite: {} calls, {} call × value cases run ({} values no Rust type of theirs can hold), outcomes {:?}",
        calls.len(),
        tally.run,
        tally.unrepresentable,
        tally.outcomes
    );
    assert!(tally.run > 5_000, "the catalogue shrank: only {} cases ran", tally.run);
    assert!(tally.failures.is_empty(), "{} failures:\n{}", tally.failures.len(), tally.failures.join("\n"));
}

/// Every case of `call`: each parameter, and each field of a record parameter (one level
/// into nested records and into a list's first item), fed every hostile value of its kind.
fn cases(world: &World, call: &Call) -> Vec<Case> {
    let valid = valid(world, call);
    let mut all = Vec::new();
    for param in call.params {
        let path = vec![(*param).to_owned()];
        let baseline = valid.get(*param).cloned().unwrap_or(Value::Null);
        for (path, value) in fields(path, &baseline) {
            let column = column_of(call, &path);
            for hostile in hostile_values(world, &path, &value, column) {
                all.push(Case { path: path.clone(), value: hostile, column });
            }
        }
    }
    all
}

/// `value` at `path` and every field inside it worth feeding: record fields, nested record
/// fields, the first item of a list and its fields.
fn fields(path: Vec<String>, value: &Value) -> Vec<(Vec<String>, Value)> {
    let mut all = vec![(path.clone(), value.clone())];
    match value {
        Value::Object(map) => {
            for (key, field) in map {
                let mut inner = path.clone();
                inner.push(key.clone());
                if path.len() < 3 {
                    all.extend(fields(inner, field));
                } else {
                    all.push((inner, field.clone()));
                }
            }
        }
        Value::Array(items) if path.len() < 3 => {
            if let Some(first) = items.first() {
                let mut inner = path.clone();
                inner.push("0".into());
                all.extend(fields(inner, first).into_iter().skip(1));
            }
        }
        _ => {}
    }
    all
}

/// The hostile values for the field at `path`, valid as `value`.
fn hostile_values(world: &World, path: &[String], value: &Value, column: Option<&Column>) -> Vec<Hostile> {
    let name = path.last().map(String::as_str).unwrap_or_default();
    let id_like = name == "id" || name.ends_with("_id") || name == "after";
    let mut all = Vec::new();
    match value {
        Value::String(text) => {
            all.extend(values::texts());
            if id_like {
                all.extend(values::ids(text, &world.ids()));
            }
        }
        Value::Number(_) => all.extend(values::numbers()),
        // An optional field left out: it may hold either.
        Value::Null => {
            all.extend(values::texts());
            all.extend(values::numbers());
        }
        Value::Array(items) => all.extend(values::arrays(items.first().unwrap_or(&Value::Null))),
        Value::Object(_) => all.push(values_null()),
        Value::Bool(_) => {}
    }
    if let Some(rule) = column.and_then(|column| match column.kind {
        Kind::Text(rule) => Some(rule),
        _ => None,
    }) {
        all.extend(values::edges(&rule));
    }
    if !value.is_null() && path.len() > 1 {
        all.push(values_null());
    }
    all
}

fn values_null() -> Hostile {
    Hostile { label: "null".into(), value: std::sync::Arc::new(Value::Null) }
}

/// Puts `value` at `path` in `arguments`; false when the path does not exist.
fn set(arguments: &mut Map<String, Value>, path: &[String], value: Value) -> bool {
    let Some((first, rest)) = path.split_first() else { return false };
    let Some(mut slot) = arguments.get_mut(first) else { return false };
    for key in rest {
        slot = match slot {
            Value::Object(map) => match map.get_mut(key) {
                Some(inner) => inner,
                None => return false,
            },
            Value::Array(items) => match key.parse::<usize>().ok().and_then(|index| items.get_mut(index)) {
                Some(inner) => inner,
                None => return false,
            },
            _ => return false,
        };
    }
    *slot = value;
    true
}

/// The tables a handle's calls write, for finding the column a field is.
fn tables_of(handle: &str) -> &'static [&'static str] {
    match handle {
        "users" => &["users"],
        "organizations" => &["organizations", "organization_members"],
        "devices" => &["devices"],
        "settings" => &["user_settings"],
        "workspaces" => &["workspaces", "workspace_members"],
        "projects" => &["projects"],
        "documents" => &["documents"],
        "threads" => &["threads"],
        "messages" => &["messages"],
        "attachments" => &["attachments"],
        "providers" => &["ai_provider_configs"],
        "interactions" => &["ai_interactions"],
        "flows" => &["orchestration_flows", "orchestration_step_results"],
        "permissions" => &["permission_sets"],
        "consent" => &["data_sharing_policies"],
        "telemetry" => &["telemetry_events"],
        "subscriptions" => &["subscription_plans"],
        "invoices" => &["invoices"],
        _ => &[],
    }
}

/// The column the field at `path` of `call` is written to, if it is one whose rule the call
/// applies as it stands. Fields the call reads differently are left out: a setting's typed
/// value is encoded as JSON first, and filters and queries are not columns.
fn column_of(call: &Call, path: &[String]) -> Option<&'static Column> {
    let name = snake(path.last()?);
    if matches!(call.method, "set_string" | "set_i64" | "set_bool") || path.first().is_some_and(|p| p == "filter") {
        return None;
    }
    let name = match name.as_str() {
        "occurred_at" => "created_at".to_owned(),
        "value_json" => "value".to_owned(),
        _ => name,
    };
    tables_of(call.handle).iter().filter_map(|table| crate::schema::table(table)).find_map(|table| table.column(&name))
}

/// `camelCase` as `snake_case`, as errors name fields.
fn snake(name: &str) -> String {
    let mut out = String::new();
    for c in name.chars() {
        if c.is_ascii_uppercase() {
            out.push('_');
            out.push(c.to_ascii_lowercase());
        } else {
            out.push(c);
        }
    }
    out
}

/// Fields whose check names the other of a pair (an owner is one of two; a period ends after
/// it starts; a range's end comes after its start).
fn partners(field: &str) -> &'static [&'static str] {
    match field {
        "owner_user_id" | "owner_organization_id" => &["owner"],
        "subject_user_id" | "subject_role" => &["subject"],
        "period_start" => &["period_end"],
        "started_at" => &["finished_at"],
        "from" => &["to"],
        "issued_at" => &["paid_at"],
        // The state a record is in may refuse a call: an issued invoice is not deleted, a
        // running step has no error, the last owner of an organization stays one.
        "id" => &["status"],
        "status" => &["error"],
        "user_id" => &["role"],
        // A key or passphrase is checked as the store's `key`.
        "wrapping" => &["key"],
        _ => &[],
    }
}

/// What is wrong with `outcome` for `case`, if anything.
fn judge(case: &Case, outcome: &Result<(), StoreError>) -> Result<(), String> {
    let names: Vec<String> = case.path.iter().filter(|part| part.parse::<usize>().is_err()).map(|p| snake(p)).collect();
    let field = names.last().cloned().unwrap_or_default();
    if let Err(error) = outcome {
        let text = error.to_string();
        if text.len() > 1_000 {
            return Err(format!("an error of {} bytes", text.len()));
        }
        match error {
            StoreError::Storage { reason } => return Err(format!("Storage: {reason}")),
            StoreError::InvalidInput { field: named, .. }
                if !names.contains(named) && !partners(&field).contains(&named.as_str()) =>
            {
                return Err(format!("InvalidInput names {named:?}, not {field:?}: {text}"));
            }
            StoreError::NotAStore { .. } | StoreError::IncompatibleVersion { .. } => {
                return Err(format!("an error about the file: {text}"));
            }
            _ => {}
        }
    }
    if let Some(reason) = refused_by_rule(case)
        && !matches!(outcome, Err(StoreError::InvalidInput { .. }))
    {
        return Err(format!("the {field} rule refuses it ({reason}) but the call gave {outcome:?}"));
    }
    Ok(())
}

/// Why the declared rule of the case's column refuses its value, if it does. Blank text in a
/// column that may be empty is left out: those calls read it as "none" or "clear".
fn refused_by_rule(case: &Case) -> Option<String> {
    let column = case.column?;
    match (case.value.value.as_ref(), column.kind) {
        (Value::String(text), Kind::Text(rule)) => {
            if column.nullable && text.trim().is_empty() {
                return None;
            }
            text_refusal(&rule, text)
        }
        (Value::Number(number), Kind::Time | Kind::Int(_)) => {
            let value = number.as_i64()?;
            column.int(value).err().map(|error| error.to_string())
        }
        _ => None,
    }
}

fn text_refusal(rule: &Text, text: &str) -> Option<String> {
    rule.check("value", text).err().map(|error| error.to_string())
}

/// Every read call with valid arguments, on `world` as a write left it: the problems, if a
/// read fails with anything but a typed error about its own arguments.
fn reads_still_answer(calls: &[Call], world: &World) -> Vec<String> {
    let mut problems = Vec::new();
    for call in calls.iter().filter(|call| call.reads()) {
        let arguments = valid(world, call);
        if let Some(Err(error @ StoreError::Storage { .. })) = (call.run)(&world.store, Args(&arguments)) {
            problems.push(format!("{} then fails: {error}", call.name()));
        }
    }
    problems
}

/// A hash of every row of every table (indexes' shadow tables included).
fn fingerprint(store: &Store) -> u64 {
    let hashed = store.cx.read(|conn| {
        let mut stmt = conn.prepare_cached("SELECT name FROM sqlite_schema WHERE type = 'table' ORDER BY name")?;
        let tables: Vec<String> = stmt.query_map([], |row| row.get(0))?.collect::<rusqlite::Result<_>>()?;
        let mut hasher = DefaultHasher::new();
        for table in tables {
            table.hash(&mut hasher);
            let mut stmt = conn.prepare(&format!("SELECT * FROM \"{table}\""))?;
            let columns = stmt.column_count();
            let mut rows = stmt.query([])?;
            while let Some(row) = rows.next()? {
                for index in 0..columns {
                    match row.get_ref(index)? {
                        ValueRef::Null => 0u8.hash(&mut hasher),
                        ValueRef::Integer(value) => (1u8, value).hash(&mut hasher),
                        ValueRef::Real(value) => (2u8, value.to_bits()).hash(&mut hasher),
                        ValueRef::Text(bytes) | ValueRef::Blob(bytes) => (3u8, bytes).hash(&mut hasher),
                    }
                }
            }
        }
        Ok(hasher.finish())
    });
    hashed.unwrap_or_else(|error| panic!("the store could not be read: {error}"))
}

/// A valid call must work on a fresh world, or its hostile cases test nothing but the first
/// check: every baseline is checked here.
#[test]
fn every_call_succeeds_with_its_valid_arguments() {
    let mut failures = Vec::new();
    let mut template = Template::new().unwrap_or_else(|error| panic!("the world could not be built: {error}"));
    for call in calls::all() {
        let world = template.world().unwrap_or_else(|error| panic!("the world could not be copied: {error}"));
        let arguments = valid(&world, &call);
        match (call.run)(&world.store, Args(&arguments)) {
            Some(Ok(())) => {}
            Some(Err(error)) => failures.push(format!("{}: {error}", call.name())),
            None => failures.push(format!("{}: a baseline argument has the wrong shape", call.name())),
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}
