//! The records of identity: users, organizations and their members, devices and settings.

use serde::{Deserialize, Serialize};

/// A person using the app.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "uniffi", derive(uniffi::Record))]
#[cfg_attr(feature = "wasm", derive(tsify::Tsify))]
#[serde(rename_all = "camelCase")]
pub struct User {
    /// UUIDv7.
    pub id: String,
    /// Lowercase, unique among all users.
    pub email: String,
    /// 1 to [`crate::limits::NAME_MAX`] characters.
    pub display_name: String,
    /// A BCP 47 language tag, such as `en` or `pt-BR`.
    pub locale: String,
    /// UTC milliseconds.
    pub created_at: i64,
    /// UTC milliseconds.
    pub updated_at: i64,
}

/// What [`crate::Users::create`] needs.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "uniffi", derive(uniffi::Record))]
#[cfg_attr(feature = "wasm", derive(tsify::Tsify))]
#[serde(rename_all = "camelCase")]
pub struct NewUser {
    /// An email address; stored lowercase.
    pub email: String,
    /// 1 to [`crate::limits::NAME_MAX`] characters, trimmed.
    pub display_name: String,
    /// A BCP 47 language tag; `en` when left out.
    #[serde(default = "default_locale")]
    #[cfg_attr(feature = "uniffi", uniffi(default = "en"))]
    pub locale: String,
}

fn default_locale() -> String {
    "en".to_owned()
}

impl NewUser {
    /// A user with the default locale.
    pub fn new(email: impl Into<String>, display_name: impl Into<String>) -> Self {
        Self { email: email.into(), display_name: display_name.into(), locale: default_locale() }
    }
}
