//! [`Store`]: an open store, and the door to each domain of records.

use crate::ai::flows::Flows;
use crate::ai::interactions::Interactions;
use crate::ai::providers::ProviderConfigs;
use crate::billing::invoices::Invoices;
use crate::billing::subscriptions::Subscriptions;
use crate::content::attachments::Attachments;
use crate::content::documents::Documents;
use crate::content::messages::Messages;
use crate::content::projects::Projects;
use crate::content::threads::Threads;
use crate::content::workspaces::Workspaces;
use crate::context::Context;
use crate::db::{Db, SCHEMA_VERSION};
use crate::entity;
use crate::error::StoreError;
use crate::governance::audit::AuditLog;
use crate::governance::consent::Consent;
use crate::governance::permissions::Permissions;
use crate::governance::telemetry::Telemetry;
use crate::identity::devices::Devices;
use crate::identity::model::User;
use crate::identity::organizations::Organizations;
use crate::identity::settings::Settings;
use crate::identity::users::Users;
use crate::model::StoreConfig;
use std::sync::Arc;

/// An open store. Cheap to clone; every clone and every domain handle shares one
/// connection, which [`Store::close`] closes for all of them.
#[derive(Clone)]
pub struct Store {
    pub(crate) cx: Context,
}

impl Store {
    /// Opens (creating if needed) and migrates the store described by `config`. A file
    /// written by a newer version is refused with `IncompatibleVersion` and left untouched.
    ///
    /// In the browser a file path needs the OPFS VFS installed first, in a dedicated worker
    /// (the wasm binding does this).
    pub fn open(config: &StoreConfig) -> Result<Self, StoreError> {
        Ok(Self { cx: Context { db: Arc::new(Db::open(config)?), caller: None } })
    }

    /// Opens a private store in memory.
    pub fn open_in_memory() -> Result<Self, StoreError> {
        Self::open(&StoreConfig::in_memory())
    }

    /// This store acting as user `user_id`: every mutating call through it (and its domain
    /// handles) is checked against that user's roles and permission sets, and refused with
    /// `PermissionDenied` when not allowed; audit entries name the user. The store it came
    /// from is unchanged and unchecked (the device owner). The view shares that store's
    /// connection without owning it: closing the view does nothing, closing the store
    /// closes the view too.
    pub fn acting_as(&self, user_id: &str) -> Result<Store, StoreError> {
        let user = self.cx.read(|conn| entity::get::<User>(conn, user_id))?;
        Ok(Self { cx: Context { db: self.cx.db.clone(), caller: Some(user.id) } })
    }

    /// The user this store acts as, if any (see [`Store::acting_as`]).
    pub fn caller(&self) -> Option<String> {
        self.cx.caller.clone()
    }

    /// Users: people using the app.
    pub fn users(&self) -> Users {
        Users { cx: self.cx.clone() }
    }

    /// Organizations and their members.
    pub fn organizations(&self) -> Organizations {
        Organizations { cx: self.cx.clone() }
    }

    /// Devices users sign in from.
    pub fn devices(&self) -> Devices {
        Devices { cx: self.cx.clone() }
    }

    /// Per-user settings.
    pub fn settings(&self) -> Settings {
        Settings { cx: self.cx.clone() }
    }

    /// Workspaces: the top-level containers, and their members.
    pub fn workspaces(&self) -> Workspaces {
        Workspaces { cx: self.cx.clone() }
    }

    /// Projects inside workspaces.
    pub fn projects(&self) -> Projects {
        Projects { cx: self.cx.clone() }
    }

    /// Documents, and search over them.
    pub fn documents(&self) -> Documents {
        Documents { cx: self.cx.clone() }
    }

    /// Threads: conversations inside a workspace.
    pub fn threads(&self) -> Threads {
        Threads { cx: self.cx.clone() }
    }

    /// Messages of threads, and search over them.
    pub fn messages(&self) -> Messages {
        Messages { cx: self.cx.clone() }
    }

    /// Attachment metadata of messages.
    pub fn attachments(&self) -> Attachments {
        Attachments { cx: self.cx.clone() }
    }

    /// AI provider configurations.
    pub fn providers(&self) -> ProviderConfigs {
        ProviderConfigs { cx: self.cx.clone() }
    }

    /// The ledger of AI calls, with cost and token queries.
    pub fn interactions(&self) -> Interactions {
        Interactions { cx: self.cx.clone() }
    }

    /// Orchestration flows and their step results.
    pub fn flows(&self) -> Flows {
        Flows { cx: self.cx.clone() }
    }

    /// Permission sets, and what a user can do.
    pub fn permissions(&self) -> Permissions {
        Permissions { cx: self.cx.clone() }
    }

    /// Data-sharing consent decisions.
    pub fn consent(&self) -> Consent {
        Consent { cx: self.cx.clone() }
    }

    /// Telemetry, recorded only with the user's consent.
    pub fn telemetry(&self) -> Telemetry {
        Telemetry { cx: self.cx.clone() }
    }

    /// The hash-chained audit log.
    pub fn audit(&self) -> AuditLog {
        AuditLog { cx: self.cx.clone() }
    }

    /// Subscription plans.
    pub fn subscriptions(&self) -> Subscriptions {
        Subscriptions { cx: self.cx.clone() }
    }

    /// Invoices of subscriptions.
    pub fn invoices(&self) -> Invoices {
        Invoices { cx: self.cx.clone() }
    }

    /// The schema version of the open store (equal to [`Store::supported_schema_version`]
    /// once opened).
    pub fn schema_version(&self) -> Result<u32, StoreError> {
        self.cx.read(|conn| Ok(conn.query_row("PRAGMA user_version", [], |row| row.get(0))?))
    }

    /// The newest schema version this build understands.
    pub fn supported_schema_version() -> u32 {
        SCHEMA_VERSION
    }

    /// Closes the store, flushing it to disk. Every later call on it, its clones, its
    /// domain handles and its [`Store::acting_as`] views fails with a storage error; closing
    /// again does nothing, and so does closing a view (it does not own the connection).
    pub fn close(&self) -> Result<(), StoreError> {
        match self.cx.caller {
            Some(_) => Ok(()),
            None => self.cx.db.close(),
        }
    }
}
