//! UniFFI exports of the identity domain: one-line delegations to `unified_store`.

use crate::Result;
use crate::progress::{Listener, ProgressListener};
use std::sync::Arc;
use unified_store as core;
use unified_store::*;

/// Users: people using the app. See `unified_store::Users`.
#[derive(uniffi::Object)]
pub struct Users(pub(crate) core::Users);

#[uniffi::export]
impl Users {
    /// Creates a user; the email must be valid and unused (`Conflict` on `email`).
    pub fn create(&self, user: NewUser) -> Result<User> {
        self.0.create(&user)
    }

    /// The live user `id`.
    pub fn get(&self, id: String) -> Result<User> {
        self.0.get(&id)
    }

    /// The live user with `email` (any letter case), if there is one.
    pub fn find_by_email(&self, email: String) -> Result<Option<User>> {
        self.0.find_by_email(&email)
    }

    /// Live users, newest first.
    pub fn list(&self, page: PageRequest) -> Result<Vec<User>> {
        self.0.list(&page)
    }

    /// Changes the fields `patch` sets; returns the user as stored.
    pub fn update(&self, id: String, patch: UserPatch) -> Result<User> {
        self.0.update(&id, &patch)
    }

    /// Soft-deletes a user: they and their devices, settings and memberships leave every read.
    pub fn delete(&self, id: String) -> Result<()> {
        self.0.delete(&id)
    }

    /// Brings back a soft-deleted user.
    pub fn restore(&self, id: String) -> Result<User> {
        self.0.restore(&id)
    }

    /// Removes a user for good, with everything that is theirs.
    pub fn purge(&self, id: String) -> Result<()> {
        self.0.purge(&id)
    }

    /// Erases the user's personal data for good (GDPR erasure; what goes and what stays in
    /// docs/data-model.md, "Erasure"), leaving no trace in the store's files.
    pub fn erase_user_data(&self, user_id: String) -> Result<Erasure> {
        self.0.erase_user_data(&user_id)
    }

    /// Writes everything the user owns to a new zip at `path` (GDPR export; layout in
    /// docs/data-model.md, "Export"); `progress` gets steps done and may cancel, which leaves
    /// no archive.
    #[uniffi::method(default(progress = None))]
    pub fn export_user_data(
        &self,
        user_id: String,
        path: String,
        progress: Option<Arc<dyn ProgressListener>>,
    ) -> Result<DataExport> {
        self.0.export_user_data(&user_id, &path, &Listener(progress))
    }

    /// The same archive, in memory.
    #[uniffi::method(default(progress = None))]
    pub fn export_user_data_bytes(
        &self,
        user_id: String,
        progress: Option<Arc<dyn ProgressListener>>,
    ) -> Result<Vec<u8>> {
        self.0.export_user_data_bytes(&user_id, &Listener(progress))
    }
}

/// Organizations and their members. See `unified_store::Organizations`.
#[derive(uniffi::Object)]
pub struct Organizations(pub(crate) core::Organizations);

#[uniffi::export]
impl Organizations {
    /// Creates an organization (unique slug), optionally with its owner.
    pub fn create(&self, organization: NewOrganization) -> Result<Organization> {
        self.0.create(&organization)
    }

    /// Organization `id`.
    pub fn get(&self, id: String) -> Result<Organization> {
        self.0.get(&id)
    }

    /// The organization with `slug`, if there is one.
    pub fn find_by_slug(&self, slug: String) -> Result<Option<Organization>> {
        self.0.find_by_slug(&slug)
    }

    /// All organizations, newest first.
    pub fn list(&self, page: PageRequest) -> Result<Vec<Organization>> {
        self.0.list(&page)
    }

    /// Changes the name or slug of an organization.
    pub fn update(&self, id: String, patch: OrganizationPatch) -> Result<Organization> {
        self.0.update(&id, &patch)
    }

    /// Deletes an organization for good, with its memberships and workspaces.
    pub fn delete(&self, id: String) -> Result<()> {
        self.0.delete(&id)
    }

    /// Adds a user to an organization with a role (`Conflict` on `user_id` if a member already).
    pub fn add_member(&self, org_id: String, user_id: String, role: Role) -> Result<OrganizationMember> {
        self.0.add_member(&org_id, &user_id, role)
    }

