//! The identity domain as JS classes: one-line delegations to `unified_store`.

use crate::convert::{
    Flag, Integer, JsResult, Text, arg, arg_or_default, flag, integer, js_error, ret, ret_all, ret_some, text,
};
use crate::jobs::{JsPause, OnProgress};
use js_sys::Promise;
use tsify::Ts;
use unified_store as core;
use unified_store::*;
use wasm_bindgen::JsValue;
use wasm_bindgen::prelude::wasm_bindgen;
use wasm_bindgen_futures::future_to_promise;

/// Users: people using the app. See `unified_store::Users`.
#[wasm_bindgen]
pub struct Users(pub(crate) core::Users, pub(crate) core::Attachments);

#[wasm_bindgen]
impl Users {
    /// Creates a user; the email must be valid and unused (`Conflict` on `email`).
    pub fn create(&self, user: Ts<NewUser>) -> JsResult<Ts<User>> {
        ret(self.0.create(&arg("user", user)?))
    }

    /// The live user `id`.
    pub fn get(&self, id: Text) -> JsResult<Ts<User>> {
        ret(self.0.get(&text("id", id)?))
    }

    /// The live user with `email` (any letter case), or `undefined`.
    #[wasm_bindgen(js_name = findByEmail)]
    pub fn find_by_email(&self, email: Text) -> JsResult<Option<Ts<User>>> {
        ret_some(self.0.find_by_email(&text("email", email)?))
    }

    /// Live users, newest first (the first 50 without `page`).
    pub fn list(&self, page: Option<Ts<PageRequest>>) -> JsResult<Vec<Ts<User>>> {
        ret_all(self.0.list(&arg_or_default("page", page)?))
    }

    /// Changes the fields `patch` sets; returns the user as stored.
    pub fn update(&self, id: Text, patch: Ts<UserPatch>) -> JsResult<Ts<User>> {
        ret(self.0.update(&text("id", id)?, &arg("patch", patch)?))
    }

    /// Soft-deletes a user: they and their devices, settings and memberships leave every read.
    pub fn delete(&self, id: Text) -> JsResult<()> {
        self.0.delete(&text("id", id)?).map_err(js_error)
    }

    /// Brings back a soft-deleted user.
    pub fn restore(&self, id: Text) -> JsResult<Ts<User>> {
        ret(self.0.restore(&text("id", id)?))
    }

    /// Removes a user for good, with everything that is theirs.
    pub fn purge(&self, id: Text) -> JsResult<()> {
        self.0.purge(&text("id", id)?).map_err(js_error)
    }

    /// Erases the user's personal data for good (GDPR erasure; what goes and what stays in
    /// docs/data-model.md, "Erasure"), leaving no trace in the store's files.
    #[wasm_bindgen(js_name = eraseUserData, unchecked_return_type = "Promise<Erasure>")]
    pub fn erase_user_data(&self, #[wasm_bindgen(js_name = userId)] user_id: Text) -> JsResult<Promise> {
        let (users, attachments, user_id) = (self.0.clone(), self.1.clone(), text("user_id", user_id)?);
        Ok(future_to_promise(async move {
            let erasure = users.erase_user_data(&user_id);
            // Their files, where removal waits for the commit (OPFS).
            attachments.collect_files(false).await.map_err(js_error)?;
            ret(erasure).map(JsValue::from)
        }))
    }

    /// Everything the user owns as a zip (GDPR export; layout in docs/data-model.md,
    /// "Export"), held in memory for the page to save; `onProgress` gets steps done, and
    /// `false` cancels (`Cancelled`).
    #[wasm_bindgen(js_name = exportUserData, unchecked_return_type = "Promise<Uint8Array>")]
    pub fn export_user_data(
        &self,
        #[wasm_bindgen(js_name = userId)] user_id: Text,
        #[wasm_bindgen(js_name = onProgress)] on_progress: Option<OnProgress>,
    ) -> JsResult<Promise> {
        let (users, user_id) = (self.0.clone(), text("user_id", user_id)?);
        Ok(future_to_promise(async move {
            let bytes = users.export_user_data_bytes_stepwise(&user_id, &mut JsPause::new(on_progress)).await;
            bytes.map(|bytes| js_sys::Uint8Array::from(&bytes[..]).into()).map_err(js_error)
        }))
    }
}

/// Organizations and their members. See `unified_store::Organizations`.
#[wasm_bindgen]
pub struct Organizations(pub(crate) core::Organizations);

#[wasm_bindgen]
impl Organizations {
    /// Creates an organization (unique slug), optionally with its owner.
    pub fn create(&self, organization: Ts<NewOrganization>) -> JsResult<Ts<Organization>> {
        ret(self.0.create(&arg("organization", organization)?))
    }

