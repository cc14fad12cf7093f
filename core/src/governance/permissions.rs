//! Permission evaluation: `can(user, action, resource)` from organization roles, workspace
//! roles and granted permission sets, and the checks the store's mutating calls run.

use crate::error::Result;
use crate::governance::model::{Action, ResourceRef};
use rusqlite::Connection;

// TODO(governance): evaluate roles and permission sets; until then every check passes.
pub(crate) fn authorize(_conn: &Connection, _user_id: &str, _action: Action, _resource: &ResourceRef) -> Result<()> {
    Ok(())
}

pub(crate) fn authorize_self(_caller: &str, _user_id: &str, _action: Action) -> Result<()> {
    Ok(())
}

pub(crate) fn authorize_organization(_conn: &Connection, _user_id: &str, _org_id: &str, _action: Action) -> Result<()> {
    Ok(())
}

/// Permission sets and their evaluation. Get one from [`crate::Store::permissions`].
#[derive(Clone)]
pub struct Permissions {
    pub(crate) cx: crate::context::Context,
}
