//! Behaviour of the identity domain: users, organizations and their members, devices and settings.

use super::*;
use unified_store::{
    AuditFilter, DevicePlatform, NewDevice, NewOrganization, Organization, OrganizationPatch, Role,
    SETTING_VALUE_MAX_BYTES, UserPatch,
};

/// The identity behaviours, for [`crate::behaviour_tests!`].
#[macro_export]
#[doc(hidden)]
macro_rules! __identity_cases {
    ($emit:ident $($args:tt)*) => {
        $crate::$emit!(identity; $($args)*; users_crud_and_paging, emails_are_validated, duplicate_emails_conflict_in_any_case, soft_deleted_users_leave_every_read, purging_a_user_cascades, organizations_crud, slugs_follow_their_rules_and_are_unique, creating_with_an_owner_is_one_write, members_are_added_once_listed_and_changed, the_last_owner_cannot_leave_or_be_demoted, deleting_an_organization_takes_what_it_owns, devices_crud, settings_crud_and_upsert, settings_typed_helpers, settings_reject_bad_keys_and_values, rejected_identity_writes_change_nothing, bad_identity_ids_are_typed, identity_changes_are_audited_without_values, acting_users_change_only_what_is_theirs);
    };
}

const UNKNOWN: &str = "01890a5d-ac96-774b-bcce-b302099a8057";

fn new_user(store: &Store, email: &str) -> User {
    store.users().create(&NewUser::new(email, "Someone")).unwrap()
}

fn org(store: &Store, slug: &str) -> Organization {
    store.organizations().create(&NewOrganization::new(format!("Org {slug}"), slug)).unwrap()
}

fn device(store: &Store, user: &User, name: &str) -> unified_store::Device {
    let new = NewDevice { user_id: user.id.clone(), name: name.into(), platform: DevicePlatform::Ios };
    store.devices().register(&new).unwrap()
}

pub fn users_crud_and_paging(store: Store) {
    let users = store.users();
    let ada = users
        .create(&NewUser { email: "  Ada@Example.COM ".into(), display_name: " Ada ".into(), locale: "pt-BR".into() })
        .unwrap();
    assert_eq!(
        (ada.email.as_str(), ada.display_name.as_str(), ada.locale.as_str()),
        ("ada@example.com", "Ada", "pt-BR")
    );
    assert_eq!(ada.created_at, ada.updated_at);
    assert_eq!(users.get(&ada.id).unwrap(), ada);
    assert_eq!(users.find_by_email("ADA@example.com").unwrap(), Some(ada.clone()), "any letter case");
    assert_eq!(users.find_by_email("nobody@example.com").unwrap(), None);

    let rest: Vec<User> = (0..4).map(|i| new_user(&store, &format!("u{i}@example.com"))).collect();
    let mut seen = Vec::new();
    let mut request = page(2);
    loop {
        let batch = users.list(&request).unwrap();
        assert!(batch.len() <= 2);
        let Some(last) = batch.last() else { break };
        request.after = Some(last.id.clone());
        seen.extend(batch.into_iter().map(|u| u.id));
    }
    let expected: Vec<String> = rest.iter().rev().map(|u| u.id.clone()).chain([ada.id.clone()]).collect();
    assert_eq!(seen, expected, "pages join up newest first");

    let renamed =
        users.update(&ada.id, &UserPatch { display_name: Some("Ada L.".into()), ..UserPatch::default() }).unwrap();
    assert_eq!(
        (renamed.display_name.as_str(), renamed.email.as_str(), renamed.locale.as_str()),
        ("Ada L.", "ada@example.com", "pt-BR")
    );
    assert!(renamed.updated_at >= ada.updated_at);
    assert_eq!(renamed.created_at, ada.created_at);
    let moved = users
        .update(
            &ada.id,
            &UserPatch {
                email: Some("Lovelace@Example.org".into()),
                locale: Some("en".into()),
                ..UserPatch::default()
            },
        )
        .unwrap();
    assert_eq!(
        (moved.email.as_str(), moved.locale.as_str(), moved.display_name.as_str()),
        ("lovelace@example.org", "en", "Ada L.")
    );
    assert_eq!(users.get(&ada.id).unwrap(), moved);
    assert_eq!(users.find_by_email("ada@example.com").unwrap(), None, "the old address no longer finds her");
    assert_eq!(users.find_by_email("lovelace@example.org").unwrap(), Some(moved));
}

pub fn emails_are_validated(store: Store) {
    let valid = [
        "simple@example.com",
        "first.last@example.co.uk",
        "tag+filter@example.com",
        "o'brien@example.ie",
        "x@a-b.io",
        "1234@sub.domain.example",
        "\"quoted local\"@example.com",
        "名前@例え.jp",
    ];
    for (i, email) in valid.iter().enumerate() {
        let user = store.users().create(&NewUser::new(*email, format!("Valid {i}")));
        assert!(user.is_ok(), "{email} should be accepted: {user:?}");
    }
    let long_local = format!("{}@example.com", "a".repeat(65));
    let long_total =
        format!("a@{}.com", ["b".repeat(60), "c".repeat(60), "d".repeat(60), "e".repeat(60), "f".repeat(60)].join("."));
    let invalid = [
        "",
        "   ",
        "plain",
        "@example.com",
        "ada@",
        "ada@localhost",
        "ada@@example.com",
        "ada lovelace@example.com",
        "ada@exa mple.com",
        ".ada@example.com",
        "ada.@example.com",
        "ada..l@example.com",
        "ada@-example.com",
        "ada@example-.com",
        "ada@example..com",
        "ada@.example.com",
        "ada@example.com.",
        "ada@exam_ple.com",
        "ada@ex$ample.com",
        "ada@example.c+m",
        "Ada <ada@example.com>",
        "ada@[127.0.0.1]",
        "ada\n@example.com",
        long_local.as_str(),
        long_total.as_str(),
    ];
    for email in invalid {
        let error = store.users().create(&NewUser::new(email, "Invalid")).unwrap_err();
        assert_eq!(field_of(error), "email", "{email:?} should be refused");
    }
    assert_eq!(store.users().list(&page(100)).unwrap().len(), valid.len(), "no invalid address was stored");
    assert_eq!(field_of(store.users().find_by_email("not an email").unwrap_err()), "email");
}