    /// Organization `id`.
    pub fn get(&self, id: Text) -> JsResult<Ts<Organization>> {
        ret(self.0.get(&text("id", id)?))
    }

    /// The organization with `slug`, or `undefined`.
    #[wasm_bindgen(js_name = findBySlug)]
    pub fn find_by_slug(&self, slug: Text) -> JsResult<Option<Ts<Organization>>> {
        ret_some(self.0.find_by_slug(&text("slug", slug)?))
    }

    /// All organizations, newest first (the first 50 without `page`).
    pub fn list(&self, page: Option<Ts<PageRequest>>) -> JsResult<Vec<Ts<Organization>>> {
        ret_all(self.0.list(&arg_or_default("page", page)?))
    }

    /// Changes the name or slug of an organization.
    pub fn update(&self, id: Text, patch: Ts<OrganizationPatch>) -> JsResult<Ts<Organization>> {
        ret(self.0.update(&text("id", id)?, &arg("patch", patch)?))
    }

    /// Deletes an organization for good, with its memberships and workspaces.
    pub fn delete(&self, id: Text) -> JsResult<()> {
        self.0.delete(&text("id", id)?).map_err(js_error)
    }

    /// Adds a user to an organization with a role (`Conflict` on `user_id` if a member already).
    #[wasm_bindgen(js_name = addMember)]
    pub fn add_member(
        &self,
        #[wasm_bindgen(js_name = orgId)] org_id: Text,
        #[wasm_bindgen(js_name = userId)] user_id: Text,
        role: Ts<Role>,
    ) -> JsResult<Ts<OrganizationMember>> {
        ret(self.0.add_member(&text("org_id", org_id)?, &text("user_id", user_id)?, arg("role", role)?))
    }

    /// Changes a member's role; the last owner cannot be demoted.
    #[wasm_bindgen(js_name = setMemberRole)]
    pub fn set_member_role(
        &self,
        #[wasm_bindgen(js_name = orgId)] org_id: Text,
        #[wasm_bindgen(js_name = userId)] user_id: Text,
        role: Ts<Role>,
    ) -> JsResult<Ts<OrganizationMember>> {
        ret(self.0.set_member_role(&text("org_id", org_id)?, &text("user_id", user_id)?, arg("role", role)?))
    }

    /// Removes a member; the last owner cannot be removed.
    #[wasm_bindgen(js_name = removeMember)]
    pub fn remove_member(
        &self,
        #[wasm_bindgen(js_name = orgId)] org_id: Text,
        #[wasm_bindgen(js_name = userId)] user_id: Text,
    ) -> JsResult<()> {
        self.0.remove_member(&text("org_id", org_id)?, &text("user_id", user_id)?).map_err(js_error)
    }

    /// The membership of a user in an organization.
    pub fn member(
        &self,
        #[wasm_bindgen(js_name = orgId)] org_id: Text,
        #[wasm_bindgen(js_name = userId)] user_id: Text,
    ) -> JsResult<Ts<OrganizationMember>> {
        ret(self.0.member(&text("org_id", org_id)?, &text("user_id", user_id)?))
    }

    /// Members of an organization, newest first (the first 50 without `page`).
    pub fn members(
        &self,
        #[wasm_bindgen(js_name = orgId)] org_id: Text,
        page: Option<Ts<PageRequest>>,
    ) -> JsResult<Vec<Ts<OrganizationMember>>> {
        ret_all(self.0.members(&text("org_id", org_id)?, &arg_or_default("page", page)?))
    }

    /// The memberships of a user, newest first (the first 50 without `page`).
    #[wasm_bindgen(js_name = membershipsOf)]
    pub fn memberships_of(
        &self,
        #[wasm_bindgen(js_name = userId)] user_id: Text,
        page: Option<Ts<PageRequest>>,
    ) -> JsResult<Vec<Ts<OrganizationMember>>> {
        ret_all(self.0.memberships_of(&text("user_id", user_id)?, &arg_or_default("page", page)?))
    }
}

/// Devices users sign in from. See `unified_store::Devices`.
#[wasm_bindgen]
pub struct Devices(pub(crate) core::Devices);

#[wasm_bindgen]
impl Devices {
    /// Registers a device of a user, seen now.
    pub fn register(&self, device: Ts<NewDevice>) -> JsResult<Ts<Device>> {
        ret(self.0.register(&arg("device", device)?))
    }

    /// Device `id`.
    pub fn get(&self, id: Text) -> JsResult<Ts<Device>> {
        ret(self.0.get(&text("id", id)?))
    }

    /// The devices of a user, newest first (the first 50 without `page`).
    pub fn list(
        &self,
        #[wasm_bindgen(js_name = userId)] user_id: Text,
        page: Option<Ts<PageRequest>>,
    ) -> JsResult<Vec<Ts<Device>>> {
        ret_all(self.0.list(&text("user_id", user_id)?, &arg_or_default("page", page)?))
    }

