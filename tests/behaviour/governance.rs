//! Behaviour of the governance domain: permissions, consent, telemetry and the audit log.

use super::*;
use unified_store::{
    Action, AuditFilter, ConsentScope, DevicePlatform, NewConsent, NewDevice, NewOrganization, NewPermissionSet,
    NewProject, NewTelemetryEvent, NewThread, PermissionSetPatch, ResourceRef, Role, TelemetryOutcome,
};

/// The governance behaviours, for [`crate::behaviour_tests!`].
#[macro_export]
#[doc(hidden)]
macro_rules! __governance_cases {
    ($emit:ident $($args:tt)*) => {
        $crate::$emit!(governance; $($args)*; permission_table, permission_checks_type_bad_ids, explain_names_the_deciding_rule, acting_as_enforces_permissions, a_view_does_not_own_the_connection, grants_are_validated_and_unique, grants_crud, granting_needs_manage, consent_keeps_history, consent_is_the_users_own, telemetry_is_gated_by_consent, telemetry_rejects_bad_input, telemetry_delete_and_clear, audit_log_records_sensitive_actions, audit_log_lists_and_pages);
    };
}

const UNKNOWN: &str = "01890a5d-ac96-774b-bcce-b302099a8057";

fn consent(user: &User, scope: ConsentScope, granted: bool) -> NewConsent {
    NewConsent { user_id: user.id.clone(), scope, granted, policy_version: "2025-01".into() }
}

/// Every (who, action, resource, expected) row of the permission rules.
pub fn permission_table(store: Store) {
    use Action::{Delete, Manage, Read, Write};
    let u = |name: &str| user(&store, name).unwrap();
    // A workspace owned by a user, with members of each role, a project, a thread in the
    // project and a thread outside it.
    let (owner, admin, member, viewer) = (u("owner"), u("admin"), u("member"), u("viewer"));
    let (guest, stranger, gone) = (u("guest"), u("stranger"), u("gone"));
    let ws = store.workspaces().create(&NewWorkspace::for_user("W", &owner.id)).unwrap();
    for (who, role) in [(&admin, Role::Admin), (&member, Role::Member), (&viewer, Role::Viewer), (&gone, Role::Admin)] {
        store.workspaces().add_member(&ws.id, &who.id, role).unwrap();
    }
    let project = store.projects().create(&NewProject::new(&ws.id, "P")).unwrap();
    let in_project = store
        .threads()
        .create_with(&NewThread {
            workspace_id: ws.id.clone(),
            project_id: Some(project.id.clone()),
            title: "T".into(),
        })
        .unwrap();
    let loose = store.threads().create(&ws.id, "loose").unwrap();
    let permissions = store.permissions();
    // The guest may read and write the project (so its thread), and nothing else.
    permissions
        .grant(&NewPermissionSet::for_user(&guest.id, ResourceRef::project(&project.id), vec![Read, Write]))
        .unwrap();
    // Viewers (and anyone stronger) may write and delete the loose thread.
    permissions
        .grant(&NewPermissionSet::for_role(Role::Viewer, ResourceRef::thread(&loose.id), vec![Write, Delete]))
        .unwrap();
    // Members (and anyone stronger) may delete in the project.
    permissions
        .grant(&NewPermissionSet::for_role(Role::Member, ResourceRef::project(&project.id), vec![Delete]))
        .unwrap();
    store.users().delete(&gone.id).unwrap();

    // An organization's workspace: its roles apply; the strongest role wins.
    let (org_owner, org_admin, org_member, org_viewer, mixed) =
        (u("org owner"), u("org admin"), u("org member"), u("org viewer"), u("mixed"));
    let org = store
        .organizations()
        .create(&NewOrganization { name: "Org".into(), slug: "org".into(), owner_user_id: Some(org_owner.id.clone()) })
        .unwrap();
    for (who, role) in
        [(&org_admin, Role::Admin), (&org_member, Role::Member), (&org_viewer, Role::Viewer), (&mixed, Role::Viewer)]
    {
        store.organizations().add_member(&org.id, &who.id, role).unwrap();
    }
    let org_ws = store.workspaces().create(&NewWorkspace::for_organization("Org W", &org.id)).unwrap();
    store.workspaces().add_member(&org_ws.id, &mixed.id, Role::Admin).unwrap();
    let org_thread = store.threads().create(&org_ws.id, "org thread").unwrap();

    let w = ResourceRef::workspace(&ws.id);
    let p = ResourceRef::project(&project.id);
    let t = ResourceRef::thread(&in_project.id);
    let l = ResourceRef::thread(&loose.id);
    let ow = ResourceRef::workspace(&org_ws.id);
    let ot = ResourceRef::thread(&org_thread.id);
    #[rustfmt::skip]
    let table: Vec<(&str, &User, Action, &ResourceRef, bool)> = vec![
        ("owner manages", &owner, Manage, &w, true),
        ("owner deletes a thread", &owner, Delete, &t, true),
        ("admin manages", &admin, Manage, &w, true),
        ("admin deletes", &admin, Delete, &l, true),
        ("member writes", &member, Write, &w, true),
        ("member reads a thread", &member, Read, &l, true),
        ("member may not manage", &member, Manage, &w, false),
        ("member may not delete the workspace", &member, Delete, &w, false),
        ("role grant on a project reaches its thread", &member, Delete, &t, true),
        ("role grant applies to stronger roles", &member, Delete, &l, true),
        ("role grant stays on its resource", &viewer, Delete, &t, false),
        ("role grant does not apply to weaker roles", &viewer, Delete, &p, false),
        ("viewer reads", &viewer, Read, &w, true),
        ("viewer may not write the workspace", &viewer, Write, &w, false),
        ("viewer may not write the project's thread", &viewer, Write, &t, false),
        ("role grant on a thread", &viewer, Write, &l, true),
        ("user grant on a project", &guest, Write, &p, true),
        ("user grant reaches the project's thread", &guest, Read, &t, true),
        ("user grant is only what it names", &guest, Delete, &t, false),
        ("user grant does not reach other threads", &guest, Read, &l, false),
        ("user grant does not reach the workspace", &guest, Read, &w, false),
        ("role grant needs a role", &guest, Write, &l, false),
        ("stranger reads nothing", &stranger, Read, &w, false),
        ("stranger writes nothing", &stranger, Write, &t, false),
        ("deleted admin reads nothing", &gone, Read, &w, false),
        ("org owner manages its workspaces", &org_owner, Manage, &ow, true),
        ("org admin deletes", &org_admin, Delete, &ot, true),
        ("org member writes", &org_member, Write, &ot, true),
        ("org member may not delete", &org_member, Delete, &ow, false),
        ("org viewer reads", &org_viewer, Read, &ot, true),
        ("org viewer may not write", &org_viewer, Write, &ot, false),
        ("strongest role wins", &mixed, Manage, &ow, true),
        ("owner of one workspace is a stranger in another", &owner, Read, &ow, false),
        ("org owner is a stranger in a user's workspace", &org_owner, Read, &w, false),
    ];
    let wrong: Vec<_> = table
        .iter()
        .filter(|(_, who, action, resource, expected)| {
            permissions.can(&who.id, *action, resource).unwrap() != *expected
        })
        .map(|(name, ..)| *name)
        .collect();
    assert!(wrong.is_empty(), "rows decided wrongly: {wrong:?}");
}