    /// Changes a member's role; the last owner cannot be demoted.
    pub fn set_member_role(&self, org_id: String, user_id: String, role: Role) -> Result<OrganizationMember> {
        self.0.set_member_role(&org_id, &user_id, role)
    }

    /// Removes a member; the last owner cannot be removed.
    pub fn remove_member(&self, org_id: String, user_id: String) -> Result<()> {
        self.0.remove_member(&org_id, &user_id)
    }

    /// The membership of a user in an organization.
    pub fn member(&self, org_id: String, user_id: String) -> Result<OrganizationMember> {
        self.0.member(&org_id, &user_id)
    }

    /// Members of an organization, newest first.
    pub fn members(&self, org_id: String, page: PageRequest) -> Result<Vec<OrganizationMember>> {
        self.0.members(&org_id, &page)
    }

    /// The memberships of a user, newest first.
    pub fn memberships_of(&self, user_id: String, page: PageRequest) -> Result<Vec<OrganizationMember>> {
        self.0.memberships_of(&user_id, &page)
    }
}

/// Devices users sign in from. See `unified_store::Devices`.
#[derive(uniffi::Object)]
pub struct Devices(pub(crate) core::Devices);

#[uniffi::export]
impl Devices {
    /// Registers a device of a user, seen now.
    pub fn register(&self, device: NewDevice) -> Result<Device> {
        self.0.register(&device)
    }

    /// Device `id`.
    pub fn get(&self, id: String) -> Result<Device> {
        self.0.get(&id)
    }

    /// The devices of a user, newest first.
    pub fn list(&self, user_id: String, page: PageRequest) -> Result<Vec<Device>> {
        self.0.list(&user_id, &page)
    }

    /// Renames a device.
    pub fn rename(&self, id: String, name: String) -> Result<Device> {
        self.0.rename(&id, &name)
    }

    /// Marks a device as seen now.
    pub fn touch(&self, id: String) -> Result<Device> {
        self.0.touch(&id)
    }

    /// Removes a device for good.
    pub fn remove(&self, id: String) -> Result<()> {
        self.0.remove(&id)
    }
}

/// Per-user settings. See `unified_store::Settings`.
#[derive(uniffi::Object)]
pub struct Settings(pub(crate) core::Settings);

#[uniffi::export]
impl Settings {
    /// Sets a setting to JSON text (`InvalidInput` on `value` if malformed).
    pub fn set(&self, user_id: String, key: String, value_json: String) -> Result<UserSetting> {
        self.0.set(&user_id, &key, &value_json)
    }

    /// A setting, or nothing when it is not set.
    pub fn get(&self, user_id: String, key: String) -> Result<Option<UserSetting>> {
        self.0.get(&user_id, &key)
    }

    /// The settings of a user, newest first.
    pub fn list(&self, user_id: String, page: PageRequest) -> Result<Vec<UserSetting>> {
        self.0.list(&user_id, &page)
    }

    /// Removes a setting (`NotFound` if it is not set).
    pub fn remove(&self, user_id: String, key: String) -> Result<()> {
        self.0.remove(&user_id, &key)
    }

    /// Sets a setting to a boolean.
    pub fn set_bool(&self, user_id: String, key: String, value: bool) -> Result<UserSetting> {
        self.0.set_bool(&user_id, &key, value)
    }

    /// A setting as a boolean, or nothing when it is not set.
    pub fn get_bool(&self, user_id: String, key: String) -> Result<Option<bool>> {
        self.0.get_bool(&user_id, &key)
    }

    /// Sets a setting to an integer.
    pub fn set_i64(&self, user_id: String, key: String, value: i64) -> Result<UserSetting> {
        self.0.set_i64(&user_id, &key, value)
    }

    /// A setting as an integer, or nothing when it is not set.
    pub fn get_i64(&self, user_id: String, key: String) -> Result<Option<i64>> {
        self.0.get_i64(&user_id, &key)
    }

    /// Sets a setting to a string.
    pub fn set_string(&self, user_id: String, key: String, value: String) -> Result<UserSetting> {
        self.0.set_string(&user_id, &key, &value)
    }

    /// A setting as a string, or nothing when it is not set.
    pub fn get_string(&self, user_id: String, key: String) -> Result<Option<String>> {
        self.0.get_string(&user_id, &key)
    }
}