pub fn duplicate_emails_conflict_in_any_case(store: Store) {
    let users = store.users();
    let ada = new_user(&store, "ada@example.com");
    let grace = new_user(&store, "grace@example.com");
    for taken in ["ada@example.com", "ADA@EXAMPLE.COM", " Ada@Example.com "] {
        assert_eq!(
            conflict_of(users.create(&NewUser::new(taken, "Copy")).unwrap_err()),
            ("user".into(), "email".into())
        );
    }
    let steal = UserPatch { email: Some("Ada@example.com".into()), ..UserPatch::default() };
    assert_eq!(conflict_of(users.update(&grace.id, &steal).unwrap_err()), ("user".into(), "email".into()));
    assert_eq!(users.get(&grace.id).unwrap(), grace, "the refused change left her as she was");
    let same = users.update(&ada.id, &UserPatch { email: Some("ADA@example.com".into()), ..UserPatch::default() });
    assert_eq!(same.unwrap().email, "ada@example.com", "keeping one's own address is no conflict");

    users.delete(&ada.id).unwrap();
    let error = users.create(&NewUser::new("ada@example.com", "Copy")).unwrap_err();
    assert_eq!(conflict_of(error).1, "email", "a deleted user keeps the address, so a restore cannot collide");
    users.purge(&ada.id).unwrap();
    assert_eq!(users.create(&NewUser::new("ada@example.com", "New Ada")).unwrap().display_name, "New Ada");
    assert_eq!(users.list(&page(10)).unwrap().len(), 2);
}

pub fn soft_deleted_users_leave_every_read(store: Store) {
    let users = store.users();
    let ada = new_user(&store, "ada@example.com");
    let grace = new_user(&store, "grace@example.com");
    let phone = device(&store, &ada, "phone");
    store.settings().set_bool(&ada.id, "dark_mode", true).unwrap();
    let acme = org(&store, "acme");
    store.organizations().add_member(&acme.id, &ada.id, Role::Member).unwrap();

    users.delete(&ada.id).unwrap();
    assert_eq!(entity_of(users.get(&ada.id).unwrap_err()), "user");
    assert_eq!(users.find_by_email("ada@example.com").unwrap(), None);
    assert_eq!(users.list(&page(10)).unwrap(), [grace.clone()]);
    assert_eq!(entity_of(store.devices().get(&phone.id).unwrap_err()), "device");
    assert_eq!(entity_of(store.devices().list(&ada.id, &page(10)).unwrap_err()), "user");
    assert_eq!(entity_of(store.settings().get(&ada.id, "dark_mode").unwrap_err()), "user");
    assert!(store.organizations().members(&acme.id, &page(10)).unwrap().is_empty());
    assert_eq!(entity_of(users.delete(&ada.id).unwrap_err()), "user", "deleting twice");
    assert_eq!(entity_of(users.update(&ada.id, &UserPatch::default()).unwrap_err()), "user");
    assert_eq!(entity_of(store.organizations().add_member(&acme.id, &ada.id, Role::Admin).unwrap_err()), "user");

    let restored = users.restore(&ada.id).unwrap();
    assert_eq!(restored.email, ada.email);
    assert!(restored.updated_at >= ada.updated_at);
    assert_eq!(users.get(&ada.id).unwrap(), restored);
    assert_eq!(store.devices().get(&phone.id).unwrap(), phone, "her devices came back with her");
    assert_eq!(store.settings().get_bool(&ada.id, "dark_mode").unwrap(), Some(true));
    assert_eq!(store.organizations().members(&acme.id, &page(10)).unwrap().len(), 1);
    assert_eq!(entity_of(users.restore(&ada.id).unwrap_err()), "user", "restoring a live user");
    assert_eq!(entity_of(users.restore(&grace.id).unwrap_err()), "user");
}