pub fn permission_checks_type_bad_ids(store: Store) {
    let ws = workspace(&store, "W").unwrap();
    let owner = ws.owner_user_id.clone().unwrap();
    let project = store.projects().create(&NewProject::new(&ws.id, "P")).unwrap();
    let thread = store
        .threads()
        .create_with(&NewThread {
            workspace_id: ws.id.clone(),
            project_id: Some(project.id.clone()),
            title: "T".into(),
        })
        .unwrap();
    let permissions = store.permissions();
    let can = |user: &str, resource: ResourceRef| permissions.can(user, Action::Read, &resource);
    assert!(can(&owner, ResourceRef::thread(&thread.id)).unwrap());
    assert!(can(&owner.to_uppercase(), ResourceRef::thread(thread.id.to_uppercase())).unwrap(), "any id spelling");
    assert_eq!(entity_of(can(UNKNOWN, ResourceRef::workspace(&ws.id)).unwrap_err()), "user");
    assert_eq!(entity_of(can(&owner, ResourceRef::workspace(UNKNOWN)).unwrap_err()), "workspace");
    assert_eq!(entity_of(can(&owner, ResourceRef::project(UNKNOWN)).unwrap_err()), "project");
    assert_eq!(entity_of(can(&owner, ResourceRef::thread(UNKNOWN)).unwrap_err()), "thread");
    assert_eq!(
        entity_of(can(&owner, ResourceRef::thread(&ws.id)).unwrap_err()),
        "thread",
        "a workspace id is no thread"
    );
    assert_eq!(field_of(can("nope", ResourceRef::workspace(&ws.id)).unwrap_err()), "user_id");
    assert_eq!(field_of(can(&owner, ResourceRef::workspace("nope")).unwrap_err()), "resource");

    store.projects().delete(&project.id).unwrap();
    assert_eq!(entity_of(can(&owner, ResourceRef::project(&project.id)).unwrap_err()), "project");
    assert_eq!(
        entity_of(can(&owner, ResourceRef::thread(&thread.id)).unwrap_err()),
        "thread",
        "under a deleted project"
    );
    store.workspaces().delete(&ws.id).unwrap();
    assert_eq!(entity_of(can(&owner, ResourceRef::workspace(&ws.id)).unwrap_err()), "workspace");
}

