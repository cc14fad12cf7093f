//! A store holding one of everything, and the valid argument every parameter of every call
//! takes in it: the hostile suite changes one argument at a time away from these.

use crate::*;
use serde_json::{Value, json};

/// The ids of the records of a fresh world, and the store holding them.
#[derive(Clone)]
pub(super) struct World {
    pub(super) store: Store,
    pub(super) user: String,
    pub(super) member: String,
    pub(super) organization: String,
    pub(super) device: String,
    pub(super) workspace: String,
    pub(super) project: String,
    pub(super) document: String,
    pub(super) thread: String,
    pub(super) message: String,
    pub(super) attachment: String,
    pub(super) config: String,
    pub(super) interaction: String,
    pub(super) flow: String,
    pub(super) run: String,
    pub(super) step: String,
    pub(super) permission: String,
    pub(super) consent: String,
    pub(super) event: String,
    pub(super) subscription: String,
    pub(super) invoice: String,
    pub(super) draft: String,
    pub(super) audit_entry: String,
    /// A user who is no member of anything yet.
    pub(super) outsider: String,
    /// Soft-deleted records, one of each kind that can be restored.
    pub(super) deleted: Deleted,
    /// The store's secrets keys exported under [`CARRIED`].
    pub(super) exported: Vec<u8>,
}

/// The passphrase the world's secrets keys are exported under.
const CARRIED: &str = "carried words";

#[derive(Clone)]
pub(super) struct Deleted {
    user: String,
    workspace: String,
    project: String,
    document: String,
    thread: String,
    message: String,
}

/// The vector the world's message has in collection `messages`, model `mini`.
const WORLD_VECTOR: [f32; 4] = [0.5, -0.25, 1.0, 0.125];

/// 2026-01-01T00:00:00Z, a time inside every period the world sets.
pub(super) const NOW: i64 = 1_767_225_600_000;
const DAY: i64 = 86_400_000;

/// A world written once to a file, copied for each fresh world: copying is far cheaper than
/// writing it again, which the suite does after every call that changed the store.
pub(super) struct Template {
    dir: tempfile::TempDir,
    world: World,
    copies: usize,
}

impl Template {
    pub(super) fn new() -> Result<Self, StoreError> {
        // In memory-backed /dev/shm where there is one: thousands of copies, no disk needed.
        let shm = std::path::Path::new("/dev/shm");
        let dir = if shm.is_dir() { tempfile::tempdir_in(shm) } else { tempfile::tempdir() };
        let dir = dir.map_err(|error| StoreError::Storage { reason: error.to_string() })?;
        let world = World::build(&dir.path().join("template.db").to_string_lossy())?;
        // Closing checkpoints the WAL into the file, so the file alone is the whole world.
        world.store.close()?;
        Ok(Self { dir, world, copies: 0 })
    }

    /// A fresh world in a copy of the template's file.
    pub(super) fn world(&mut self) -> Result<World, StoreError> {
        let io = |error: std::io::Error| StoreError::Storage { reason: error.to_string() };
        self.copies += 1;
        let previous = self.dir.path().join(format!("world-{}.db", self.copies - 1));
        for suffix in ["", "-wal", "-shm", "-keys"] {
            let _ = std::fs::remove_file(format!("{}{suffix}", previous.display()));
        }
        let _ = std::fs::remove_dir_all(format!("{}-blobs", previous.display()));
        let path = self.dir.path().join(format!("world-{}.db", self.copies));
        let template = self.dir.path().join("template.db");
        std::fs::copy(&template, &path).map_err(io)?;
        std::fs::copy(self.dir.path().join("template.db-keys"), format!("{}-keys", path.display())).map_err(io)?;
        copy_dir(&format!("{}-blobs", template.display()), &format!("{}-blobs", path.display())).map_err(io)?;
        let store = Store::open(&keyed(&path.to_string_lossy()))?;
        Ok(World { store, ..self.world.clone() })
    }
}

