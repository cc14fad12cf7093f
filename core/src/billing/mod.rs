//! Billing: subscription plans and invoices.

pub(crate) mod invoices;
pub mod model;
pub(crate) mod subscriptions;

use crate::error::{Error, Result};
use model::{InvoiceStatus, PlanTier, SubscriptionStatus};
use rusqlite::Row;
use rusqlite::types::{FromSql, FromSqlError, FromSqlResult, ToSql, ToSqlOutput, ValueRef};
use std::str::FromStr;

/// Gives a fieldless enum its stored name (`as_str`, the same as its serde name), `FromStr`
/// and the SQLite conversions, from one list of `Variant => "name"`.
macro_rules! sql_enum {
    ($ty:ident { $($variant:ident => $name:literal),+ $(,)? }) => {
        impl $ty {
            /// Every value, in declaration order.
            pub const ALL: &'static [$ty] = &[$($ty::$variant),+];

            /// The name as stored and serialised.
            pub fn as_str(self) -> &'static str {
                match self {
                    $($ty::$variant => $name),+
                }
            }
        }

        impl FromStr for $ty {
            type Err = String;

            /// Reads a name as `as_str` writes it.
            fn from_str(name: &str) -> std::result::Result<Self, Self::Err> {
                Self::ALL.iter().copied().find(|value| value.as_str() == name).ok_or_else(|| {
                    let names: Vec<_> = Self::ALL.iter().map(|value| value.as_str()).collect();
                    format!("{name:?} is not one of {}", names.join(", "))
                })
            }
        }

        impl ToSql for $ty {
            fn to_sql(&self) -> rusqlite::Result<ToSqlOutput<'_>> {
                Ok(self.as_str().into())
            }
        }

        impl FromSql for $ty {
            fn column_result(value: ValueRef<'_>) -> FromSqlResult<Self> {
                value.as_str()?.parse().map_err(|error: String| FromSqlError::Other(error.into()))
            }
        }
    };
}

sql_enum!(PlanTier { Free => "free", Plus => "plus", Pro => "pro", Team => "team", Enterprise => "enterprise" });
sql_enum!(SubscriptionStatus {
    Trialing => "trialing",
    Active => "active",
    PastDue => "past_due",
    Cancelled => "cancelled",
    Expired => "expired",
});
sql_enum!(InvoiceStatus { Draft => "draft", Open => "open", Paid => "paid", Void => "void", Uncollectible => "uncollectible" });

/// An amount or a size that SQLite can store: at most `i64::MAX`.
pub(crate) fn storable(field: &'static str, value: u64) -> Result<i64> {
    i64::try_from(value).map_err(|_| Error::invalid(field, format!("larger than {}", i64::MAX)))
}

/// Column `index` of `row`, a non-negative integer (the schema CHECKs that it is).
pub(crate) fn unsigned(row: &Row, index: usize) -> rusqlite::Result<u64> {
    let value: i64 = row.get(index)?;
    u64::try_from(value).map_err(|_| rusqlite::Error::IntegralValueOutOfRange(index, value))
}