pub fn explain_names_the_deciding_rule(store: Store) {
    let ws = workspace(&store, "W").unwrap();
    let owner = ws.owner_user_id.clone().unwrap();
    let guest = user(&store, "guest").unwrap();
    let thread = store.threads().create(&ws.id, "T").unwrap();
    let permissions = store.permissions();
    let by_role = permissions.explain(&owner, Action::Manage, &ResourceRef::thread(&thread.id)).unwrap();
    assert!(by_role.allowed);
    assert_eq!(
        (by_role.role, by_role.permission_set_id, by_role.workspace_id),
        (Some(Role::Owner), None, ws.id.clone())
    );

    let refused = permissions.explain(&guest.id, Action::Read, &ResourceRef::thread(&thread.id)).unwrap();
    assert!(!refused.allowed);
    assert_eq!((refused.role, refused.permission_set_id), (None, None));
    assert!(refused.reason.contains("no role"), "{}", refused.reason);

    let set = permissions
        .grant(&NewPermissionSet::for_user(&guest.id, ResourceRef::workspace(&ws.id), vec![Action::Read]))
        .unwrap();
    let granted = permissions.explain(&guest.id, Action::Read, &ResourceRef::thread(&thread.id)).unwrap();
    assert!(granted.allowed);
    assert_eq!(granted.permission_set_id, Some(set.id));
}

pub fn acting_as_enforces_permissions(store: Store) {
    let ws = workspace(&store, "W").unwrap();
    let (viewer, member, stranger) =
        (user(&store, "viewer").unwrap(), user(&store, "member").unwrap(), user(&store, "stranger").unwrap());
    store.workspaces().add_member(&ws.id, &viewer.id, Role::Viewer).unwrap();
    store.workspaces().add_member(&ws.id, &member.id, Role::Member).unwrap();

    for who in [&viewer, &stranger] {
        let error = store.acting_as(&who.id).unwrap().threads().create(&ws.id, "nope").unwrap_err();
        assert_eq!(denied_of(error), (who.id.clone(), "write".to_owned()));
    }
    assert!(store.threads().list(&ws.id, &page(10)).unwrap().is_empty(), "a refused write leaves nothing");

    let as_member = store.acting_as(&member.id).unwrap();
    let thread = as_member.threads().create(&ws.id, "allowed").unwrap();
    assert_eq!(store.threads().list(&ws.id, &page(10)).unwrap(), [thread.clone()]);
    let error = as_member.workspaces().delete(&ws.id).unwrap_err();
    assert_eq!(denied_of(error).1, "delete", "members may not delete the workspace");
    assert_eq!(store.workspaces().get(&ws.id).unwrap().id, ws.id);

    // A deleted user's store may no longer write what it could.
    store.users().delete(&member.id).unwrap();
    assert_eq!(denied_of(as_member.threads().create(&ws.id, "late").unwrap_err()).1, "write");
    assert_eq!(store.threads().list(&ws.id, &page(10)).unwrap().len(), 1);
}

pub fn a_view_does_not_own_the_connection(store: Store) {
    let owner = user(&store, "owner").unwrap();
    let view = store.acting_as(&owner.id).unwrap();
    assert_eq!((view.caller(), store.caller()), (Some(owner.id.clone()), None));
    view.close().unwrap();
    assert_eq!(store.users().get(&owner.id).unwrap(), owner, "closing a view leaves the store open");
    assert_eq!(view.users().get(&owner.id).unwrap(), owner, "and the view itself");
    store.close().unwrap();
    assert!(
        matches!(view.users().get(&owner.id), Err(StoreError::Storage { .. })),
        "closing the store closes its views"
    );
}