pub fn purging_a_user_cascades(store: Store) {
    let users = store.users();
    let ada = new_user(&store, "ada@example.com");
    let grace = new_user(&store, "grace@example.com");
    let phone = device(&store, &ada, "phone");
    let grace_phone = device(&store, &grace, "phone");
    store.settings().set_string(&ada.id, "theme", "dark").unwrap();
    store.settings().set_string(&grace.id, "theme", "light").unwrap();
    let acme = store.organizations().create(&NewOrganization::owned_by("Acme", "acme", &grace.id)).unwrap();
    store.organizations().add_member(&acme.id, &ada.id, Role::Admin).unwrap();
    let hers = store.workspaces().create(&NewWorkspace::for_user("Ada's", &ada.id)).unwrap();
    let thread = store.threads().create(&hers.id, "notes").unwrap();
    let theirs = store.workspaces().create(&NewWorkspace::for_user("Grace's", &grace.id)).unwrap();

    users.delete(&ada.id).unwrap();
    users.purge(&ada.id).unwrap(); // a soft-deleted user can be purged
    assert_eq!(entity_of(users.restore(&ada.id).unwrap_err()), "user", "gone for good");
    assert_eq!(entity_of(users.purge(&ada.id).unwrap_err()), "user");
    assert_eq!(entity_of(store.devices().get(&phone.id).unwrap_err()), "device");
    assert_eq!(entity_of(store.workspaces().get(&hers.id).unwrap_err()), "workspace");
    assert_eq!(entity_of(store.threads().get(&thread.id).unwrap_err()), "thread");
    let members = store.organizations().members(&acme.id, &page(10)).unwrap();
    assert_eq!(members.iter().map(|m| m.user_id.as_str()).collect::<Vec<_>>(), [grace.id.as_str()]);

    // A new user with her address starts clean: nothing of hers comes back.
    let again = new_user(&store, "ada@example.com");
    assert!(store.devices().list(&again.id, &page(10)).unwrap().is_empty());
    assert_eq!(store.settings().get(&again.id, "theme").unwrap(), None);
    assert!(store.organizations().memberships_of(&again.id, &page(10)).unwrap().is_empty());

    // Other users lose nothing.
    assert_eq!(store.devices().get(&grace_phone.id).unwrap(), grace_phone);
    assert_eq!(store.settings().get_string(&grace.id, "theme").unwrap().as_deref(), Some("light"));
    assert_eq!(store.workspaces().get(&theirs.id).unwrap(), theirs);

    // Purging a live user works too.
    users.purge(&grace.id).unwrap();
    assert_eq!(entity_of(store.workspaces().get(&theirs.id).unwrap_err()), "workspace");
    assert!(store.organizations().members(&acme.id, &page(10)).unwrap().is_empty());
    assert_eq!(users.list(&page(10)).unwrap(), [again]);
}

pub fn organizations_crud(store: Store) {
    let orgs = store.organizations();
    let acme = orgs.create(&NewOrganization::new("  Acme Inc ", "acme")).unwrap();
    assert_eq!((acme.name.as_str(), acme.slug.as_str()), ("Acme Inc", "acme"));
    assert_eq!(acme.created_at, acme.updated_at);
    let globex = org(&store, "globex-2");
    assert_eq!(orgs.get(&acme.id).unwrap(), acme);
    assert_eq!(orgs.find_by_slug("acme").unwrap(), Some(acme.clone()));
    assert_eq!(orgs.find_by_slug("initech").unwrap(), None);
    assert_eq!(orgs.list(&page(10)).unwrap(), [globex.clone(), acme.clone()], "newest first");
    assert!(orgs.members(&acme.id, &page(10)).unwrap().is_empty(), "no owner asked for, none added");

    let renamed = orgs.update(&acme.id, &OrganizationPatch { name: Some("Acme Corp".into()), slug: None }).unwrap();
    assert_eq!((renamed.name.as_str(), renamed.slug.as_str()), ("Acme Corp", "acme"));
    let reslugged = orgs.update(&acme.id, &OrganizationPatch { name: None, slug: Some("acme-corp".into()) }).unwrap();
    assert_eq!((reslugged.name.as_str(), reslugged.slug.as_str()), ("Acme Corp", "acme-corp"));
    assert!(reslugged.updated_at >= acme.updated_at);
    assert_eq!(orgs.find_by_slug("acme").unwrap(), None, "the old slug is free");
    assert_eq!(orgs.get(&acme.id).unwrap(), reslugged);

    orgs.delete(&acme.id).unwrap();
    assert_eq!(entity_of(orgs.get(&acme.id).unwrap_err()), "organization");
    assert_eq!(entity_of(orgs.delete(&acme.id).unwrap_err()), "organization", "deleting twice");
    assert_eq!(orgs.list(&page(10)).unwrap(), [globex]);
    assert_eq!(org(&store, "acme-corp").slug, "acme-corp", "a deleted organization frees its slug");
}

pub fn slugs_follow_their_rules_and_are_unique(store: Store) {
    let orgs = store.organizations();
    for slug in ["a", "acme", "acme-2", "a-b-c", "0day", &"x".repeat(64)] {
        assert_eq!(orgs.create(&NewOrganization::new("Fine", slug)).unwrap().slug, slug);
    }
    let too_long = "x".repeat(65);
    for slug in
        ["", " ", "Acme", "acme ", " acme", "ac_me", "ac.me", "-acme", "acme-", "ac--me", "ácme", "a/b", &too_long]
    {
        let error = orgs.create(&NewOrganization::new("Bad", slug)).unwrap_err();
        assert_eq!(field_of(error), "slug", "{slug:?} should be refused");
    }
    assert_eq!(orgs.list(&page(100)).unwrap().len(), 6);

    let error = orgs.create(&NewOrganization::new("Another Acme", "acme")).unwrap_err();
    assert_eq!(conflict_of(error), ("organization".into(), "slug".into()));
    let a = orgs.find_by_slug("a").unwrap().unwrap();
    let error = orgs.update(&a.id, &OrganizationPatch { name: None, slug: Some("acme".into()) }).unwrap_err();
    assert_eq!(conflict_of(error).1, "slug");
    assert_eq!(orgs.get(&a.id).unwrap(), a, "a refused update changes nothing");
    let same = orgs.update(&a.id, &OrganizationPatch { name: None, slug: Some("a".into()) }).unwrap();
    assert_eq!(same.slug, "a", "keeping one's own slug is no conflict");
    assert_eq!(field_of(orgs.find_by_slug("Not A Slug").unwrap_err()), "slug");
}

