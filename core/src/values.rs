//! How values every domain shares are checked and stored: enums as their names, optional ids.

use crate::error::Result;
use crate::ids::parse_id;

/// Gives a fieldless enum its stored name: `ALL`, `as_str`, `FromStr` and the rusqlite
/// `ToSql`/`FromSql` conversions, from one list of `Variant => "name"` pairs that must match
/// the SQL `CHECK` and the serde names.
macro_rules! sql_enum {
    ($name:ident { $($variant:ident => $text:literal),+ $(,)? }) => {
        impl $name {
            /// Every value, in declaration order.
            pub const ALL: &'static [Self] = &[$(Self::$variant),+];
            /// Every stored name, in declaration order (a column's allowed values).
            #[allow(dead_code)]
            pub(crate) const NAMES: &'static [&'static str] = &[$($text),+];

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

        $crate::schema::stored::stored_as_sql!($name, Option<$name>);
    };
}
pub(crate) use sql_enum;

/// An optional id argument, canonical.
pub(crate) fn optional_id(field: &'static str, id: Option<&str>) -> Result<Option<String>> {
    id.map(|id| parse_id(field, id)).transpose()
}

/// Lowercase hexadecimal of `bytes`.
pub(crate) fn hex(bytes: &[u8]) -> String {
    const DIGITS: &[u8; 16] = b"0123456789abcdef";
    bytes.iter().flat_map(|b| [DIGITS[usize::from(b >> 4)] as char, DIGITS[usize::from(b & 15)] as char]).collect()
}

/// SHA-256 of `parts`, each preceded by its length (so `("ab", "c")` and `("a", "bc")`
/// differ), as lowercase hexadecimal.
pub(crate) fn sha256_hex(parts: &[&[u8]]) -> String {
    use sha2::{Digest, Sha256};
    let mut hasher = Sha256::new();
    for part in parts {
        hasher.update((part.len() as u64).to_be_bytes());
        hasher.update(part);
    }
    hex(&hasher.finalize())
}