pub fn grants_are_validated_and_unique(store: Store) {
    let ws = workspace(&store, "W").unwrap();
    let guest = user(&store, "guest").unwrap();
    let permissions = store.permissions();
    let on_ws = ResourceRef::workspace(&ws.id);
    let both = NewPermissionSet {
        subject_user_id: Some(guest.id.clone()),
        subject_role: Some(Role::Viewer),
        resource: on_ws.clone(),
        actions: vec![Action::Read],
    };
    assert_eq!(field_of(permissions.grant(&both).unwrap_err()), "subject");
    let neither = NewPermissionSet { subject_user_id: None, subject_role: None, ..both.clone() };
    assert_eq!(field_of(permissions.grant(&neither).unwrap_err()), "subject");
    let no_actions = NewPermissionSet::for_user(&guest.id, on_ws.clone(), vec![]);
    assert_eq!(field_of(permissions.grant(&no_actions).unwrap_err()), "actions");
    let bad_user = NewPermissionSet::for_user("nope", on_ws.clone(), vec![Action::Read]);
    assert_eq!(field_of(permissions.grant(&bad_user).unwrap_err()), "subject_user_id");
    let bad_resource = NewPermissionSet::for_user(&guest.id, ResourceRef::thread("nope"), vec![Action::Read]);
    assert_eq!(field_of(permissions.grant(&bad_resource).unwrap_err()), "resource");
    let unknown_user = NewPermissionSet::for_user(UNKNOWN, on_ws.clone(), vec![Action::Read]);
    assert_eq!(entity_of(permissions.grant(&unknown_user).unwrap_err()), "user");
    let unknown_thread = NewPermissionSet::for_user(&guest.id, ResourceRef::thread(UNKNOWN), vec![Action::Read]);
    assert_eq!(entity_of(permissions.grant(&unknown_thread).unwrap_err()), "thread");
    assert!(permissions.list(&on_ws, &page(10)).unwrap().is_empty(), "rejected grants write nothing");

    let first = permissions.grant(&NewPermissionSet::for_user(&guest.id, on_ws.clone(), vec![Action::Read])).unwrap();
    let again = NewPermissionSet::for_user(guest.id.to_uppercase(), on_ws.clone(), vec![Action::Write]);
    assert_eq!(conflict_field(permissions.grant(&again).unwrap_err()), "subject");
    let role =
        permissions.grant(&NewPermissionSet::for_role(Role::Viewer, on_ws.clone(), vec![Action::Write])).unwrap();
    let role_again = NewPermissionSet::for_role(Role::Viewer, on_ws.clone(), vec![Action::Delete]);
    assert_eq!(conflict_field(permissions.grant(&role_again).unwrap_err()), "subject");
    assert_eq!(permissions.list(&on_ws, &page(10)).unwrap(), [role, first]);
    assert!(!permissions.can(&guest.id, Action::Write, &on_ws).unwrap(), "the conflicting grant added nothing");
}

pub fn grants_crud(store: Store) {
    let ws = workspace(&store, "W").unwrap();
    let project = store.projects().create(&NewProject::new(&ws.id, "P")).unwrap();
    let guest = user(&store, "guest").unwrap();
    let permissions = store.permissions();
    let on_project = ResourceRef::project(&project.id);
    let set = permissions
        .grant(&NewPermissionSet::for_user(
            &guest.id,
            ResourceRef::project(project.id.to_uppercase()),
            vec![Action::Write, Action::Read, Action::Write],
        ))
        .unwrap();
    assert_eq!(set.actions, [Action::Read, Action::Write], "repeats dropped, weakest first");
    assert_eq!(set.resource, on_project, "the id is stored in its canonical spelling");
    assert_eq!((set.workspace_id.as_str(), set.subject_role), (ws.id.as_str(), None));
    assert_eq!(permissions.get(&set.id).unwrap(), set);
    assert_eq!(permissions.list(&on_project, &page(10)).unwrap(), [set.clone()]);
    assert!(permissions.list(&ResourceRef::workspace(&ws.id), &page(10)).unwrap().is_empty());
    assert_eq!(permissions.list_for_user(&guest.id, &page(10)).unwrap(), [set.clone()]);

    let updated =
        permissions.update(&set.id, &PermissionSetPatch { actions: Some(vec![Action::Delete, Action::Read]) }).unwrap();
    assert_eq!(updated.actions, [Action::Read, Action::Delete]);
    assert!(updated.updated_at >= set.updated_at);
    assert_eq!(permissions.get(&set.id).unwrap(), updated);
    assert!(permissions.can(&guest.id, Action::Delete, &on_project).unwrap());
    assert!(!permissions.can(&guest.id, Action::Write, &on_project).unwrap());
    let empty = PermissionSetPatch { actions: Some(vec![]) };
    assert_eq!(field_of(permissions.update(&set.id, &empty).unwrap_err()), "actions");
    assert_eq!(permissions.update(&set.id, &PermissionSetPatch::default()).unwrap(), updated, "nothing to change");

    permissions.revoke(&set.id).unwrap();
    assert_eq!(entity_of(permissions.get(&set.id).unwrap_err()), "permission_set");
    assert_eq!(entity_of(permissions.revoke(&set.id).unwrap_err()), "permission_set");
    assert!(!permissions.can(&guest.id, Action::Read, &on_project).unwrap(), "revoking takes the access away");
    assert_eq!(field_of(permissions.list(&on_project, &PageRequest::first(0)).unwrap_err()), "limit");

    // Purging the project drops the grants made on it.
    let again = permissions.grant(&NewPermissionSet::for_user(&guest.id, on_project, vec![Action::Read])).unwrap();
    store.projects().purge(&project.id).unwrap();
    assert_eq!(entity_of(permissions.get(&again.id).unwrap_err()), "permission_set");
}