/// Copies directory `from` (the attachment files) to `to`, folders and all.
fn copy_dir(from: &str, to: &str) -> std::io::Result<()> {
    std::fs::create_dir_all(to)?;
    for entry in std::fs::read_dir(from)? {
        let entry = entry?;
        let (source, target) = (entry.path(), std::path::Path::new(to).join(entry.file_name()));
        if entry.file_type()?.is_dir() {
            copy_dir(&source.to_string_lossy(), &target.to_string_lossy())?;
        } else {
            std::fs::copy(source, target)?;
        }
    }
    Ok(())
}

/// The world's store is encrypted, so the calls on sealed provider secrets run too.
fn keyed(path: &str) -> StoreConfig {
    StoreConfig::encrypted(path, crate::StoreKey::Raw { bytes: vec![7; 32] })
}

impl World {
    fn build(path: &str) -> Result<Self, StoreError> {
        let store = Store::open(&keyed(path))?;
        let user = store.users().create(&NewUser::new("ada@example.com", "Ada"))?.id;
        let member = store.users().create(&NewUser::new("bob@example.com", "Bob"))?.id;
        let organization = NewOrganization { owner_user_id: Some(user.clone()), ..NewOrganization::new("Lab", "lab") };
        let organization = store.organizations().create(&organization)?.id;
        store.organizations().add_member(&organization, &member, Role::Member)?;
        let device = NewDevice { user_id: user.clone(), name: "Phone".into(), platform: DevicePlatform::Ios };
        let device = store.devices().register(&device)?.id;
        store.settings().set(&user, "theme", "\"dark\"")?;
        store.settings().set_bool(&user, "flag", true)?;
        store.settings().set_i64(&user, "count", 3)?;
        let outsider = store.users().create(&NewUser::new("cy@example.com", "Cy"))?.id;
        let workspace = store.workspaces().create(&NewWorkspace::for_user("Research", &user))?.id;
        store.workspaces().add_member(&workspace, &member, Role::Member)?;
        let project = store.projects().create(&NewProject::new(&workspace, "Paper"))?.id;
        let document =
            NewDocument { project_id: Some(project.clone()), ..NewDocument::new(&workspace, "Draft", "text") };
        let document = store.documents().create(&document)?.id;
        let thread = store.threads().create(&workspace, "Trip")?.id;
        let message = store.messages().append(&thread, MessageRole::User, "pack the umbrella")?.id;
        let child =
            NewMessage { parent_id: Some(message.clone()), ..NewMessage::new(&thread, MessageRole::Assistant, "ok") };
        store.messages().append_new(&child)?;
        let map =
            NewAttachmentFile { message_id: message.clone(), filename: "map.png".into(), mime: "image/png".into() };
        let attachment = store.attachments().write(&map, &mut &b"a map's bytes"[..])?;
        store.embeddings().upsert(&NewEmbedding::new(
            OwnerKind::Message,
            &message,
            "messages",
            "mini",
            WORLD_VECTOR,
        ))?;
        let config = store.providers().create(&NewProviderConfig::new(&user, ProviderKind::Anthropic, "Claude"))?.id;
        store.providers().set_secret(&config, crate::SecretKind::ApiKey, "sk-world")?;
        let call = NewInteraction {
            config_id: Some(config.clone()),
            provider: None,
            thread_id: Some(thread.clone()),
            prompt_tokens: 10,
            completion_tokens: 20,
            latency_ms: 300,
            occurred_at: Some(NOW),
            ..NewInteraction::new(ProviderKind::Anthropic, "claude", 1_500, "USD")
        };
        let interaction = store.interactions().record(&call)?.id;
        let flow = store.flows().create(&new_flow(&workspace))?.id;
        let run = store.flows().start_run(&flow)?;
        let step = store.flows().record_step(&NewStepResult::new(&flow, &run, 0, StepStatus::Running))?.id;
        let grant = NewPermissionSet {
            subject_user_id: Some(member.clone()),
            subject_role: None,
            resource: ResourceRef::project(&project),
            actions: vec![Action::Read],
        };
        let permission = store.permissions().grant(&grant)?.id;
        let consent = NewConsent {
            user_id: user.clone(),
            scope: ConsentScope::Telemetry,
            granted: true,
            policy_version: "2026-01".into(),
        };
        let consent = store.consent().set(&consent)?.id;
        let event = NewTelemetryEvent { device_id: Some(device.clone()), ..NewTelemetryEvent::new(&user, "app.open") };
        let event = match store.telemetry().record(&event)? {
            TelemetryOutcome::Recorded { event } => event.id,
            TelemetryOutcome::Dropped { .. } => return Err(StoreError::Storage { reason: "telemetry dropped".into() }),
        };
        let subscription = store.subscriptions().create(&NewSubscription {
            owner_user_id: Some(user.clone()),
            owner_organization_id: None,
            tier: PlanTier::Pro,
            status: SubscriptionStatus::Active,
            period_start: NOW - DAY,
            period_end: NOW + 30 * DAY,
            storage_quota_bytes: None,
        })?;
        let invoice = NewInvoice { issued_at: Some(NOW), ..NewInvoice::new(&subscription.id, "INV-1", 1_200, "EUR") };
        let invoice = store.invoices().issue(&invoice)?.id;
        let draft =
            NewInvoice { status: Some(InvoiceStatus::Draft), ..NewInvoice::new(&subscription.id, "INV-2", 5, "EUR") };
        let draft = store.invoices().issue(&draft)?.id;
        let deleted = deleted(&store, &user, &workspace)?;
        let audit_entry = store.audit().list(&AuditFilter::default(), &PageRequest::first(1))?.remove(0).id;
        let store_exported = store.export_secrets_keys(&crate::StoreKey::Passphrase { passphrase: CARRIED.into() })?;
        Ok(Self {
            store,
            user,
            member,
            organization,
            device,
            workspace,
            project,
            document,
            thread,
            message,
            attachment: attachment.id,
            config,
            interaction,
            flow,
            run,
            step,
            permission,
            consent,
            event,
            subscription: subscription.id,
            invoice,
            draft,
            audit_entry,
            outsider,
            deleted,
            exported: store_exported,
        })
    }

