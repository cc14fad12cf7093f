//! `tables!`, the macro every table is declared with (see `tables.rs`).

/// Declares the store's tables. An entry is one of
///
/// ```text
/// threads => Thread "thread" {              // a table that stores a record
///     from "threads e JOIN …", live "…",    // how a live record is selected
///     columns { id: ID, title: text(NAME), … }   // the record's fields, in its order
///     stored { deleted_at: TIME.null() }    // columns the record does not carry
///     constraints ["UNIQUE (a, b)"]         // for the SQL of new migrations
/// }
/// permission_sets => custom PermissionSet "permission_set" { … }   // row mapping by hand
/// audit_head { columns { … } }              // a table no record is read from
/// ```
///
/// For each table it generates a module named after it with one `Column` constant per column
/// (`threads::title`) and `TABLE`; for a record, its `Entity` impl (names, column list, INSERT)
/// and, unless `custom`, its `Record` impl (row mapping and values, in the declared order, so
/// a field missing from either side fails to compile). Last, `TABLES` lists every table.
macro_rules! tables {
    (@placeholder $col:ident) => {
        ", ?"
    };
    (@columns $table:ident $entity:literal, $from:literal, $live:literal,
        [$($col:ident : $spec:expr),*] [$($scol:ident : $sspec:expr),*] [$($constraint:literal),*]) => {
        #[allow(non_upper_case_globals, dead_code)]
        pub(crate) mod $table {
            use super::*;
            $(pub(crate) const $col: $crate::schema::Column = $crate::schema::Column::new(stringify!($col), $spec, true);)*
            $(pub(crate) const $scol: $crate::schema::Column =
                $crate::schema::Column::new(stringify!($scol), $sspec, false);)*
            pub(crate) const TABLE: $crate::schema::Table = $crate::schema::Table {
                name: stringify!($table),
                entity: $entity,
                columns: &[$($col,)* $($scol),*],
                from: $from,
                live: $live,
                constraints: &[$($constraint),*],
            };
        }
    };
    (@entity $table:ident $record:ident $entity:literal, $from:literal, $live:literal, $first:ident $(, $col:ident)*) => {
        impl $crate::entity::Entity for $record {
            const DECL: &'static $crate::schema::Table = &$table::TABLE;
            const NAME: &'static str = $table::TABLE.entity;
            const TABLE: &'static str = $table::TABLE.name;
            const COLUMNS: &'static str = concat!("e.", stringify!($first) $(, ", e.", stringify!($col))*);
            const FROM: &'static str = $table::TABLE.from;
            const LIVE: &'static str = $table::TABLE.live;
            const INSERT: &'static str = concat!(
                "INSERT INTO ", stringify!($table), " (", stringify!($first) $(, ", ", stringify!($col))*,
                ") VALUES (?" $(, $crate::schema::macros::tables!(@placeholder $col))*, ")"
            );
        }
    };
    (@record $record:ident $($col:ident),*) => {
        impl $crate::entity::Record for $record {
            fn from_row(row: &rusqlite::Row) -> rusqlite::Result<Self> {
                let mut index = 0..;
                Ok(Self { $($col: $crate::schema::Stored::read(row, index.next().unwrap_or_default())?),* })
            }

            fn values(&self) -> rusqlite::Result<Vec<rusqlite::types::ToSqlOutput<'_>>> {
                Ok(vec![$($crate::schema::Stored::write(&self.$col)?),*])
            }
        }
    };
    (@munch [$($done:ident)*]) => {
        /// Every declared table.
        #[cfg_attr(not(test), allow(dead_code))]
        pub(crate) const TABLES: &[&$crate::schema::Table] = &[$(&$done::TABLE),*];
    };
    (@munch [$($done:ident)*] $table:ident => custom $record:ident $entity:literal { $($body:tt)* } $($rest:tt)*) => {
        $crate::schema::macros::tables!(@record_table $table $record $entity (custom) { $($body)* });
        $crate::schema::macros::tables!(@munch [$($done)* $table] $($rest)*);
    };
    (@munch [$($done:ident)*] $table:ident => $record:ident $entity:literal { $($body:tt)* } $($rest:tt)*) => {
        $crate::schema::macros::tables!(@record_table $table $record $entity () { $($body)* });
        $crate::schema::macros::tables!(@munch [$($done)* $table] $($rest)*);
    };
    (@record_table $table:ident $record:ident $entity:literal ($($custom:ident)?) {
        from $from:literal, live $live:literal,
        columns { $first:ident : $fspec:expr $(, $col:ident : $spec:expr)* $(,)? }
        $(stored { $($scol:ident : $sspec:expr),* $(,)? })?
        $(constraints [$($constraint:literal),* $(,)?])?
    }) => {
        $crate::schema::macros::tables!(@columns $table $entity, $from, $live,
            [$first : $fspec $(, $col : $spec)*] [$($($scol : $sspec),*)?] [$($($constraint),*)?]);
        $crate::schema::macros::tables!(@entity $table $record $entity, $from, $live, $first $(, $col)*);
        $crate::schema::macros::tables!(@record_unless ($($custom)?) $record $first $(, $col)*);
    };
    // `custom` records map their rows by hand.
    (@record_unless (custom) $($ignored:tt)*) => {};
    (@record_unless () $record:ident $($col:ident),*) => {
        $crate::schema::macros::tables!(@record $record $($col),*);
    };
    (@munch [$($done:ident)*]
        $table:ident {
            columns { $($col:ident : $spec:expr),* $(,)? }
            $(constraints [$($constraint:literal),* $(,)?])?
        }
        $($rest:tt)*
    ) => {
        $crate::schema::macros::tables!(@columns $table "", "", "TRUE", [$($col : $spec),*] [] [$($($constraint),*)?]);
        $crate::schema::macros::tables!(@munch [$($done)* $table] $($rest)*);
    };
    ($($body:tt)*) => {
        $crate::schema::macros::tables!(@munch [] $($body)*);
    };
}
pub(crate) use tables;