pub fn granting_needs_manage(store: Store) {
    let ws = workspace(&store, "W").unwrap();
    let project = store.projects().create(&NewProject::new(&ws.id, "P")).unwrap();
    let (admin, member, guest, delegate) = (
        user(&store, "admin").unwrap(),
        user(&store, "member").unwrap(),
        user(&store, "guest").unwrap(),
        user(&store, "delegate").unwrap(),
    );
    store.workspaces().add_member(&ws.id, &admin.id, Role::Admin).unwrap();
    store.workspaces().add_member(&ws.id, &member.id, Role::Member).unwrap();
    let on_ws = ResourceRef::workspace(&ws.id);
    let on_project = ResourceRef::project(&project.id);
    let read = |resource: &ResourceRef| NewPermissionSet::for_user(&guest.id, resource.clone(), vec![Action::Read]);

    let as_member = store.acting_as(&member.id).unwrap();
    assert_eq!(denied_of(as_member.permissions().grant(&read(&on_ws)).unwrap_err()).1, "manage");
    assert!(store.permissions().list_for_user(&guest.id, &page(10)).unwrap().is_empty());

    let as_admin = store.acting_as(&admin.id).unwrap();
    let set = as_admin.permissions().grant(&read(&on_ws)).unwrap();
    assert_eq!(denied_of(as_member.permissions().revoke(&set.id).unwrap_err()).1, "manage");
    let patch = PermissionSetPatch { actions: Some(vec![Action::Manage]) };
    assert_eq!(denied_of(as_member.permissions().update(&set.id, &patch).unwrap_err()).1, "manage");
    as_admin.permissions().revoke(&set.id).unwrap();

    // Manage granted on a project lets its holder share that project, not the workspace.
    as_admin
        .permissions()
        .grant(&NewPermissionSet::for_user(&delegate.id, on_project.clone(), vec![Action::Manage]))
        .unwrap();
    let as_delegate = store.acting_as(&delegate.id).unwrap();
    as_delegate.permissions().grant(&read(&on_project)).unwrap();
    assert_eq!(denied_of(as_delegate.permissions().grant(&read(&on_ws)).unwrap_err()).1, "manage");

    let audit = store.audit();
    let grants =
        audit.list(&AuditFilter { entity: Some("permission_set".into()), ..Default::default() }, &page(10)).unwrap();
    let actions: Vec<_> = grants.iter().map(|entry| entry.action.as_str()).collect();
    assert_eq!(actions, ["permission.grant", "permission.grant", "permission.revoke", "permission.grant"]);
    assert_eq!(grants[0].actor_user_id.as_deref(), Some(delegate.id.as_str()), "entries name who acted");
    assert_eq!(grants[2].entity_id, set.id);
}

pub fn consent_keeps_history(store: Store) {
    let ada = user(&store, "Ada").unwrap();
    let consent_handle = store.consent();
    assert_eq!(consent_handle.current(&ada.id, ConsentScope::Telemetry).unwrap(), None, "never decided");
    assert!(!consent_handle.is_granted(&ada.id, ConsentScope::Telemetry).unwrap());

    let yes = consent_handle.set(&consent(&ada, ConsentScope::Telemetry, true)).unwrap();
    assert!(yes.granted);
    assert_eq!(consent_handle.get(&yes.id).unwrap(), yes);
    let crash = consent_handle.set(&consent(&ada, ConsentScope::CrashReports, true)).unwrap();
    let no = consent_handle
        .set(&NewConsent { policy_version: " 2025-02 ".into(), ..consent(&ada, ConsentScope::Telemetry, false) })
        .unwrap();
    assert_eq!(no.policy_version, "2025-02", "trimmed");
    assert_eq!(consent_handle.current(&ada.id, ConsentScope::Telemetry).unwrap(), Some(no.clone()));
    assert!(!consent_handle.is_granted(&ada.id, ConsentScope::Telemetry).unwrap());
    assert!(consent_handle.is_granted(&ada.id, ConsentScope::CrashReports).unwrap());
    assert_eq!(consent_handle.current(&ada.id, ConsentScope::ProductResearch).unwrap(), None);
    assert_eq!(consent_handle.list_current(&ada.id).unwrap(), [no.clone(), crash.clone()]);
    assert_eq!(consent_handle.history(&ada.id, &page(10)).unwrap(), [no.clone(), crash.clone(), yes.clone()]);
    let second = consent_handle.history(&ada.id, &PageRequest { limit: 2, after: Some(crash.id.clone()) }).unwrap();
    assert_eq!(second, [yes]);

    let blank = NewConsent { policy_version: "  ".into(), ..consent(&ada, ConsentScope::Telemetry, true) };
    assert_eq!(field_of(consent_handle.set(&blank).unwrap_err()), "policy_version");
    let long = NewConsent { policy_version: "v".repeat(65), ..consent(&ada, ConsentScope::Telemetry, true) };
    assert_eq!(field_of(consent_handle.set(&long).unwrap_err()), "policy_version");
    let unknown = NewConsent { user_id: UNKNOWN.into(), ..consent(&ada, ConsentScope::Telemetry, true) };
    assert_eq!(entity_of(consent_handle.set(&unknown).unwrap_err()), "user");
    assert_eq!(entity_of(consent_handle.current(UNKNOWN, ConsentScope::Telemetry).unwrap_err()), "user");
    assert_eq!(consent_handle.history(&ada.id, &page(10)).unwrap().len(), 3, "rejected decisions write nothing");

    let entries = store.audit().list(&AuditFilter { entity_id: Some(no.id.clone()), ..Default::default() }, &page(10));
    let entries = entries.unwrap();
    assert_eq!(entries.len(), 1);
    assert_eq!((entries[0].action.as_str(), entries[0].entity.as_str()), ("consent.set", "data_sharing_policy"));
}

