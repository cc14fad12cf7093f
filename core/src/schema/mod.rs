//! Every table of the store, declared once: its columns, what each holds and the rule its
//! values follow ([`tables`]). From these declarations come the row mapping and the column
//! lists of each record ([`crate::entity::Entity`]), the INSERT and UPDATE statements, the
//! checks of what callers pass in ([`Column::text`] and friends, through [`rules`]), the SQL
//! of new migrations ([`sql`]) and the cases of the hostile test suite.
//!
//! A column is named in code by its table module: `schema::threads::title`.

mod formats;
mod macros;
pub(crate) mod rules;
pub(crate) mod seam;
#[cfg(test)]
mod seam_tests;
#[cfg(test)]
pub(crate) mod sql;
pub(crate) mod stored;
mod tables;
#[cfg(test)]
mod tests;

pub(crate) use stored::Stored;
pub(crate) use tables::*;

use crate::error::{Error, Result};
use crate::ids::parse_id;
use rules::{Int, Text};

/// What a foreign key does when its parent row is deleted.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum OnDelete {
    Cascade,
    SetNull,
}

/// What a column holds.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Kind {
    /// The record's id: a UUIDv7 and the primary key.
    Id,
    /// The integer primary key a full-text index refers to (stable across `VACUUM`).
    Seq,
    /// The id of a row of another table, enforced by a foreign key.
    Ref(&'static str, OnDelete),
    /// A UUID no foreign key backs (a run id, an audited record's id, a granted resource).
    Uuid,
    /// Text following a rule.
    Text(Text),
    /// One of a fixed list of names.
    Enum(&'static [&'static str]),
    /// A boolean, stored as 0 or 1.
    Flag,
    /// An integer within bounds (counts, amounts).
    Int(Int),
    /// UTC milliseconds within [`rules::TIME`].
    Time,
    /// A secret sealed in a versioned envelope (`crypto/envelope.rs`): bytes no caller
    /// writes directly.
    Sealed,
    /// An embedding vector: little-endian 32-bit floats, 1 to
    /// [`rules::VECTOR_DIMENSIONS_MAX`] of them (`vectors/`).
    Vector,
    /// Bytes only the store writes and reads (a persisted index graph): no rule.
    Blob,
    /// Written only by the store itself (hashes, chain positions): no caller's value reaches
    /// it, so it has no rule to check. Text when `true`, an integer otherwise.
    Internal { text: bool },
}

/// A column's kind and whether it may be NULL; what [`Column`]s are declared from.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Spec {
    pub(crate) kind: Kind,
    pub(crate) nullable: bool,
}

impl Spec {
    /// The same, NULL allowed.
    pub(crate) const fn null(self) -> Self {
        Self { nullable: true, ..self }
    }
}

const fn spec(kind: Kind) -> Spec {
    Spec { kind, nullable: false }
}

pub(crate) const ID: Spec = spec(Kind::Id);
pub(crate) const SEQ: Spec = spec(Kind::Seq);
pub(crate) const UUID: Spec = spec(Kind::Uuid);
pub(crate) const FLAG: Spec = spec(Kind::Flag);
pub(crate) const TIME: Spec = spec(Kind::Time);
pub(crate) const SEALED: Spec = spec(Kind::Sealed);
pub(crate) const VECTOR: Spec = spec(Kind::Vector);
pub(crate) const BLOB: Spec = spec(Kind::Blob);
pub(crate) const INTERNAL_TEXT: Spec = spec(Kind::Internal { text: true });
pub(crate) const INTERNAL_INT: Spec = spec(Kind::Internal { text: false });

pub(crate) const fn text(rule: Text) -> Spec {
    spec(Kind::Text(rule))
}

pub(crate) const fn int(rule: Int) -> Spec {
    spec(Kind::Int(rule))
}

pub(crate) const fn one_of(names: &'static [&'static str]) -> Spec {
    spec(Kind::Enum(names))
}

/// A foreign key to `table`'s `id`.
pub(crate) const fn refers(table: &'static str, on_delete: OnDelete) -> Spec {
    spec(Kind::Ref(table, on_delete))
}