pub fn creating_with_an_owner_is_one_write(store: Store) {
    let orgs = store.organizations();
    let ada = new_user(&store, "ada@example.com");
    let acme = orgs.create(&NewOrganization::owned_by("Acme", "acme", &ada.id)).unwrap();
    let members = orgs.members(&acme.id, &page(10)).unwrap();
    assert_eq!(members.len(), 1);
    assert_eq!((members[0].user_id.as_str(), members[0].role), (ada.id.as_str(), Role::Owner));
    assert_eq!(orgs.member(&acme.id, &ada.id).unwrap(), members[0]);

    let error = orgs.create(&NewOrganization::owned_by("Ghost", "ghost", UNKNOWN)).unwrap_err();
    assert_eq!(entity_of(error), "user");
    assert_eq!(orgs.find_by_slug("ghost").unwrap(), None, "no organization without its owner");
    store.users().delete(&ada.id).unwrap();
    let error = orgs.create(&NewOrganization::owned_by("Late", "late", &ada.id)).unwrap_err();
    assert_eq!(entity_of(error), "user", "a deleted user cannot own a new organization");
    assert_eq!(field_of(orgs.create(&NewOrganization::owned_by("Bad", "bad", "nope")).unwrap_err()), "owner_user_id");
    assert_eq!(orgs.list(&page(10)).unwrap(), [acme]);
}

pub fn members_are_added_once_listed_and_changed(store: Store) {
    let orgs = store.organizations();
    let ada = new_user(&store, "ada@example.com");
    let grace = new_user(&store, "grace@example.com");
    let acme = orgs.create(&NewOrganization::owned_by("Acme", "acme", &ada.id)).unwrap();
    let globex = org(&store, "globex");

    let added = orgs.add_member(&acme.id, &grace.id, Role::Viewer).unwrap();
    assert_eq!(
        (added.organization_id.as_str(), added.user_id.as_str(), added.role),
        (acme.id.as_str(), grace.id.as_str(), Role::Viewer)
    );
    let error = orgs.add_member(&acme.id, &grace.id, Role::Admin).unwrap_err();
    assert_eq!(conflict_of(error), ("organization_member".into(), "user_id".into()));
    assert_eq!(orgs.member(&acme.id, &grace.id).unwrap().role, Role::Viewer, "the second add changed nothing");
    let in_globex = orgs.add_member(&globex.id, &grace.id, Role::Member).unwrap();

    let listed: Vec<_> = orgs.members(&acme.id, &page(10)).unwrap().into_iter().map(|m| m.user_id).collect();
    assert_eq!(listed, [grace.id.clone(), ada.id.clone()], "newest first");
    let hers = orgs.memberships_of(&grace.id, &page(10)).unwrap();
    assert_eq!(hers, [in_globex.clone(), added.clone()]);
    assert_eq!(
        orgs.memberships_of(&grace.id, &PageRequest { limit: 10, after: Some(in_globex.id.clone()) }).unwrap(),
        [added.clone()]
    );

    let promoted = orgs.set_member_role(&acme.id, &grace.id, Role::Admin).unwrap();
    assert_eq!((promoted.id.as_str(), promoted.role), (added.id.as_str(), Role::Admin));
    assert!(promoted.updated_at >= added.updated_at);
    assert_eq!(orgs.member(&acme.id, &grace.id).unwrap(), promoted);

    orgs.remove_member(&acme.id, &grace.id).unwrap();
    assert_eq!(entity_of(orgs.member(&acme.id, &grace.id).unwrap_err()), "organization_member");
    assert_eq!(entity_of(orgs.remove_member(&acme.id, &grace.id).unwrap_err()), "organization_member");
    assert_eq!(entity_of(orgs.set_member_role(&acme.id, &grace.id, Role::Owner).unwrap_err()), "organization_member");
    assert_eq!(orgs.memberships_of(&grace.id, &page(10)).unwrap(), [in_globex]);
    assert_eq!(orgs.add_member(&acme.id, &grace.id, Role::Member).unwrap().role, Role::Member, "she can join again");

    assert_eq!(entity_of(orgs.add_member(UNKNOWN, &grace.id, Role::Member).unwrap_err()), "organization");
    assert_eq!(entity_of(orgs.add_member(&acme.id, UNKNOWN, Role::Member).unwrap_err()), "user");
    assert_eq!(entity_of(orgs.members(UNKNOWN, &page(10)).unwrap_err()), "organization");
    assert_eq!(entity_of(orgs.memberships_of(UNKNOWN, &page(10)).unwrap_err()), "user");
}