pub fn consent_is_the_users_own(store: Store) {
    let (ada, bob) = (user(&store, "Ada").unwrap(), user(&store, "Bob").unwrap());
    let as_bob = store.acting_as(&bob.id).unwrap();
    let error = as_bob.consent().set(&consent(&ada, ConsentScope::Telemetry, true)).unwrap_err();
    assert_eq!(denied_of(error).0, bob.id);
    assert_eq!(store.consent().current(&ada.id, ConsentScope::Telemetry).unwrap(), None);
    let own = as_bob.consent().set(&consent(&bob, ConsentScope::Telemetry, true)).unwrap();
    assert_eq!(own.user_id, bob.id);

    // Telemetry is the user's own too.
    let error = as_bob.telemetry().record(&NewTelemetryEvent::new(&ada.id, "app.opened")).unwrap_err();
    assert_eq!(denied_of(error).1, "write");
    assert_eq!(store.telemetry().dropped_count(&ada.id).unwrap(), 0, "a refused call counts nothing");
    assert!(matches!(
        as_bob.telemetry().record(&NewTelemetryEvent::new(&bob.id, "app.opened")).unwrap(),
        TelemetryOutcome::Recorded { .. }
    ));
}

pub fn telemetry_is_gated_by_consent(store: Store) {
    let ada = user(&store, "Ada").unwrap();
    let telemetry = store.telemetry();
    let event = NewTelemetryEvent {
        properties: r#"{"screen":"home"}"#.into(),
        ..NewTelemetryEvent::new(&ada.id, "app.opened")
    };

    assert_eq!(telemetry.record(&event).unwrap(), TelemetryOutcome::Dropped { dropped_total: 1 }, "never consented");
    assert!(telemetry.list(&ada.id, &page(10)).unwrap().is_empty());
    assert_eq!(telemetry.dropped_count(&ada.id).unwrap(), 1);

    store.consent().set(&consent(&ada, ConsentScope::CrashReports, true)).unwrap();
    assert_eq!(telemetry.record(&event).unwrap(), TelemetryOutcome::Dropped { dropped_total: 2 }, "another scope");

    store.consent().set(&consent(&ada, ConsentScope::Telemetry, true)).unwrap();
    let TelemetryOutcome::Recorded { event: recorded } = telemetry.record(&event).unwrap() else {
        panic!("consent was granted")
    };
    assert_eq!((recorded.name.as_str(), recorded.properties.as_str()), ("app.opened", r#"{"screen":"home"}"#));
    assert_eq!(telemetry.get(&recorded.id).unwrap(), recorded);
    assert_eq!(telemetry.list(&ada.id, &page(10)).unwrap(), [recorded.clone()]);

    store.consent().set(&consent(&ada, ConsentScope::Telemetry, false)).unwrap();
    assert_eq!(telemetry.record(&event).unwrap(), TelemetryOutcome::Dropped { dropped_total: 3 }, "withdrawn");
    assert_eq!(telemetry.list(&ada.id, &page(10)).unwrap(), [recorded], "nothing stored after withdrawal");
    assert_eq!(telemetry.dropped_count(&ada.id).unwrap(), 3);
    assert_eq!(entity_of(telemetry.dropped_count(UNKNOWN).unwrap_err()), "user");
}

pub fn telemetry_rejects_bad_input(store: Store) {
    let (ada, bob) = (user(&store, "Ada").unwrap(), user(&store, "Bob").unwrap());
    store.consent().set(&consent(&ada, ConsentScope::Telemetry, true)).unwrap();
    let bobs_phone = store
        .devices()
        .register(&NewDevice { user_id: bob.id.clone(), name: "phone".into(), platform: DevicePlatform::Android })
        .unwrap();
    let adas_laptop = store
        .devices()
        .register(&NewDevice { user_id: ada.id.clone(), name: "laptop".into(), platform: DevicePlatform::Desktop })
        .unwrap();
    let telemetry = store.telemetry();
    let base = NewTelemetryEvent::new(&ada.id, "app.opened");
    for properties in ["[1, 2]", "\"text\"", "not json", "{\"open\": ", "null"] {
        let event = NewTelemetryEvent { properties: properties.into(), ..base.clone() };
        assert_eq!(field_of(telemetry.record(&event).unwrap_err()), "properties", "{properties}");
    }
    let huge = NewTelemetryEvent { properties: format!("{{\"x\":\"{}\"}}", "a".repeat(20_000)), ..base.clone() };
    assert_eq!(field_of(telemetry.record(&huge).unwrap_err()), "properties");
    assert_eq!(
        field_of(telemetry.record(&NewTelemetryEvent { name: " ".into(), ..base.clone() }).unwrap_err()),
        "name"
    );
    assert_eq!(
        field_of(telemetry.record(&NewTelemetryEvent { user_id: "x".into(), ..base.clone() }).unwrap_err()),
        "user_id"
    );
    let unknown_user = NewTelemetryEvent { user_id: UNKNOWN.into(), ..base.clone() };
    assert_eq!(entity_of(telemetry.record(&unknown_user).unwrap_err()), "user");
    let foreign = NewTelemetryEvent { device_id: Some(bobs_phone.id.clone()), ..base.clone() };
    assert_eq!(field_of(telemetry.record(&foreign).unwrap_err()), "device_id");
    let unknown_device = NewTelemetryEvent { device_id: Some(UNKNOWN.into()), ..base.clone() };
    assert_eq!(entity_of(telemetry.record(&unknown_device).unwrap_err()), "device");
    assert!(telemetry.list(&ada.id, &page(10)).unwrap().is_empty(), "rejected events are not stored");
    assert_eq!(telemetry.dropped_count(&ada.id).unwrap(), 0, "nor counted as dropped");

    let own = NewTelemetryEvent { device_id: Some(adas_laptop.id.clone()), ..base };
    let TelemetryOutcome::Recorded { event } = telemetry.record(&own).unwrap() else { panic!("consent was granted") };
    assert_eq!((event.device_id.as_deref(), event.properties.as_str()), (Some(adas_laptop.id.as_str()), "{}"));
}

pub fn telemetry_delete_and_clear(store: Store) {
    let (ada, bob) = (user(&store, "Ada").unwrap(), user(&store, "Bob").unwrap());
    for who in [&ada, &bob] {
        store.consent().set(&consent(who, ConsentScope::Telemetry, true)).unwrap();
    }
    let telemetry = store.telemetry();
    let record = |who: &User, name: &str| match telemetry.record(&NewTelemetryEvent::new(&who.id, name)).unwrap() {
        TelemetryOutcome::Recorded { event } => event,
        other => panic!("expected Recorded, got {other:?}"),
    };
    let first = record(&ada, "one");
    let second = record(&ada, "two");
    let third = record(&ada, "three");
    let bobs = record(&bob, "bob");
    assert_eq!(telemetry.list(&ada.id, &page(2)).unwrap(), [third.clone(), second.clone()]);

    let error = store.acting_as(&bob.id).unwrap().telemetry().delete(&first.id).unwrap_err();
    assert_eq!(denied_of(error).1, "delete");
    telemetry.delete(&first.id).unwrap();
    assert_eq!(entity_of(telemetry.get(&first.id).unwrap_err()), "telemetry_event");
    assert_eq!(entity_of(telemetry.delete(&first.id).unwrap_err()), "telemetry_event");
    assert_eq!(telemetry.clear(&ada.id).unwrap(), 2);
    assert!(telemetry.list(&ada.id, &page(10)).unwrap().is_empty());
    assert_eq!(telemetry.list(&bob.id, &page(10)).unwrap(), [bobs], "other users keep theirs");

    let audit = store.audit();
    let deleted = audit.list(&AuditFilter { entity_id: Some(first.id.clone()), ..Default::default() }, &page(10));
    assert_eq!(deleted.unwrap()[0].action, "telemetry_event.delete");
    let cleared = audit.list(&AuditFilter { entity_id: Some(ada.id.clone()), ..Default::default() }, &page(10));
    let cleared = cleared.unwrap();
    assert_eq!(cleared[0].action, "telemetry.clear");
    assert_eq!(cleared[0].details, r#"{"events":2}"#);
}

pub fn audit_log_records_sensitive_actions(store: Store) {
    let audit = store.audit();
    let before = audit.verify().unwrap();
    assert!(before.intact);
    let ws = workspace(&store, "W").unwrap();
    let guest = user(&store, "guest").unwrap();
    let owner = ws.owner_user_id.clone().unwrap();
    let all = AuditFilter::default();
    let count = |filter: &AuditFilter| audit.list(filter, &page(1000)).unwrap().len();
    let written = count(&all);

    let set = store
        .acting_as(&owner)
        .unwrap()
        .permissions()
        .grant(&NewPermissionSet::for_user(&guest.id, ResourceRef::workspace(&ws.id), vec![Action::Read]))
        .unwrap();
    store.workspaces().delete(&ws.id).unwrap();
    assert_eq!(count(&all), written + 2);
    let newest = audit.list(&all, &page(2)).unwrap();
    assert_eq!((newest[0].action.as_str(), newest[0].entity_id.as_str()), ("workspace.delete", ws.id.as_str()));
    assert_eq!(newest[0].actor_user_id, None, "the device owner acted");
    assert_eq!((newest[1].action.as_str(), newest[1].entity_id.as_str()), ("permission.grant", set.id.as_str()));
    assert_eq!(newest[1].actor_user_id.as_deref(), Some(owner.as_str()));
    assert_eq!(newest[0].prev_hash, newest[1].hash, "each entry links to the one before");
    assert_eq!(newest[0].seq, newest[1].seq + 1);
    assert!(newest[1].details.contains(r#""actions":["read"]"#), "{}", newest[1].details);
    assert_eq!(audit.get(&newest[0].id).unwrap(), newest[0]);
    assert_eq!(entity_of(audit.get(UNKNOWN).unwrap_err()), "audit_entry");

    let verified = audit.verify().unwrap();
    assert!(verified.intact, "{:?}", verified.first_break);
    assert_eq!(verified.first_break, None);
    assert_eq!(verified.entries_checked, (written + 2) as u64);
    assert_eq!(verified.head_hash.as_deref(), Some(newest[0].hash.as_str()));
}

pub fn audit_log_lists_and_pages(store: Store) {
    let (a, b) = (workspace(&store, "A").unwrap(), workspace(&store, "B").unwrap());
    let owner_a = a.owner_user_id.clone().unwrap();
    let as_a = store.acting_as(&owner_a).unwrap();
    as_a.workspaces().delete(&a.id).unwrap();
    as_a.workspaces().restore(&a.id).unwrap();
    as_a.workspaces().delete(&a.id).unwrap();
    store.workspaces().delete(&b.id).unwrap();
    let audit = store.audit();

    let of_a = AuditFilter { entity: Some("workspace".into()), entity_id: Some(a.id.clone()), actor_user_id: None };
    let entries = audit.list(&of_a, &page(10)).unwrap();
    let actions: Vec<_> = entries.iter().map(|entry| entry.action.as_str()).collect();
    assert_eq!(actions, ["workspace.delete", "workspace.restore", "workspace.delete"], "newest first");
    let by_owner = AuditFilter { actor_user_id: Some(owner_a.to_uppercase()), ..Default::default() };
    assert_eq!(audit.list(&by_owner, &page(10)).unwrap(), entries, "only what owner A did");
    let workspaces = AuditFilter { entity: Some("workspace".into()), ..Default::default() };
    assert_eq!(audit.list(&workspaces, &page(10)).unwrap().len(), 4);
    assert!(
        audit
            .list(&AuditFilter { entity: Some("nothing".into()), ..Default::default() }, &page(10))
            .unwrap()
            .is_empty()
    );

    let first = audit.list(&workspaces, &page(3)).unwrap();
    let rest = audit.list(&workspaces, &PageRequest { limit: 3, after: Some(first[2].id.clone()) }).unwrap();
    assert_eq!(rest.len(), 1);
    assert!(rest[0].seq < first[2].seq);
    assert_eq!(
        field_of(audit.list(&workspaces, &PageRequest { limit: 3, after: Some(UNKNOWN.into()) }).unwrap_err()),
        "after"
    );
    assert_eq!(
        field_of(audit.list(&AuditFilter { entity_id: Some("x".into()), ..Default::default() }, &page(3)).unwrap_err()),
        "entity_id"
    );
    assert_eq!(field_of(audit.list(&workspaces, &PageRequest::first(0)).unwrap_err()), "limit");
    assert!(audit.verify().unwrap().intact);
}