    /// Every record id of the world, for "an id of another kind".
    pub(super) fn ids(&self) -> Vec<&str> {
        vec![
            &self.user,
            &self.organization,
            &self.device,
            &self.workspace,
            &self.project,
            &self.document,
            &self.thread,
            &self.message,
            &self.attachment,
            &self.config,
            &self.interaction,
            &self.flow,
            &self.run,
            &self.step,
            &self.permission,
            &self.consent,
            &self.event,
            &self.subscription,
            &self.invoice,
            &self.audit_entry,
        ]
    }

    /// The id an `id` parameter of `handle`'s calls names in this world.
    fn own_id(&self, handle: &str, method: &str) -> &str {
        let deleted = &self.deleted;
        match (handle, method) {
            ("users", "restore") => &deleted.user,
            ("workspaces", "restore") => &deleted.workspace,
            ("projects", "restore") => &deleted.project,
            ("documents", "restore") => &deleted.document,
            ("threads", "restore") => &deleted.thread,
            ("messages", "restore") => &deleted.message,
            ("users", _) => &self.user,
            ("organizations", _) => &self.organization,
            ("devices", _) => &self.device,
            ("workspaces", _) => &self.workspace,
            ("projects", _) => &self.project,
            ("documents", _) => &self.document,
            ("threads", _) => &self.thread,
            ("messages", _) => &self.message,
            ("attachments", _) => &self.attachment,
            ("providers", _) => &self.config,
            ("interactions", _) => &self.interaction,
            ("flows", "get_step" | "update_step") => &self.step,
            ("flows", _) => &self.flow,
            ("permissions", _) => &self.permission,
            ("consent", _) => &self.consent,
            ("telemetry", _) => &self.event,
            ("audit", _) => &self.audit_entry,
            ("subscriptions", _) => &self.subscription,
            ("invoices", "delete") => &self.draft,
            ("invoices", _) => &self.invoice,
            _ => &self.user,
        }
    }

