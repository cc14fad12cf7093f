//! Every public call of every handle, made from named JSON arguments (the shape every binding
//! hands the store). `coverage.rs` checks that no public method is missing from this list.

use crate::{NoProgress, Store, StoreError};
use serde::de::DeserializeOwned;
use serde_json::{Map, Value};

/// One public call: where it lives, the names of its parameters, and how to make it.
pub(super) struct Call {
    pub(super) handle: &'static str,
    pub(super) method: &'static str,
    pub(super) params: &'static [&'static str],
    /// `None` when an argument has a shape the Rust type cannot hold (a binding refuses such
    /// a value before it reaches the store).
    pub(super) run: fn(&Store, Args) -> Option<Result<(), StoreError>>,
}

impl Call {
    pub(super) fn name(&self) -> String {
        format!("{}.{}", self.handle, self.method)
    }

    /// Whether the call only reads: the suite makes these after every write to prove that
    /// no accepted value breaks a read.
    pub(super) fn reads(&self) -> bool {
        let reading = [
            "get",
            "list",
            "find",
            "search",
            "usage",
            "totals",
            "current",
            "member",
            "members",
            "memberships",
            "history",
            "dropped",
            "verify",
            "can",
            "explain",
            "is_granted",
            "run_results",
            "children",
            "start_run",
            "acting_as",
            "scroll",
            "info",
            "collections",
            "missing",
            "hybrid",
            "stats",
            "read",
            "maintenance_due",
            "quota",
            "can_store",
            "workspace_usage",
            "thread_usage",
        ];
        reading.iter().any(|prefix| self.method.starts_with(prefix))
    }
}

/// The arguments of one call, by parameter name.
#[derive(Clone, Copy)]
pub(super) struct Args<'a>(pub(super) &'a Map<String, Value>);

impl Args<'_> {
    fn text(&self, name: &str) -> Option<String> {
        self.0.get(name)?.as_str().map(str::to_owned)
    }

    fn optional_text(&self, name: &str) -> Option<Option<String>> {
        match self.0.get(name)? {
            Value::Null => Some(None),
            Value::String(text) => Some(Some(text.clone())),
            _ => None,
        }
    }

    fn value<T: DeserializeOwned>(&self, name: &str) -> Option<T> {
        T::deserialize(self.0.get(name)?).ok()
    }
}

/// `call!(handle.method(param: kind, …))`: a [`Call`]. Kinds say how an argument is passed:
/// `str` (`&str`), `opt` (`Option<&str>`), `by_ref` (`&T`), `slice` (`&[T]`), `val` (`T`).
macro_rules! call {
    ($handle:ident . $method:ident ( $($param:ident : $kind:ident),* )) => {
        Call {
            handle: stringify!($handle),
            method: stringify!($method),
            params: &[$(stringify!($param)),*],
            run: |store, _args| Some(store.$handle().$method($(call!(@arg _args, $param, $kind)),*).map(drop)),
        }
    };
    (@arg $args:ident, $param:ident, str) => { &$args.text(stringify!($param))? };
    (@arg $args:ident, $param:ident, opt) => { $args.optional_text(stringify!($param))?.as_deref() };
    (@arg $args:ident, $param:ident, by_ref) => { &$args.value(stringify!($param))? };
    (@arg $args:ident, $param:ident, slice) => { &$args.value::<Vec<_>>(stringify!($param))?[..] };
    (@arg $args:ident, $param:ident, val) => { $args.value(stringify!($param))? };
}