pub fn the_last_owner_cannot_leave_or_be_demoted(store: Store) {
    let orgs = store.organizations();
    let ada = new_user(&store, "ada@example.com");
    let grace = new_user(&store, "grace@example.com");
    let acme = orgs.create(&NewOrganization::owned_by("Acme", "acme", &ada.id)).unwrap();
    orgs.add_member(&acme.id, &grace.id, Role::Admin).unwrap();

    assert_eq!(field_of(orgs.remove_member(&acme.id, &ada.id).unwrap_err()), "role");
    assert_eq!(field_of(orgs.set_member_role(&acme.id, &ada.id, Role::Admin).unwrap_err()), "role");
    assert_eq!(orgs.member(&acme.id, &ada.id).unwrap().role, Role::Owner, "still the owner");
    assert_eq!(orgs.set_member_role(&acme.id, &ada.id, Role::Owner).unwrap().role, Role::Owner, "no change is fine");

    // A deleted user does not count as the other owner.
    orgs.set_member_role(&acme.id, &grace.id, Role::Owner).unwrap();
    store.users().delete(&grace.id).unwrap();
    assert_eq!(field_of(orgs.remove_member(&acme.id, &ada.id).unwrap_err()), "role");
    store.users().restore(&grace.id).unwrap();

    // With a second live owner, the first may step down, then the second is the last.
    assert_eq!(orgs.set_member_role(&acme.id, &ada.id, Role::Member).unwrap().role, Role::Member);
    assert_eq!(field_of(orgs.remove_member(&acme.id, &grace.id).unwrap_err()), "role");
    orgs.remove_member(&acme.id, &ada.id).unwrap();
    let left: Vec<_> = orgs.members(&acme.id, &page(10)).unwrap().into_iter().map(|m| (m.user_id, m.role)).collect();
    assert_eq!(left, [(grace.id.clone(), Role::Owner)]);
}

pub fn deleting_an_organization_takes_what_it_owns(store: Store) {
    let orgs = store.organizations();
    let ada = new_user(&store, "ada@example.com");
    let acme = orgs.create(&NewOrganization::owned_by("Acme", "acme", &ada.id)).unwrap();
    let globex = orgs.create(&NewOrganization::owned_by("Globex", "globex", &ada.id)).unwrap();
    let shared = store.workspaces().create(&NewWorkspace::for_organization("Shared", &acme.id)).unwrap();
    let thread = store.threads().create(&shared.id, "plans").unwrap();
    let other = store.workspaces().create(&NewWorkspace::for_organization("Other", &globex.id)).unwrap();
    let own = store.workspaces().create(&NewWorkspace::for_user("Own", &ada.id)).unwrap();

    orgs.delete(&acme.id).unwrap();
    assert_eq!(entity_of(store.workspaces().get(&shared.id).unwrap_err()), "workspace");
    assert_eq!(entity_of(store.threads().get(&thread.id).unwrap_err()), "thread");
    let memberships: Vec<_> =
        orgs.memberships_of(&ada.id, &page(10)).unwrap().into_iter().map(|m| m.organization_id).collect();
    assert_eq!(memberships, [globex.id.clone()]);
    assert_eq!(store.workspaces().get(&other.id).unwrap(), other);
    assert_eq!(store.workspaces().get(&own.id).unwrap(), own);
    assert_eq!(store.users().get(&ada.id).unwrap(), ada, "members are not deleted, only their memberships");
}

pub fn devices_crud(store: Store) {
    let devices = store.devices();
    let ada = new_user(&store, "ada@example.com");
    let grace = new_user(&store, "grace@example.com");
    let phone = devices
        .register(&NewDevice {
            user_id: ada.id.clone(),
            name: " Ada's phone ".into(),
            platform: DevicePlatform::Android,
        })
        .unwrap();
    assert_eq!(
        (phone.name.as_str(), phone.platform, phone.user_id.as_str()),
        ("Ada's phone", DevicePlatform::Android, ada.id.as_str())
    );
    assert_eq!((phone.last_seen_at, phone.updated_at), (phone.created_at, phone.created_at));
    let laptop = devices
        .register(&NewDevice { user_id: ada.id.clone(), name: "laptop".into(), platform: DevicePlatform::Desktop })
        .unwrap();
    let tablet = device(&store, &grace, "tablet");
    assert_eq!(devices.get(&phone.id).unwrap(), phone);
    assert_eq!(devices.list(&ada.id, &page(10)).unwrap(), [laptop.clone(), phone.clone()], "newest first, hers only");
    assert_eq!(devices.list(&grace.id, &page(10)).unwrap(), [tablet]);

    let renamed = devices.rename(&phone.id, "Pixel").unwrap();
    assert_eq!((renamed.name.as_str(), renamed.last_seen_at), ("Pixel", phone.last_seen_at));
    let touched = devices.touch(&phone.id).unwrap();
    assert!(touched.last_seen_at >= phone.last_seen_at);
    assert_eq!((touched.updated_at, touched.name.as_str()), (touched.last_seen_at, "Pixel"));
    assert_eq!(devices.get(&phone.id).unwrap(), touched);

    devices.remove(&phone.id).unwrap();
    assert_eq!(entity_of(devices.get(&phone.id).unwrap_err()), "device");
    assert_eq!(entity_of(devices.remove(&phone.id).unwrap_err()), "device");
    assert_eq!(entity_of(devices.touch(&phone.id).unwrap_err()), "device");
    assert_eq!(devices.list(&ada.id, &page(10)).unwrap(), [laptop.clone()]);

    let nameless = NewDevice { user_id: ada.id.clone(), name: "  ".into(), platform: DevicePlatform::Web };
    assert_eq!(field_of(devices.register(&nameless).unwrap_err()), "name");
    let orphan = NewDevice { user_id: UNKNOWN.into(), name: "x".into(), platform: DevicePlatform::Web };
    assert_eq!(entity_of(devices.register(&orphan).unwrap_err()), "user");
    assert_eq!(field_of(devices.rename(&laptop.id, &"n".repeat(201)).unwrap_err()), "name");
    assert_eq!(devices.get(&laptop.id).unwrap(), laptop);
    assert_eq!("web".parse::<DevicePlatform>(), Ok(DevicePlatform::Web));
    assert!("watch".parse::<DevicePlatform>().is_err());
}