    /// The valid value of parameter `param` of `handle.method` in this world.
    pub(super) fn baseline(&self, handle: &str, method: &str, param: &str) -> Value {
        match (handle, method, param) {
            (_, _, "id") => json!(self.own_id(handle, method)),
            (_, _, "page") => json!({ "limit": 10 }),
            ("organizations" | "workspaces", "add_member", "user_id") => json!(self.outsider),
            ("organizations", _, "user_id")
            | ("workspaces", "member" | "set_member_role" | "remove_member", "user_id") => {
                json!(self.member)
            }
            (_, _, "user_id") => json!(self.user),
            (_, _, "org_id" | "organization_id") => json!(self.organization),
            (_, _, "workspace_id") => json!(self.workspace),
            (_, _, "project_id") => json!(self.project),
            (_, _, "thread_id") => json!(self.thread),
            (_, _, "message_id") => json!(self.message),
            (_, _, "subscription_id") => json!(self.subscription),
            (_, _, "flow_id") => json!(self.flow),
            (_, _, "config_id") => json!(self.config),
            (_, _, "run_id") => json!(self.run),
            ("messages", _, "role") => json!("assistant"),
            (_, _, "role") => json!("viewer"),
            (_, _, "status") if handle == "subscriptions" => json!("past_due"),
            (_, _, "status") => json!("void"),
            (_, _, "scope") => json!("telemetry"),
            ("providers", _, "kind") => json!("api_key"),
            ("store", "change_key", "key") => json!("a new passphrase"),
            ("store", "change_key", "kdf") => json!({ "memoryKib": 8, "iterations": 1, "parallelism": 1 }),
            ("store", _, "wrapping") => json!(CARRIED),
            ("store", _, "exported") => json!(self.exported),
            ("providers", _, "secret") => json!("sk-replaced"),
            ("store", "import_chat_history", "file") => {
                json!(concat!(env!("CARGO_MANIFEST_DIR"), "/tests/fixtures/import/claude.json"))
            }
            ("store", "import_chat_history_bytes", "file") => json!(SMALL_EXPORT.as_bytes()),
            ("store", _, "options") => {
                json!({ "format": "claude", "workspaceId": self.workspace, "projectId": self.project })
            }
            (_, _, "action") => json!("read"),
            (_, _, "resource") => json!({ "kind": "workspace", "id": self.workspace }),
            (_, _, "enabled" | "value") if method == "set_bool" || method == "set_enabled" => json!(false),
            ("settings", "set_i64", "value") => json!(42),
            ("settings", "set_string", "value") => json!("blue"),
            ("settings", "set_bool" | "get_bool", "key") => json!("flag"),
            ("settings", "set_i64" | "get_i64", "key") => json!("count"),
            ("settings", _, "key") => json!("theme"),
            ("settings", "set", "value_json") => json!("\"light\""),
            ("workspaces", "rename", "name") | ("devices", "rename", "name") => json!("Renamed"),
            ("threads", "rename", "title") => json!("Renamed"),
            ("threads", "create", "title") => json!("New thread"),
            ("messages", "append", "content") | ("messages", "edit", "content") => json!("hello there"),
            ("users", "find_by_email", "email") => json!("ada@example.com"),
            ("embeddings", _, "owner_kind") => json!("message"),
            ("embeddings", _, "owner_id") => json!(self.message),
            ("embeddings", _, "collection") => json!("messages"),
            ("embeddings", _, "model") => json!("mini"),
            ("organizations", "find_by_slug", "slug") => json!("lab"),
            _ => self.record(handle, method, param),
        }
    }