/// Every public call of every handle, and the store's own calls that take an argument
/// (`open` is tested in core/tests/file_store.rs, `close` takes none; the page rewrites,
/// which a store opened with a key refuses or accepts whole, in core/tests/encrypted_files.rs).
pub(super) fn all() -> Vec<Call> {
    vec![
        Call {
            handle: "store",
            method: "acting_as",
            params: &["user_id"],
            run: |store, args| Some(store.acting_as(&args.text("user_id")?).map(drop)),
        },
        Call {
            handle: "store",
            method: "change_key",
            params: &["key", "kdf"],
            run: |store, args| Some(store.change_key(&args.value("key")?, args.value("kdf")?)),
        },
        Call {
            handle: "store",
            method: "export_secrets_keys",
            params: &["wrapping"],
            run: |store, args| Some(store.export_secrets_keys(&args.value("wrapping")?).map(drop)),
        },
        Call {
            handle: "store",
            method: "import_secrets_keys",
            params: &["exported", "wrapping"],
            run: |store, args| {
                Some(store.import_secrets_keys(&args.value::<Vec<u8>>("exported")?, &args.value("wrapping")?).map(drop))
            },
        },
        // Chat-history imports: a path or the bytes of an export, each named `file` as the
        // store's errors name it.
        Call {
            handle: "store",
            method: "import_chat_history",
            params: &["file", "options"],
            run: |store, args| {
                Some(store.import_chat_history(&args.text("file")?, &args.value("options")?, &NoProgress).map(drop))
            },
        },
        Call {
            handle: "store",
            method: "import_chat_history_bytes",
            params: &["file", "options"],
            run: |store, args| {
                let bytes = args.value::<Vec<u8>>("file")?;
                Some(store.import_chat_history_bytes(&bytes, &args.value("options")?, &NoProgress).map(drop))
            },
        },
        call!(users.create(user: by_ref)),
        call!(users.get(id: str)),
        call!(users.find_by_email(email: str)),
        call!(users.list(page: by_ref)),
        call!(users.update(id: str, patch: by_ref)),
        call!(users.delete(id: str)),
        call!(users.restore(id: str)),
        call!(users.purge(id: str)),
        call!(users.erase_user_data(user_id: str)),
        call!(organizations.create(organization: by_ref)),
        call!(organizations.get(id: str)),
        call!(organizations.find_by_slug(slug: str)),
        call!(organizations.list(page: by_ref)),
        call!(organizations.update(id: str, patch: by_ref)),
        call!(organizations.delete(id: str)),
        call!(organizations.add_member(org_id: str, user_id: str, role: val)),
        call!(organizations.set_member_role(org_id: str, user_id: str, role: val)),
        call!(organizations.remove_member(org_id: str, user_id: str)),
        call!(organizations.member(org_id: str, user_id: str)),
        call!(organizations.members(org_id: str, page: by_ref)),
        call!(organizations.memberships_of(user_id: str, page: by_ref)),
        call!(devices.register(device: by_ref)),
        call!(devices.get(id: str)),
        call!(devices.list(user_id: str, page: by_ref)),
        call!(devices.rename(id: str, name: str)),
        call!(devices.touch(id: str)),
        call!(devices.remove(id: str)),
        call!(settings.set(user_id: str, key: str, value_json: str)),
        call!(settings.get(user_id: str, key: str)),
        call!(settings.list(user_id: str, page: by_ref)),
        call!(settings.remove(user_id: str, key: str)),
        call!(settings.set_bool(user_id: str, key: str, value: val)),
        call!(settings.get_bool(user_id: str, key: str)),
        call!(settings.set_i64(user_id: str, key: str, value: val)),
        call!(settings.get_i64(user_id: str, key: str)),
        call!(settings.set_string(user_id: str, key: str, value: str)),
        call!(settings.get_string(user_id: str, key: str)),
        call!(workspaces.create(workspace: by_ref)),
        call!(workspaces.get(id: str)),
        call!(workspaces.list(page: by_ref)),
        call!(workspaces.list_for_user(user_id: str, page: by_ref)),
        call!(workspaces.rename(id: str, name: str)),
        call!(workspaces.update(id: str, patch: by_ref)),
        call!(workspaces.delete(id: str)),
        call!(workspaces.restore(id: str)),
        call!(workspaces.purge(id: str)),
        call!(workspaces.add_member(workspace_id: str, user_id: str, role: val)),
        call!(workspaces.member(workspace_id: str, user_id: str)),
        call!(workspaces.set_member_role(workspace_id: str, user_id: str, role: val)),
        call!(workspaces.remove_member(workspace_id: str, user_id: str)),
        call!(workspaces.members(workspace_id: str, page: by_ref)),
        call!(projects.create(project: by_ref)),
        call!(projects.get(id: str)),
        call!(projects.list(workspace_id: str, page: by_ref)),
        call!(projects.update(id: str, patch: by_ref)),
        call!(projects.delete(id: str)),
        call!(projects.restore(id: str)),
        call!(projects.purge(id: str)),
        call!(documents.create(document: by_ref)),
        call!(documents.get(id: str)),
        call!(documents.list(workspace_id: str, page: by_ref)),
        call!(documents.list_in_project(project_id: str, page: by_ref)),
        call!(documents.update(id: str, patch: by_ref)),
        call!(documents.move_to_project(id: str, project_id: opt)),
        call!(documents.delete(id: str)),
        call!(documents.restore(id: str)),
        call!(documents.purge(id: str)),
        call!(documents.search(query: by_ref)),
        call!(threads.create(workspace_id: str, title: str)),
        call!(threads.create_with(thread: by_ref)),
        call!(threads.get(id: str)),
        call!(threads.list(workspace_id: str, page: by_ref)),
        call!(threads.list_archived(workspace_id: str, page: by_ref)),
        call!(threads.list_in_project(project_id: str, page: by_ref)),
        call!(threads.rename(id: str, title: str)),
        call!(threads.update(id: str, patch: by_ref)),
        call!(threads.move_to_project(id: str, project_id: opt)),
        call!(threads.delete(id: str)),
        call!(threads.restore(id: str)),
        call!(threads.purge(id: str)),
        call!(messages.append(thread_id: str, role: val, content: str)),
        call!(messages.append_new(message: by_ref)),
        call!(messages.append_batch(messages: slice)),
        call!(messages.get(id: str)),
        call!(messages.list(thread_id: str, page: by_ref)),
        call!(messages.children(id: str, page: by_ref)),
        call!(messages.edit(id: str, content: str)),
        call!(messages.delete(id: str)),
        call!(messages.restore(id: str)),
        call!(messages.purge(id: str)),
        call!(messages.search(query: by_ref)),
        call!(attachments.add(attachment: by_ref)),
        call!(attachments.get(id: str)),
        call!(attachments.list(message_id: str, page: by_ref)),
        call!(attachments.remove(id: str)),
        call!(attachments.set_kept_elsewhere(id: str, kept: val)),
        call!(attachments.writer(file: by_ref)),
        Call {
            handle: "attachments",
            method: "write",
            params: &["file", "bytes"],
            run: |store, args| {
                let (file, bytes) = (args.value("file")?, args.text("bytes")?);
                Some(store.attachments().write(&file, &mut bytes.as_bytes()).map(drop))
            },
        },
        call!(attachments.reader(id: str)),
        call!(attachments.read(id: str)),
        Call {
            handle: "attachments",
            method: "open_writer",
            params: &["file"],
            run: |store, args| {
                let (attachments, file) = (store.attachments(), args.value("file")?);
                Some(crate::jobs::run_blocking(attachments.open_writer(&file)).map(drop))
            },
        },
        Call {
            handle: "attachments",
            method: "open_reader",
            params: &["id"],
            run: |store, args| {
                let (attachments, id) = (store.attachments(), args.text("id")?);
                Some(crate::jobs::run_blocking(attachments.open_reader(&id)).map(drop))
            },
        },
        Call {
            handle: "attachments",
            method: "collect_files",
            params: &["orphans"],
            run: |store, args| {
                let (attachments, orphans) = (store.attachments(), args.value("orphans")?);
                Some(crate::jobs::run_blocking(attachments.collect_files(orphans)).map(drop))
            },
        },
        call!(providers.create(config: by_ref)),
        call!(providers.get(id: str)),
        call!(providers.list(user_id: str, page: by_ref)),
        call!(providers.update(id: str, patch: by_ref)),
        call!(providers.set_enabled(id: str, enabled: val)),
        call!(providers.delete(id: str)),
        call!(providers.set_secret(config_id: str, kind: val, secret: str)),
        call!(providers.reveal_secret(config_id: str, kind: val)),
        call!(providers.clear_secret(config_id: str, kind: val)),
        call!(providers.secrets(config_id: str)),
        call!(interactions.record(new: by_ref)),
        call!(interactions.get(id: str)),
        call!(interactions.list(filter: by_ref, page: by_ref)),
        call!(interactions.delete(id: str)),
        call!(interactions.usage(query: by_ref)),
        call!(interactions.totals(query: by_ref)),
        call!(flows.create(flow: by_ref)),
        call!(flows.get(id: str)),
        call!(flows.list(workspace_id: str, page: by_ref)),
        call!(flows.update(id: str, patch: by_ref)),
        call!(flows.delete(id: str)),
        call!(flows.start_run(flow_id: str)),
        call!(flows.record_step(result: by_ref)),
        call!(flows.update_step(id: str, patch: by_ref)),
        call!(flows.get_step(id: str)),
        call!(flows.run_results(run_id: str)),
        call!(flows.list_runs(flow_id: str, page: by_ref)),
        call!(flows.delete_run(run_id: str)),
        call!(permissions.grant(grant: by_ref)),
        call!(permissions.get(id: str)),
        call!(permissions.list(resource: by_ref, page: by_ref)),
        call!(permissions.list_for_user(user_id: str, page: by_ref)),
        call!(permissions.update(id: str, patch: by_ref)),
        call!(permissions.revoke(id: str)),
        call!(permissions.can(user_id: str, action: val, resource: by_ref)),
        call!(permissions.explain(user_id: str, action: val, resource: by_ref)),
        call!(consent.set(consent: by_ref)),
        call!(consent.get(id: str)),
        call!(consent.current(user_id: str, scope: val)),
        call!(consent.is_granted(user_id: str, scope: val)),
        call!(consent.list_current(user_id: str)),
        call!(consent.history(user_id: str, page: by_ref)),
        call!(telemetry.record(event: by_ref)),
        call!(telemetry.get(id: str)),
        call!(telemetry.list(user_id: str, page: by_ref)),
        call!(telemetry.dropped_count(user_id: str)),
        call!(telemetry.delete(id: str)),
        call!(telemetry.clear(user_id: str)),
        call!(audit.get(id: str)),
        call!(audit.list(filter: by_ref, page: by_ref)),
        call!(audit.verify()),
        call!(subscriptions.create(plan: by_ref)),
        call!(subscriptions.get(id: str)),
        call!(subscriptions.list_for_user(user_id: str, page: by_ref)),
        call!(subscriptions.list_for_organization(organization_id: str, page: by_ref)),
        call!(subscriptions.current_for_user(user_id: str)),
        call!(subscriptions.current_for_organization(organization_id: str)),
        call!(subscriptions.update(id: str, patch: by_ref)),
        call!(subscriptions.set_status(id: str, status: val)),
        call!(subscriptions.renew(id: str, renewal: by_ref)),
        call!(subscriptions.delete(id: str)),
        call!(invoices.issue(invoice: by_ref)),
        call!(invoices.get(id: str)),
        call!(invoices.list(subscription_id: str, page: by_ref)),
        call!(invoices.mark_paid(id: str, payment: by_ref)),
        call!(invoices.void(id: str)),
        call!(invoices.set_status(id: str, status: val)),
        call!(invoices.delete(id: str)),
        call!(invoices.totals(subscription_id: str)),
        call!(embeddings.upsert(embedding: by_ref)),
        call!(embeddings.upsert_batch(embeddings: slice)),
        call!(embeddings.search(query: by_ref)),
        call!(embeddings.hybrid_search(query: by_ref)),
        call!(embeddings.get(owner_kind: val, owner_id: str, collection: str, model: str)),
        call!(embeddings.delete_owner(owner_kind: val, owner_id: str)),
        call!(embeddings.scroll(collection: str, model: str, page: by_ref)),
        call!(embeddings.collections()),
        call!(embeddings.info(collection: str, model: str)),
        call!(embeddings.configure(collection: str, model: str, settings: by_ref)),
        call!(embeddings.missing(collection: str, model: str, owner_kind: val, page: by_ref)),
        call!(storage.stats()),
        call!(storage.workspace_usage(workspace_id: str)),
        call!(storage.thread_usage(thread_id: str)),
        call!(storage.quota()),
        call!(storage.set_quota(quota: by_ref)),
        call!(storage.can_store(bytes: val, category: val)),
        call!(storage.recount()),
        call!(storage.maintenance_due(policy: by_ref)),
        Call {
            handle: "storage",
            method: "maintain",
            params: &["policy"],
            run: |store, args| Some(store.storage().maintain(&args.value("policy")?, &NoProgress).map(drop)),
        },
        Call {
            handle: "storage",
            method: "maintain_stepwise",
            params: &["policy"],
            run: |store, args| {
                let policy = args.value("policy")?;
                let mut pause = crate::jobs::reporting(&NoProgress);
                let storage = store.storage();
                Some(crate::jobs::run_blocking(storage.maintain_stepwise(&policy, &mut pause)).map(drop))
            },
        },
        Call {
            handle: "embeddings",
            method: "optimize",
            params: &["collection", "model"],
            run: |store, args| {
                Some(
                    store.embeddings().optimize(&args.text("collection")?, &args.text("model")?, &NoProgress).map(drop),
                )
            },
        },
        Call {
            handle: "embeddings",
            method: "optimize_stepwise",
            params: &["collection", "model"],
            run: |store, args| {
                let (collection, model) = (args.text("collection")?, args.text("model")?);
                let mut pause = crate::jobs::reporting(&NoProgress);
                let embeddings = store.embeddings();
                let call = embeddings.optimize_stepwise(&collection, &model, &mut pause);
                Some(crate::jobs::run_blocking(call).map(drop))
            },
        },
        Call {
            handle: "users",
            method: "export_user_data_bytes",
            params: &["user_id"],
            run: |store, args| {
                Some(store.users().export_user_data_bytes(&args.text("user_id")?, &NoProgress).map(drop))
            },
        },
        Call {
            handle: "users",
            method: "export_user_data_bytes_stepwise",
            params: &["user_id"],
            run: |store, args| {
                let (users, user_id) = (store.users(), args.text("user_id")?);
                let mut pause = crate::jobs::reporting(&NoProgress);
                Some(crate::jobs::run_blocking(users.export_user_data_bytes_stepwise(&user_id, &mut pause)).map(drop))
            },
        },
        #[cfg(not(target_arch = "wasm32"))]
        Call {
            handle: "users",
            method: "export_user_data",
            params: &["user_id", "path"],
            run: |store, args| {
                // Hostile paths land in a directory of their own, never the working one.
                let dir = tempfile::tempdir().ok()?;
                let path = dir.path().join(args.text("path")?);
                let user_id = args.text("user_id")?;
                Some(store.users().export_user_data(&user_id, &path.to_string_lossy(), &NoProgress).map(drop))
            },
        },
    ]
}
