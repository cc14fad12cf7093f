//! The behaviour suite: written once, run against every kind of store (in memory and on
//! disk natively, in memory under Node and on OPFS in the browser).
//!
//! Each test is a plain function taking a freshly opened, empty [`Store`], kept in the file
//! of its domain; the [`behaviour_tests!`] macro wraps every one of them in the caller's test
//! attribute, as `<domain>::<name>`.

#![allow(dead_code)] // each runner uses the fixtures it needs

pub mod ai;
pub mod billing;
pub mod content;
pub mod governance;
pub mod identity;
pub mod storage;
pub mod vectors;

use std::sync::atomic::{AtomicU32, Ordering};
use unified_store::{
    MessageRole, NewUser, NewWorkspace, PageRequest, QuerySyntax, SearchQuery, Store, StoreError, User, Workspace,
};

/// Generates one test per behaviour. `$open` yields a fresh `Store` (an `async` form awaits it).
#[macro_export]
macro_rules! behaviour_tests {
    (#[$attr:meta] fn with $open:expr) => {
        $crate::behaviour_tests!(@domains __behaviour_sync #[$attr] fn with $open);
    };
    (#[$attr:meta] async fn with $open:expr) => {
        $crate::behaviour_tests!(@domains __behaviour_async #[$attr] fn with $open);
    };
    (@domains $emit:ident $($args:tt)*) => {
        $crate::__content_cases!($emit $($args)*);
        $crate::__identity_cases!($emit $($args)*);
        $crate::__ai_cases!($emit $($args)*);
        $crate::__governance_cases!($emit $($args)*);
        $crate::__billing_cases!($emit $($args)*);
        $crate::__vectors_cases!($emit $($args)*);
        $crate::__storage_cases!($emit $($args)*);
    };
}

#[macro_export]
#[doc(hidden)]
macro_rules! __behaviour_sync {
    ($domain:ident; #[$attr:meta] fn with $open:expr; $($name:ident),*) => {
        mod $domain {
            #[allow(unused_imports)]
            use super::*;
            $( #[$attr] fn $name() { $crate::behaviour::$domain::$name($open) } )*
        }
    };
}

#[macro_export]
#[doc(hidden)]
macro_rules! __behaviour_async {
    ($domain:ident; #[$attr:meta] fn with $open:expr; $($name:ident),*) => {
        mod $domain {
            #[allow(unused_imports)]
            use super::*;
            $( #[$attr] async fn $name() { $crate::behaviour::$domain::$name($open.await) } )*
        }
    };
}

fn page(limit: u32) -> PageRequest {
    PageRequest::first(limit)
}

fn field_of(error: StoreError) -> String {
    match error {
        StoreError::InvalidInput { field, .. } => field,
        other => panic!("expected InvalidInput, got {other:?}"),
    }
}

fn entity_of(error: StoreError) -> String {
    match error {
        StoreError::NotFound { entity, .. } => entity,
        other => panic!("expected NotFound, got {other:?}"),
    }
}

/// The entity and field of a `Conflict`.
pub fn conflict_of(error: StoreError) -> (String, String) {
    match error {
        StoreError::Conflict { entity, field, .. } => (entity, field),
        other => panic!("expected Conflict, got {other:?}"),
    }
}

/// The field of a `Conflict`.
pub fn conflict_field(error: StoreError) -> String {
    conflict_of(error).1
}

/// The user and action of a `PermissionDenied`.
pub fn denied_of(error: StoreError) -> (String, String) {
    match error {
        StoreError::PermissionDenied { user_id, action, .. } => (user_id, action),
        other => panic!("expected PermissionDenied, got {other:?}"),
    }
}

fn query(text: &str) -> SearchQuery {
    SearchQuery::words(text)
}

/// A fresh user with a unique email.
pub fn user(store: &Store, name: &str) -> Result<User, StoreError> {
    static NEXT: AtomicU32 = AtomicU32::new(0);
    let n = NEXT.fetch_add(1, Ordering::Relaxed);
    store.users().create(&NewUser::new(format!("user{n}@example.com"), name))
}

/// What creating workspace `name` needs, owned by a fresh user.
pub fn owned(store: &Store, name: &str) -> NewWorkspace {
    NewWorkspace::for_user(name, user(store, "Owner").unwrap().id)
}

/// What creating another workspace with the owner of `workspace` needs.
pub fn owned_by(workspace: &Workspace) -> NewWorkspace {
    NewWorkspace {
        name: workspace.name.clone(),
        owner_user_id: workspace.owner_user_id.clone(),
        owner_organization_id: workspace.owner_organization_id.clone(),
    }
}

/// Workspace `name`, owned by a fresh user.
pub fn workspace(store: &Store, name: &str) -> Result<Workspace, StoreError> {
    store.workspaces().create(&owned(store, name))
}