/// One column of a table.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Column {
    pub(crate) name: &'static str,
    pub(crate) kind: Kind,
    pub(crate) nullable: bool,
    /// Whether the table's record carries it (`deleted_at` and `seq` stay in SQL).
    pub(crate) in_record: bool,
}

impl Column {
    pub(crate) const fn new(name: &'static str, spec: Spec, in_record: bool) -> Self {
        Self { name, kind: spec.kind, nullable: spec.nullable, in_record }
    }

    /// `value` checked by this column's rule and named after it, as it is stored: text by its
    /// [`Text`] rule, an id parsed to its canonical spelling.
    pub(crate) fn text(&self, value: &str) -> Result<String> {
        self.text_as(self.name, value)
    }

    /// [`Column::text`] for an argument named `field` (a filter, or a name the API gives the
    /// column, such as `occurred_at` for a call's `created_at`).
    pub(crate) fn text_as(&self, field: &'static str, value: &str) -> Result<String> {
        match self.kind {
            Kind::Text(rule) => rule.check(field, value),
            Kind::Id | Kind::Ref(..) | Kind::Uuid => parse_id(field, value),
            _ => Err(Error::invalid(field, "is not a text column")),
        }
    }

    /// [`Column::text`] of an optional value.
    pub(crate) fn optional_text(&self, value: Option<&str>) -> Result<Option<String>> {
        value.map(|value| self.text(value)).transpose()
    }

    /// `value` checked against this column's bounds: a time within [`rules::TIME`], a count or
    /// amount within its [`Int`] rule.
    pub(crate) fn int(&self, value: i64) -> Result<i64> {
        self.int_as(self.name, value)
    }

    /// [`Column::int`] for an argument named `field`.
    pub(crate) fn int_as(&self, field: &'static str, value: i64) -> Result<i64> {
        match self.kind {
            Kind::Time => rules::TIME.check(field, value),
            Kind::Int(rule) => rule.check(field, value),
            _ => Err(Error::invalid(field, "is not an integer column")),
        }
    }

    /// [`Column::int`] of an optional value.
    pub(crate) fn optional_int(&self, value: Option<i64>) -> Result<Option<i64>> {
        value.map(|value| self.int(value)).transpose()
    }

    /// [`Column::int`] of an unsigned value, as SQLite stores it.
    pub(crate) fn unsigned(&self, value: u64) -> Result<u64> {
        match self.kind {
            Kind::Int(rule) => rule.check_unsigned(self.name, value).map(|_| value),
            _ => Err(Error::invalid(self.name, "is not an integer column")),
        }
    }
}

/// One table: its name, the record it stores and how that record is read.
#[derive(Debug)]
pub(crate) struct Table {
    pub(crate) name: &'static str,
    /// The record's name in errors (`thread`); empty for tables without a record.
    pub(crate) entity: &'static str,
    pub(crate) columns: &'static [Column],
    /// `table e` plus the joins that [`Table::live`] needs.
    pub(crate) from: &'static str,
    /// When a row counts as existing (`TRUE` for tables without soft delete).
    pub(crate) live: &'static str,
    /// Table constraints a new migration writes after the columns (`UNIQUE (a, b)`).
    #[cfg_attr(not(test), allow(dead_code))]
    pub(crate) constraints: &'static [&'static str],
}

impl Table {
    /// Column `name`, if the table has it.
    #[cfg(test)]
    pub(crate) fn column(&self, name: &str) -> Option<&'static Column> {
        self.columns.iter().find(|column| column.name == name)
    }

    /// The columns its record carries, in the record's order.
    pub(crate) fn record_columns(&self) -> impl Iterator<Item = &'static Column> {
        self.columns.iter().filter(|column| column.in_record)
    }
}

/// The declared table `name`, if there is one.
#[cfg(test)]
pub(crate) fn table(name: &str) -> Option<&'static Table> {
    TABLES.iter().copied().find(|table| table.name == name)
}