    /// The valid record argument `param` of `handle.method`.
    fn record(&self, handle: &str, method: &str, param: &str) -> Value {
        let (user, workspace, thread) = (&self.user, &self.workspace, &self.thread);
        match (handle, method, param) {
            ("users", "create", _) => json(&NewUser::new("dee@example.com", "Dee")),
            ("users", "update", _) => json(&UserPatch {
                display_name: Some("Ada L.".into()),
                locale: Some("en-GB".into()),
                email: Some("ada@example.org".into()),
            }),
            ("organizations", "create", _) => {
                json(&NewOrganization { owner_user_id: Some(user.clone()), ..NewOrganization::new("Guild", "guild") })
            }
            ("organizations", "update", _) => {
                json(&OrganizationPatch { name: Some("Lab II".into()), slug: Some("lab-ii".into()) })
            }
            ("devices", "register", _) => {
                json(&NewDevice { user_id: user.clone(), name: "Laptop".into(), platform: DevicePlatform::Desktop })
            }
            ("workspaces", "create", _) => json(&NewWorkspace::for_user("Garden", user)),
            ("workspaces", "update", _) => json(&WorkspacePatch {
                name: Some("Research II".into()),
                owner_user_id: None,
                owner_organization_id: Some(self.organization.clone()),
            }),
            ("projects", "create", _) => {
                json(&NewProject { description: "About it".into(), ..NewProject::new(workspace, "Slides") })
            }
            ("projects", "update", _) => {
                json(&ProjectPatch { name: Some("Paper II".into()), description: Some("More".into()) })
            }
            ("documents", "create", _) => json(&NewDocument {
                project_id: Some(self.project.clone()),
                ..NewDocument::new(workspace, "Notes", "the hypothesis holds")
            }),
            ("documents", "update", _) => json(&DocumentPatch {
                title: Some("Draft II".into()),
                body: Some("new text".into()),
                mime: Some("text/plain".into()),
                expected_version: Some(1),
            }),
            ("documents", "search", _) => json(&DocumentSearch {
                workspace_id: Some(workspace.clone()),
                project_id: Some(self.project.clone()),
                ..DocumentSearch::words("text")
            }),
            ("threads", "create_with", _) => json(&NewThread {
                workspace_id: workspace.clone(),
                project_id: Some(self.project.clone()),
                title: "Planning".into(),
            }),
            ("threads", "update", _) => {
                json(&ThreadPatch { title: Some("Trip II".into()), pinned: Some(true), archived: Some(false) })
            }
            ("messages", "append_new", _) => json(&new_message(thread, &self.message)),
            ("messages", "append_batch", _) => json(&vec![new_message(thread, &self.message)]),
            ("messages", "search", _) => json(&SearchQuery {
                workspace_id: Some(workspace.clone()),
                thread_id: Some(thread.clone()),
                ..SearchQuery::words("umbrella")
            }),
            ("attachments", "add", _) => json(&NewAttachment {
                message_id: self.message.clone(),
                filename: "notes.txt".into(),
                mime: "text/plain".into(),
                size_bytes: 100,
                sha256: "a".repeat(64),
            }),
            ("providers", "create", _) => json(&NewProviderConfig {
                base_url: Some("http://localhost:11434/v1".into()),
                default_model: Some("llama".into()),
                ..NewProviderConfig::new(user, ProviderKind::Local, "Ollama")
            }),
            ("providers", "update", _) => json(&ProviderConfigPatch {
                display_name: Some("Claude II".into()),
                base_url: Some("https://api.example.com".into()),
                default_model: Some("claude-next".into()),
                enabled: Some(true),
            }),
            ("interactions", "record", _) => json(&NewInteraction {
                config_id: Some(self.config.clone()),
                provider: Some(ProviderKind::Anthropic),
                workspace_id: Some(workspace.clone()),
                thread_id: Some(thread.clone()),
                message_id: Some(self.message.clone()),
                prompt_tokens: 1,
                completion_tokens: 2,
                latency_ms: 3,
                status: InteractionStatus::Failed,
                error: Some("timeout".into()),
                occurred_at: Some(NOW),
                ..NewInteraction::new(ProviderKind::Anthropic, "claude", 4, "USD")
            }),
            ("interactions", "list", "filter") => json(&InteractionFilter {
                workspace_id: Some(workspace.clone()),
                thread_id: Some(thread.clone()),
                config_id: Some(self.config.clone()),
                from: Some(NOW - DAY),
                to: Some(NOW + DAY),
            }),
            ("interactions", "usage" | "totals", _) => json(&UsageQuery {
                from: Some(NOW - DAY),
                to: Some(NOW + DAY),
                workspace_id: Some(workspace.clone()),
                provider: Some(ProviderKind::Anthropic),
                ..UsageQuery::by(UsageGrouping::Day)
            }),
            ("flows", "create", _) => json(&NewFlow { name: "Translate".into(), ..new_flow(workspace) }),
            ("flows", "update", _) => json(&FlowPatch {
                name: Some("Summarise II".into()),
                description: Some("shorter".into()),
                steps: Some(new_flow(workspace).steps),
            }),
            ("flows", "record_step", _) => json(&NewStepResult {
                output: Some("done".into()),
                started_at: Some(NOW),
                finished_at: Some(NOW + 1),
                ..NewStepResult::new(&self.flow, &self.run, 1, StepStatus::Succeeded)
            }),
            ("flows", "update_step", _) => json(&StepResultPatch {
                interaction_id: Some(self.interaction.clone()),
                output: Some("partial".into()),
                status: Some(StepStatus::Failed),
                error: Some("model refused".into()),
                started_at: Some(NOW),
                finished_at: Some(NOW + 5),
            }),
            ("permissions", "grant", _) => json(&NewPermissionSet {
                subject_user_id: None,
                subject_role: Some(Role::Viewer),
                resource: ResourceRef::thread(thread),
                actions: vec![Action::Read, Action::Write],
            }),
            ("permissions", "update", _) => json(&PermissionSetPatch { actions: Some(vec![Action::Write]) }),
            ("consent", "set", _) => json(&NewConsent {
                user_id: user.clone(),
                scope: ConsentScope::ProductResearch,
                granted: false,
                policy_version: "2026-02".into(),
            }),
            ("telemetry", "record", _) => json(&NewTelemetryEvent {
                device_id: Some(self.device.clone()),
                properties: "{\"screen\":\"home\"}".into(),
                ..NewTelemetryEvent::new(user, "screen.view")
            }),
            ("audit", "list", "filter") => json(&AuditFilter {
                entity: Some("user".into()),
                entity_id: Some(user.clone()),
                actor_user_id: Some(user.clone()),
            }),
            ("subscriptions", "create", _) => json(&NewSubscription {
                owner_user_id: None,
                owner_organization_id: Some(self.organization.clone()),
                tier: PlanTier::Team,
                status: SubscriptionStatus::Trialing,
                period_start: NOW,
                period_end: NOW + 30 * DAY,
                storage_quota_bytes: Some(1 << 30),
            }),
            ("subscriptions", "update", _) => json(&SubscriptionPatch {
                tier: Some(PlanTier::Plus),
                status: Some(SubscriptionStatus::Active),
                period_start: Some(NOW - 2 * DAY),
                period_end: Some(NOW + 40 * DAY),
                storage_quota_bytes: Some(1 << 20),
            }),
            ("subscriptions", "renew", _) => json(&SubscriptionRenewal { period_end: NOW + 60 * DAY }),
            ("invoices", "issue", _) => json(&NewInvoice {
                status: Some(InvoiceStatus::Draft),
                issued_at: Some(NOW),
                ..NewInvoice::new(&self.subscription, "INV-3", 99, "USD")
            }),
            ("invoices", "mark_paid", _) => json(&InvoicePayment { paid_at: Some(NOW + DAY) }),
            ("embeddings", "upsert", _) => json(&self.new_embedding()),
            ("embeddings", "upsert_batch", _) => json(&vec![self.new_embedding()]),
            ("embeddings", "search", _) => json(&self.vector_query()),
            ("embeddings", "hybrid_search", _) => {
                json(&HybridQuery { text: "umbrella".into(), vector: self.vector_query() })
            }
            ("embeddings", "configure", _) => {
                json(&IndexSettings { precision: VectorPrecision::Int8, memory_budget_bytes: Some(1 << 20) })
            }
            ("attachments", "write" | "writer" | "open_writer", "file") => json(&NewAttachmentFile {
                message_id: self.message.clone(),
                filename: "notes.txt".into(),
                mime: "text/plain".into(),
            }),
            ("attachments", "write", "bytes") => json!("attached bytes"),
            ("attachments", "set_kept_elsewhere", "kept") => json!(true),
            ("attachments", "collect_files", "orphans") => json!(false),
            ("users", "export_user_data", "path") => json!("export.zip"),
            ("storage", "set_quota", _) => json(&Quota { messages_bytes: 5_000_000_000, ..Quota::default() }),
            ("storage", "can_store", "bytes") => json!(4096),
            ("storage", "maintain" | "maintain_stepwise" | "maintenance_due", _) => {
                json(&MaintenancePolicy { archive_after_days: 30, ..MaintenancePolicy::default() })
            }
            ("storage", "can_store", "category") => json(&StorageCategory::Attachments),
            _ => Value::Null,
        }
    }
}

