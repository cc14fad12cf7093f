//! Records owned by exactly one user or one organization (workspaces, subscription plans):
//! the owner pair checked once here. Who may act for an owner stays with each record.

use crate::entity;
use crate::error::{Error, Result};
use crate::identity::model::{Organization, User};
use crate::values::optional_id;
use rusqlite::Connection;

/// The owner pair, canonical: exactly one of a user and an organization, else `InvalidInput`
/// on `owner`.
pub(crate) fn pair(user_id: Option<&str>, organization_id: Option<&str>) -> Result<(Option<String>, Option<String>)> {
    let user_id = optional_id("owner_user_id", user_id)?;
    let organization_id = optional_id("owner_organization_id", organization_id)?;
    if user_id.is_some() == organization_id.is_some() {
        return Err(Error::invalid("owner", "set exactly one of owner_user_id and owner_organization_id"));
    }
    Ok((user_id, organization_id))
}

/// `NotFound` unless the owner (canonical ids) exists: a live user, an organization.
pub(crate) fn require(conn: &Connection, user_id: Option<&str>, organization_id: Option<&str>) -> Result<()> {
    if let Some(user_id) = user_id {
        entity::get::<User>(conn, user_id)?;
    }
    if let Some(organization_id) = organization_id {
        entity::get::<Organization>(conn, organization_id)?;
    }
    Ok(())
}
