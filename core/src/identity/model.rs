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

/// What [`crate::Users::update`] changes: each field left `None` stays as it is.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "uniffi", derive(uniffi::Record))]
#[cfg_attr(feature = "wasm", derive(tsify::Tsify))]
#[serde(rename_all = "camelCase")]
pub struct UserPatch {
    /// A new display name, 1 to [`crate::limits::NAME_MAX`] characters, trimmed.
    #[serde(default)]
    #[cfg_attr(feature = "uniffi", uniffi(default = None))]
    pub display_name: Option<String>,
    /// A new BCP 47 language tag.
    #[serde(default)]
    #[cfg_attr(feature = "uniffi", uniffi(default = None))]
    pub locale: Option<String>,
    /// A new email address; stored lowercase, and must not be used by another user.
    #[serde(default)]
    #[cfg_attr(feature = "uniffi", uniffi(default = None))]
    pub email: Option<String>,
}

/// Longest organization slug, in characters.
pub const SLUG_MAX: usize = crate::schema::rules::SLUG.max;

/// A group of users that can own workspaces.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "uniffi", derive(uniffi::Record))]
#[cfg_attr(feature = "wasm", derive(tsify::Tsify))]
#[serde(rename_all = "camelCase")]
pub struct Organization {
    /// UUIDv7.
    pub id: String,
    /// Display name, 1 to [`crate::limits::NAME_MAX`] characters.
    pub name: String,
    /// Unique short name for URLs: lowercase `a-z`, `0-9` and single inner hyphens, 1 to
    /// [`SLUG_MAX`] characters.
    pub slug: String,
    /// UTC milliseconds.
    pub created_at: i64,
    /// UTC milliseconds.
    pub updated_at: i64,
}

/// What [`crate::Organizations::create`] needs.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "uniffi", derive(uniffi::Record))]
#[cfg_attr(feature = "wasm", derive(tsify::Tsify))]
#[serde(rename_all = "camelCase")]
pub struct NewOrganization {
    /// 1 to [`crate::limits::NAME_MAX`] characters, trimmed.
    pub name: String,
    /// Unique: lowercase `a-z`, `0-9` and single inner hyphens, 1 to [`SLUG_MAX`] characters.
    pub slug: String,
    /// A live user who becomes the organization's owner in the same transaction.
    #[serde(default)]
    #[cfg_attr(feature = "uniffi", uniffi(default = None))]
    pub owner_user_id: Option<String>,
}

impl NewOrganization {
    /// An organization with no members yet.
    pub fn new(name: impl Into<String>, slug: impl Into<String>) -> Self {
        Self { name: name.into(), slug: slug.into(), owner_user_id: None }
    }

    /// An organization owned by user `user_id` from the start.
    pub fn owned_by(name: impl Into<String>, slug: impl Into<String>, user_id: impl Into<String>) -> Self {
        Self { name: name.into(), slug: slug.into(), owner_user_id: Some(user_id.into()) }
    }
}

/// What [`crate::Organizations::update`] changes: each field left `None` stays as it is.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "uniffi", derive(uniffi::Record))]
#[cfg_attr(feature = "wasm", derive(tsify::Tsify))]
#[serde(rename_all = "camelCase")]
pub struct OrganizationPatch {
    /// A new name, 1 to [`crate::limits::NAME_MAX`] characters, trimmed.
    #[serde(default)]
    #[cfg_attr(feature = "uniffi", uniffi(default = None))]
    pub name: Option<String>,
    /// A new slug, unique, same rules as at creation.
    #[serde(default)]
    #[cfg_attr(feature = "uniffi", uniffi(default = None))]
    pub slug: Option<String>,
}

/// A user's membership of an organization, with their role there.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "uniffi", derive(uniffi::Record))]
#[cfg_attr(feature = "wasm", derive(tsify::Tsify))]
#[serde(rename_all = "camelCase")]
pub struct OrganizationMember {
    /// UUIDv7 of the membership.
    pub id: String,
    /// The organization.
    pub organization_id: String,
    /// The member.
    pub user_id: String,
    /// What the member may do there.
    pub role: crate::model::Role,
    /// UTC milliseconds: when the user joined.
    pub created_at: i64,
    /// UTC milliseconds: the last role change.
    pub updated_at: i64,
}

/// The kind of device a user signs in from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "uniffi", derive(uniffi::Enum))]
#[cfg_attr(feature = "wasm", derive(tsify::Tsify))]
#[serde(rename_all = "lowercase")]
pub enum DevicePlatform {
    /// iPhone or iPad.
    Ios,
    /// An Android phone or tablet.
    Android,
    /// A web browser.
    Web,
    /// A desktop app (macOS, Windows, Linux).
    Desktop,
}

/// A device a user signs in from.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "uniffi", derive(uniffi::Record))]
#[cfg_attr(feature = "wasm", derive(tsify::Tsify))]
#[serde(rename_all = "camelCase")]
pub struct Device {
    /// UUIDv7.
    pub id: String,
    /// The user it belongs to.
    pub user_id: String,
    /// A name the user recognises, such as "Ada's iPhone"; 1 to [`crate::limits::NAME_MAX`]
    /// characters.
    pub name: String,
    /// What kind of device it is.
    pub platform: DevicePlatform,
    /// UTC milliseconds: when it was registered or last touched ([`crate::Devices::touch`]).
    pub last_seen_at: i64,
    /// UTC milliseconds.
    pub created_at: i64,
    /// UTC milliseconds: the last rename or touch.
    pub updated_at: i64,
}

/// What [`crate::Devices::register`] needs.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "uniffi", derive(uniffi::Record))]
#[cfg_attr(feature = "wasm", derive(tsify::Tsify))]
#[serde(rename_all = "camelCase")]
pub struct NewDevice {
    /// A live user.
    pub user_id: String,
    /// 1 to [`crate::limits::NAME_MAX`] characters, trimmed.
    pub name: String,
    /// What kind of device it is.
    pub platform: DevicePlatform,
}

/// Longest setting key, in characters.
pub const SETTING_KEY_MAX: usize = crate::schema::rules::KEY.max;
/// Largest setting value (its JSON text), in bytes (64 KiB).
pub const SETTING_VALUE_MAX_BYTES: usize = crate::schema::rules::SETTING_VALUE.max;

/// One setting of one user: a JSON value under a key, unique per user.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "uniffi", derive(uniffi::Record))]
#[cfg_attr(feature = "wasm", derive(tsify::Tsify))]
#[serde(rename_all = "camelCase")]
pub struct UserSetting {
    /// UUIDv7; kept when the value changes.
    pub id: String,
    /// The user it belongs to.
    pub user_id: String,
    /// 1 to [`SETTING_KEY_MAX`] characters, such as `theme` or `editor.font_size`.
    pub key: String,
    /// The value as JSON text, as it was given (at most [`SETTING_VALUE_MAX_BYTES`]).
    pub value: String,
    /// UTC milliseconds: when the key was first set.
    pub created_at: i64,
    /// UTC milliseconds: the last change of the value.
    pub updated_at: i64,
}