impl World {
    fn new_embedding(&self) -> NewEmbedding {
        NewEmbedding::new(OwnerKind::Message, &self.message, "messages", "mini", vec![1.0, 0.0, -1.0, 0.5])
    }

    fn vector_query(&self) -> VectorQuery {
        VectorQuery {
            filter: VectorFilter {
                workspace_id: Some(self.workspace.clone()),
                thread_id: Some(self.thread.clone()),
                owner_kind: Some(OwnerKind::Message),
                created_from: Some(0),
                created_until: Some(crate::limits::TIME_MAX),
                ..VectorFilter::default()
            },
            min_score: Some(-1.0),
            ..VectorQuery::new("messages", "mini", WORLD_VECTOR, 5)
        }
    }
}

/// One soft-deleted record of each kind that can be restored: the containers in `workspace`
/// of `owner`, each deleted on its own.
fn deleted(store: &Store, owner: &str, workspace: &str) -> Result<Deleted, StoreError> {
    let user = store.users().create(&NewUser::new("gone@example.com", "Gone"))?.id;
    store.users().delete(&user)?;
    let old = store.workspaces().create(&NewWorkspace::for_user("Old", owner))?.id;
    store.workspaces().delete(&old)?;
    let project = store.projects().create(&NewProject::new(workspace, "Old"))?.id;
    store.projects().delete(&project)?;
    let document = store.documents().create(&NewDocument::new(workspace, "Old", ""))?.id;
    store.documents().delete(&document)?;
    let thread = store.threads().create(workspace, "Old")?.id;
    store.threads().delete(&thread)?;
    let kept = store.threads().create(workspace, "Kept")?.id;
    let message = store.messages().append(&kept, MessageRole::User, "removed")?.id;
    store.messages().delete(&message)?;
    Ok(Deleted { user, workspace: old, project, document, thread, message })
}