pub fn settings_crud_and_upsert(store: Store) {
    let settings = store.settings();
    let ada = new_user(&store, "ada@example.com");
    let grace = new_user(&store, "grace@example.com");
    let theme = settings.set(&ada.id, "theme", r#"{"mode": "dark", "accent": [1, 2, 3]}"#).unwrap();
    assert_eq!((theme.key.as_str(), theme.value.as_str()), ("theme", r#"{"mode": "dark", "accent": [1, 2, 3]}"#));
    assert_eq!(settings.get(&ada.id, "theme").unwrap(), Some(theme.clone()));
    assert_eq!(settings.get(&ada.id, "missing").unwrap(), None);
    let hers = settings.set(&grace.id, "theme", "\"light\"").unwrap();
    assert_ne!(hers.id, theme.id, "keys are per user");

    let changed = settings.set(&ada.id, "theme", "null").unwrap();
    assert_eq!(
        (changed.id.as_str(), changed.created_at, changed.value.as_str()),
        (theme.id.as_str(), theme.created_at, "null")
    );
    assert!(changed.updated_at >= theme.updated_at);
    let font = settings.set(&ada.id, "editor.font_size", "14").unwrap();
    assert_eq!(
        settings.list(&ada.id, &page(10)).unwrap(),
        [font.clone(), changed.clone()],
        "newest first, one per key"
    );
    assert_eq!(settings.get(&grace.id, "theme").unwrap(), Some(hers), "her setting is untouched");

    settings.remove(&ada.id, "theme").unwrap();
    assert_eq!(settings.get(&ada.id, "theme").unwrap(), None);
    assert_eq!(entity_of(settings.remove(&ada.id, "theme").unwrap_err()), "user_setting");
    assert_eq!(settings.list(&ada.id, &page(10)).unwrap(), [font]);
    assert_eq!(entity_of(settings.set(UNKNOWN, "theme", "1").unwrap_err()), "user");
    assert_eq!(entity_of(settings.get(UNKNOWN, "theme").unwrap_err()), "user");
    assert_eq!(entity_of(settings.list(UNKNOWN, &page(10)).unwrap_err()), "user");
}

pub fn settings_typed_helpers(store: Store) {
    let settings = store.settings();
    let ada = new_user(&store, "ada@example.com");
    assert_eq!(settings.set_bool(&ada.id, "dark", true).unwrap().value, "true");
    assert_eq!(settings.get_bool(&ada.id, "dark").unwrap(), Some(true));
    settings.set_bool(&ada.id, "dark", false).unwrap();
    assert_eq!(settings.get_bool(&ada.id, "dark").unwrap(), Some(false));
    assert_eq!(settings.set_i64(&ada.id, "size", i64::MIN).unwrap().value, i64::MIN.to_string());
    assert_eq!(settings.get_i64(&ada.id, "size").unwrap(), Some(i64::MIN));
    let quoted = "say \"hi\"\n\u{1F600}";
    settings.set_string(&ada.id, "greeting", quoted).unwrap();
    assert_eq!(settings.get_string(&ada.id, "greeting").unwrap().as_deref(), Some(quoted));
    assert_eq!(settings.get(&ada.id, "greeting").unwrap().unwrap().value, "\"say \\\"hi\\\"\\n\u{1F600}\"");
    assert_eq!(settings.get_bool(&ada.id, "unset").unwrap(), None);
    assert_eq!(settings.get_i64(&ada.id, "unset").unwrap(), None);
    assert_eq!(settings.get_string(&ada.id, "unset").unwrap(), None);

    // A value of another type is refused, saying what it holds.
    let reason = |error: StoreError| match error {
        StoreError::InvalidInput { field, reason } if field == "value" => reason,
        other => panic!("expected InvalidInput on value, got {other:?}"),
    };
    assert!(reason(settings.get_bool(&ada.id, "greeting").unwrap_err()).contains("a string"));
    assert!(reason(settings.get_string(&ada.id, "dark").unwrap_err()).contains("a boolean"));
    assert!(reason(settings.get_i64(&ada.id, "dark").unwrap_err()).contains("a boolean"));
    settings.set(&ada.id, "ratio", "1.5").unwrap();
    assert!(reason(settings.get_i64(&ada.id, "ratio").unwrap_err()).contains("fractional"));
    settings.set(&ada.id, "list", "[1]").unwrap();
    assert!(reason(settings.get_string(&ada.id, "list").unwrap_err()).contains("an array"));
    settings.set(&ada.id, "big", "18446744073709551615").unwrap();
    assert!(reason(settings.get_i64(&ada.id, "big").unwrap_err()).contains("64-bit"));
    assert!(reason(settings.get_bool(&ada.id, "size").unwrap_err()).contains("an integer"));
}

pub fn settings_reject_bad_keys_and_values(store: Store) {
    let settings = store.settings();
    let ada = new_user(&store, "ada@example.com");
    settings.set(&ada.id, "theme", "\"dark\"").unwrap();
    for malformed in ["", "dark", "{", "{'a': 1}", "[1,]", "01", "NaN", "\"unterminated", "{} {}"] {
        assert_eq!(field_of(settings.set(&ada.id, "theme", malformed).unwrap_err()), "value_json", "{malformed:?}");
    }
    let limit = SETTING_VALUE_MAX_BYTES;
    let fits = format!("\"{}\"", "x".repeat(limit - 2));
    assert_eq!(settings.set(&ada.id, "big", &fits).unwrap().value.len(), limit);
    assert_eq!(
        field_of(settings.set(&ada.id, "big", &format!("\"{}\"", "x".repeat(limit - 1))).unwrap_err()),
        "value_json"
    );
    assert_eq!(field_of(settings.set_string(&ada.id, "big", &"x".repeat(limit)).unwrap_err()), "value");
    assert_eq!(field_of(settings.set(&ada.id, "", "1").unwrap_err()), "key");
    assert_eq!(field_of(settings.set(&ada.id, &"k".repeat(201), "1").unwrap_err()), "key");
    assert_eq!(field_of(settings.set_bool(&ada.id, "bad\u{0}key", true).unwrap_err()), "key");
    assert_eq!(settings.set(&ada.id, &"k".repeat(200), "1").unwrap().key.chars().count(), 200);

    assert_eq!(
        settings.get_string(&ada.id, "theme").unwrap().as_deref(),
        Some("dark"),
        "refused values changed nothing"
    );
    assert_eq!(settings.get(&ada.id, "big").unwrap().unwrap().value, fits);
    assert_eq!(settings.list(&ada.id, &page(10)).unwrap().len(), 3);
}

pub fn rejected_identity_writes_change_nothing(store: Store) {
    let ada = new_user(&store, "ada@example.com");
    let patches = [
        UserPatch { display_name: Some("Ada L.".into()), email: Some("not-an-email".into()), locale: None },
        UserPatch { display_name: Some("  ".into()), email: Some("new@example.com".into()), locale: None },
        UserPatch { display_name: Some("Ada L.".into()), email: None, locale: Some("x".into()) },
    ];
    let fields: Vec<String> = patches.iter().map(|p| field_of(store.users().update(&ada.id, p).unwrap_err())).collect();
    assert_eq!(fields, ["email", "display_name", "locale"]);
    assert_eq!(store.users().get(&ada.id).unwrap(), ada, "no field of a refused patch was written");
    assert_eq!(store.users().find_by_email("new@example.com").unwrap(), None);

    let acme = store.organizations().create(&NewOrganization::owned_by("Acme", "acme", &ada.id)).unwrap();
    let bad = OrganizationPatch { name: Some("Renamed".into()), slug: Some("Bad Slug".into()) };
    assert_eq!(field_of(store.organizations().update(&acme.id, &bad).unwrap_err()), "slug");
    let bad = OrganizationPatch { name: Some("".into()), slug: Some("fine".into()) };
    assert_eq!(field_of(store.organizations().update(&acme.id, &bad).unwrap_err()), "name");
    assert_eq!(store.organizations().get(&acme.id).unwrap(), acme);
    assert_eq!(field_of(store.organizations().create(&NewOrganization::new("", "empty")).unwrap_err()), "name");
    assert_eq!(store.organizations().find_by_slug("empty").unwrap(), None);

    let phone = device(&store, &ada, "phone");
    assert_eq!(field_of(store.devices().rename(&phone.id, "").unwrap_err()), "name");
    assert_eq!(store.devices().get(&phone.id).unwrap(), phone);
}

pub fn bad_identity_ids_are_typed(store: Store) {
    let ada = new_user(&store, "ada@example.com");
    let acme = org(&store, "acme");
    assert_eq!(field_of(store.users().get("nope").unwrap_err()), "id");
    assert_eq!(entity_of(store.users().get(UNKNOWN).unwrap_err()), "user");
    assert_eq!(field_of(store.users().purge("nope").unwrap_err()), "id");
    assert_eq!(entity_of(store.organizations().get(UNKNOWN).unwrap_err()), "organization");
    assert_eq!(field_of(store.organizations().add_member("nope", &ada.id, Role::Member).unwrap_err()), "org_id");
    assert_eq!(field_of(store.organizations().add_member(&acme.id, "nope", Role::Member).unwrap_err()), "user_id");
    assert_eq!(
        field_of(store.organizations().members(&acme.id, &PageRequest { limit: 0, after: None }).unwrap_err()),
        "limit"
    );
    assert_eq!(field_of(store.devices().list("nope", &page(10)).unwrap_err()), "user_id");
    assert_eq!(field_of(store.settings().set("nope", "k", "1").unwrap_err()), "user_id");
    assert_eq!(
        field_of(store.users().list(&PageRequest { limit: 10, after: Some(acme.id.clone()) }).unwrap_err()),
        "after"
    );
    // Ids in another spelling find their records.
    assert_eq!(store.users().get(&ada.id.to_uppercase()).unwrap(), ada);
    let member =
        store.organizations().add_member(&acme.id.to_uppercase(), &ada.id.to_uppercase(), Role::Admin).unwrap();
    assert_eq!((member.organization_id, member.user_id), (acme.id.clone(), ada.id.clone()));
}

pub fn identity_changes_are_audited_without_values(store: Store) {
    let ada = new_user(&store, "ada@example.com");
    let grace = new_user(&store, "grace@example.com");
    let as_ada = store.acting_as(&ada.id).unwrap();
    let token = as_ada.settings().set_string(&ada.id, "api_hint", "very-secret-value").unwrap();
    as_ada.settings().remove(&ada.id, "api_hint").unwrap();
    let acme = as_ada.organizations().create(&NewOrganization::owned_by("Acme", "acme", &ada.id)).unwrap();
    let member = as_ada.organizations().add_member(&acme.id, &grace.id, Role::Viewer).unwrap();
    as_ada.organizations().set_member_role(&acme.id, &grace.id, Role::Admin).unwrap();
    as_ada.organizations().remove_member(&acme.id, &grace.id).unwrap();
    let phone = device(&as_ada, &ada, "phone");
    as_ada.devices().remove(&phone.id).unwrap();
    as_ada.organizations().delete(&acme.id).unwrap();
    store.users().delete(&grace.id).unwrap();
    store.users().restore(&grace.id).unwrap();
    store.users().purge(&grace.id).unwrap();

    let entries = |entity: &str, id: &str| {
        let filter = AuditFilter { entity: Some(entity.into()), entity_id: Some(id.into()), actor_user_id: None };
        store.audit().list(&filter, &page(20)).unwrap()
    };
    let actions = |entity: &str, id: &str| entries(entity, id).into_iter().rev().map(|e| e.action).collect::<Vec<_>>();
    let settings = entries("user_setting", &token.id);
    assert_eq!(
        settings.iter().rev().map(|e| e.action.as_str()).collect::<Vec<_>>(),
        ["settings.set", "settings.remove"]
    );
    for entry in &settings {
        assert!(entry.details.contains("api_hint"), "the key is recorded: {}", entry.details);
        assert!(!entry.details.contains("very-secret-value"), "the value never is: {}", entry.details);
        assert_eq!(entry.actor_user_id.as_deref(), Some(ada.id.as_str()));
    }
    assert_eq!(
        actions("organization_member", &member.id),
        ["organization_member.add", "organization_member.set_role", "organization_member.remove"]
    );
    assert_eq!(actions("device", &phone.id), ["device.remove"]);
    assert_eq!(actions("organization", &acme.id), ["organization.delete"]);
    assert_eq!(actions("user", &grace.id), ["user.delete", "user.restore", "user.purge"]);
    let purge = entries("user", &grace.id).remove(0);
    assert!(!purge.details.contains("grace@example.com"), "a purge forgets the address: {}", purge.details);
    assert_eq!(purge.actor_user_id, None, "the device owner did it");
    assert!(store.audit().verify().unwrap().intact);
}

pub fn acting_users_change_only_what_is_theirs(store: Store) {
    let ada = new_user(&store, "ada@example.com");
    let grace = new_user(&store, "grace@example.com");
    let as_ada = store.acting_as(&ada.id).unwrap();
    let as_grace = store.acting_as(&grace.id).unwrap();
    let denied = |result: Result<(), StoreError>| {
        assert!(matches!(result, Err(StoreError::PermissionDenied { .. })), "expected PermissionDenied, got {result:?}")
    };

    // A user's own records are theirs alone.
    as_ada.settings().set_bool(&ada.id, "dark", true).unwrap();
    denied(as_grace.settings().set_bool(&ada.id, "dark", false).map(drop));
    denied(as_grace.settings().remove(&ada.id, "dark"));
    assert_eq!(store.settings().get_bool(&ada.id, "dark").unwrap(), Some(true));
    let phone = device(&as_ada, &ada, "phone");
    denied(as_grace.devices().rename(&phone.id, "mine now").map(drop));
    denied(as_grace.devices().remove(&phone.id));
    let theirs = NewDevice { user_id: ada.id.clone(), name: "planted".into(), platform: DevicePlatform::Web };
    denied(as_grace.devices().register(&theirs).map(drop));
    assert_eq!(store.devices().list(&ada.id, &page(10)).unwrap(), [phone]);
    denied(
        as_grace
            .users()
            .update(&ada.id, &UserPatch { display_name: Some("Hacked".into()), ..UserPatch::default() })
            .map(drop),
    );
    denied(as_grace.users().delete(&ada.id));
    denied(as_grace.users().purge(&ada.id));
    assert_eq!(store.users().get(&ada.id).unwrap(), ada);
    denied(as_grace.organizations().create(&NewOrganization::owned_by("Ada's?", "adas", &ada.id)).map(drop));

    // Members are managed by the organization's owners and admins only.
    let acme = as_ada.organizations().create(&NewOrganization::owned_by("Acme", "acme", &ada.id)).unwrap();
    denied(as_grace.organizations().add_member(&acme.id, &grace.id, Role::Owner).map(drop));
    as_ada.organizations().add_member(&acme.id, &grace.id, Role::Member).unwrap();
    denied(as_grace.organizations().set_member_role(&acme.id, &grace.id, Role::Owner).map(drop));
    denied(as_grace.organizations().remove_member(&acme.id, &ada.id));
    denied(
        as_grace
            .organizations()
            .update(&acme.id, &OrganizationPatch { name: Some("Mine".into()), slug: None })
            .map(drop),
    );
    denied(as_grace.organizations().delete(&acme.id));
    assert_eq!(store.organizations().member(&acme.id, &grace.id).unwrap().role, Role::Member);
    as_ada.organizations().set_member_role(&acme.id, &grace.id, Role::Admin).unwrap();
    let renamed =
        as_grace.organizations().update(&acme.id, &OrganizationPatch { name: Some("Acme 2".into()), slug: None });
    assert_eq!(renamed.unwrap().name, "Acme 2", "an admin manages the organization");
}
