//! How a record's field is read from and written to its column. Most field types are plain
//! SQLite values; enums are their stored names ([`crate::values::sql_enum`]); a few lists are
//! kept as JSON text ([`stored_as_json`]).

use rusqlite::Row;
use rusqlite::types::{ToSqlOutput, Type};

/// A record field's conversion to and from its column.
pub(crate) trait Stored: Sized {
    fn read(row: &Row, index: usize) -> rusqlite::Result<Self>;
    fn write(&self) -> rusqlite::Result<ToSqlOutput<'_>>;
}

/// [`Stored`] through rusqlite's own `FromSql`/`ToSql` (listed, not blanket: the JSON lists
/// below need their own impls).
macro_rules! stored_as_sql {
    ($($ty:ty),* $(,)?) => {$(
        impl $crate::schema::Stored for $ty {
            fn read(row: &rusqlite::Row, index: usize) -> rusqlite::Result<Self> {
                row.get(index)
            }

            fn write(&self) -> rusqlite::Result<rusqlite::types::ToSqlOutput<'_>> {
                rusqlite::types::ToSql::to_sql(self)
            }
        }
    )*};
}
pub(crate) use stored_as_sql;

stored_as_sql!(
    String,
    Option<String>,
    i64,
    Option<i64>,
    bool,
    Option<bool>,
    u32,
    Option<u32>,
    u64,
    Option<u64>,
    Vec<u8>
);

/// [`Stored`] for a field kept as JSON text (a list of steps, of actions).
macro_rules! stored_as_json {
    ($($ty:ty),* $(,)?) => {$(
        impl $crate::schema::Stored for $ty {
            fn read(row: &rusqlite::Row, index: usize) -> rusqlite::Result<Self> {
                $crate::schema::stored::read_json(row, index)
            }

            fn write(&self) -> rusqlite::Result<rusqlite::types::ToSqlOutput<'_>> {
                $crate::schema::stored::write_json(self)
            }
        }
    )*};
}
pub(crate) use stored_as_json;

pub(crate) fn read_json<T: serde::de::DeserializeOwned>(row: &Row, index: usize) -> rusqlite::Result<T> {
    let text: String = row.get(index)?;
    serde_json::from_str(&text)
        .map_err(|error| rusqlite::Error::FromSqlConversionFailure(index, Type::Text, Box::new(error)))
}

pub(crate) fn write_json<T: serde::Serialize>(value: &T) -> rusqlite::Result<ToSqlOutput<'static>> {
    let text =
        serde_json::to_string(value).map_err(|error| rusqlite::Error::ToSqlConversionFailure(Box::new(error)))?;
    Ok(ToSqlOutput::from(text))
}