/// A Claude export of one conversation, for the import taking bytes.
const SMALL_EXPORT: &str = r#"[{"uuid": "hostile-1", "name": "Hostile", "created_at": "2024-01-01T00:00:00Z",
    "chat_messages": [{"uuid": "hostile-m", "text": "hi", "sender": "human", "created_at": "2024-01-01T00:00:01Z"}]}]"#;

fn new_message(thread: &str, parent: &str) -> NewMessage {
    NewMessage {
        parent_id: Some(parent.to_owned()),
        provider: Some("anthropic".into()),
        model: Some("claude".into()),
        prompt_tokens: Some(5),
        completion_tokens: Some(6),
        ..NewMessage::new(thread, MessageRole::Assistant, "the weather is fine")
    }
}

fn new_flow(workspace: &str) -> NewFlow {
    NewFlow {
        workspace_id: workspace.to_owned(),
        name: "Summarise".into(),
        description: "two steps".into(),
        steps: vec![
            FlowStep {
                provider: ProviderKind::Anthropic,
                model: "claude".into(),
                prompt_template: "Summarise {{text}}".into(),
                inputs: vec!["text".into()],
            },
            FlowStep {
                provider: ProviderKind::OpenAi,
                model: "gpt".into(),
                prompt_template: "Translate {{summary}}".into(),
                inputs: vec!["summary".into()],
            },
        ],
    }
}

/// `value` as JSON, the form every binding hands the store.
fn json<T: serde::Serialize>(value: &T) -> Value {
    serde_json::to_value(value).unwrap_or(Value::Null)
}