    /// Renames a device.
    pub fn rename(&self, id: Text, name: Text) -> JsResult<Ts<Device>> {
        ret(self.0.rename(&text("id", id)?, &text("name", name)?))
    }

    /// Marks a device as seen now.
    pub fn touch(&self, id: Text) -> JsResult<Ts<Device>> {
        ret(self.0.touch(&text("id", id)?))
    }

    /// Removes a device for good.
    pub fn remove(&self, id: Text) -> JsResult<()> {
        self.0.remove(&text("id", id)?).map_err(js_error)
    }
}

/// Per-user settings. See `unified_store::Settings`.
#[wasm_bindgen]
pub struct Settings(pub(crate) core::Settings);

#[wasm_bindgen]
impl Settings {
    /// Sets a setting to JSON text (`InvalidInput` on `value` if malformed).
    pub fn set(
        &self,
        #[wasm_bindgen(js_name = userId)] user_id: Text,
        key: Text,
        #[wasm_bindgen(js_name = valueJson)] value_json: Text,
    ) -> JsResult<Ts<UserSetting>> {
        ret(self.0.set(&text("user_id", user_id)?, &text("key", key)?, &text("value_json", value_json)?))
    }

    /// A setting, or `undefined` when it is not set.
    pub fn get(&self, #[wasm_bindgen(js_name = userId)] user_id: Text, key: Text) -> JsResult<Option<Ts<UserSetting>>> {
        ret_some(self.0.get(&text("user_id", user_id)?, &text("key", key)?))
    }

    /// The settings of a user, newest first (the first 50 without `page`).
    pub fn list(
        &self,
        #[wasm_bindgen(js_name = userId)] user_id: Text,
        page: Option<Ts<PageRequest>>,
    ) -> JsResult<Vec<Ts<UserSetting>>> {
        ret_all(self.0.list(&text("user_id", user_id)?, &arg_or_default("page", page)?))
    }

    /// Removes a setting (`NotFound` if it is not set).
    pub fn remove(&self, #[wasm_bindgen(js_name = userId)] user_id: Text, key: Text) -> JsResult<()> {
        self.0.remove(&text("user_id", user_id)?, &text("key", key)?).map_err(js_error)
    }

    /// Sets a setting to a boolean.
    #[wasm_bindgen(js_name = setBool)]
    pub fn set_bool(
        &self,
        #[wasm_bindgen(js_name = userId)] user_id: Text,
        key: Text,
        value: Flag,
    ) -> JsResult<Ts<UserSetting>> {
        ret(self.0.set_bool(&text("user_id", user_id)?, &text("key", key)?, flag("value", value)?))
    }

    /// A setting as a boolean, or `undefined` when it is not set.
    #[wasm_bindgen(js_name = getBool)]
    pub fn get_bool(&self, #[wasm_bindgen(js_name = userId)] user_id: Text, key: Text) -> JsResult<Option<bool>> {
        self.0.get_bool(&text("user_id", user_id)?, &text("key", key)?).map_err(js_error)
    }

    /// Sets a setting to an integer, given as a `bigint` (the full 64-bit range).
    #[wasm_bindgen(js_name = setI64)]
    pub fn set_i64(
        &self,
        #[wasm_bindgen(js_name = userId)] user_id: Text,
        key: Text,
        value: Integer,
    ) -> JsResult<Ts<UserSetting>> {
        ret(self.0.set_i64(&text("user_id", user_id)?, &text("key", key)?, integer("value", value)?))
    }

    /// A setting as an integer (a `bigint`), or `undefined` when it is not set.
    #[wasm_bindgen(js_name = getI64)]
    pub fn get_i64(&self, #[wasm_bindgen(js_name = userId)] user_id: Text, key: Text) -> JsResult<Option<i64>> {
        self.0.get_i64(&text("user_id", user_id)?, &text("key", key)?).map_err(js_error)
    }

    /// Sets a setting to a string.
    #[wasm_bindgen(js_name = setString)]
    pub fn set_string(
        &self,
        #[wasm_bindgen(js_name = userId)] user_id: Text,
        key: Text,
        value: Text,
    ) -> JsResult<Ts<UserSetting>> {
        ret(self.0.set_string(&text("user_id", user_id)?, &text("key", key)?, &text("value", value)?))
    }

    /// A setting as a string, or `undefined` when it is not set.
    #[wasm_bindgen(js_name = getString)]
    pub fn get_string(&self, #[wasm_bindgen(js_name = userId)] user_id: Text, key: Text) -> JsResult<Option<String>> {
        self.0.get_string(&text("user_id", user_id)?, &text("key", key)?).map_err(js_error)
    }
}
