//! How values every domain shares are checked and stored: enums as their names, unsigned
//! counts as SQLite integers, optional ids, currency codes.

use crate::error::{Error, Result};
use crate::ids::parse_id;
use rusqlite::Row;

/// Gives a fieldless enum its stored name: `ALL`, `as_str`, `FromStr` and the rusqlite
/// `ToSql`/`FromSql` conversions, from one list of `Variant => "name"` pairs that must match
/// the SQL `CHECK` and the serde names.
macro_rules! sql_enum {
    ($name:ident { $($variant:ident => $text:literal),+ $(,)? }) => {
        impl $name {
            /// Every value, in declaration order.
            pub const ALL: &'static [Self] = &[$(Self::$variant),+];

            /// The name as stored and serialised.
            pub fn as_str(self) -> &'static str {
                match self {
                    $(Self::$variant => $text),+
                }
            }
        }

        impl std::str::FromStr for $name {
            type Err = String;

            /// Reads a name as `as_str` writes it.
            fn from_str(name: &str) -> std::result::Result<Self, Self::Err> {
                Self::ALL
                    .iter()
                    .copied()
                    .find(|value| value.as_str() == name)
                    .ok_or_else(|| format!("{name:?} is not one of {}", [$($text),+].join(", ")))
            }
        }

        impl rusqlite::ToSql for $name {
            fn to_sql(&self) -> rusqlite::Result<rusqlite::types::ToSqlOutput<'_>> {
                Ok(self.as_str().into())
            }
        }

        impl rusqlite::types::FromSql for $name {
            fn column_result(value: rusqlite::types::ValueRef<'_>) -> rusqlite::types::FromSqlResult<Self> {
                value.as_str()?.parse().map_err(|error: String| rusqlite::types::FromSqlError::Other(error.into()))
            }
        }
    };
}
pub(crate) use sql_enum;

/// An optional id argument, canonical.
pub(crate) fn optional_id(field: &'static str, id: Option<&str>) -> Result<Option<String>> {
    id.map(|id| parse_id(field, id)).transpose()
}

/// An amount, count or size that SQLite can store: at most `i64::MAX`.
pub(crate) fn storable(field: &'static str, value: u64) -> Result<i64> {
    i64::try_from(value).map_err(|_| Error::invalid(field, format!("larger than {}", i64::MAX)))
}

/// Column `index` of `row`, an integer the schema keeps non-negative.
pub(crate) fn unsigned(row: &Row, index: usize) -> rusqlite::Result<u64> {
    let value: i64 = row.get(index)?;
    u64::try_from(value).map_err(|_| rusqlite::Error::IntegralValueOutOfRange(index, value))
}

/// An ISO 4217 currency code as written: exactly three uppercase ASCII letters. Whether the
/// code is assigned is not checked (the list changes; a store should not refuse a new one).
pub(crate) fn currency(value: &str) -> Result<String> {
    if value.len() != 3 || !value.bytes().all(|b| b.is_ascii_uppercase()) {
        return Err(Error::invalid("currency", format!("{value:?} is not an ISO 4217 code such as USD")));
    }
    Ok(value.to_owned())
}
