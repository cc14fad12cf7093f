//! The declarations: every table of the store, its columns in the order its record carries
//! them, and the rule each column's values follow. What happens to each table's rows when a
//! parent is deleted is in docs/data-model.md; the SQL that created each table is in
//! migrations/ (a new table's SQL is generated from here, see `sql.rs`).

use super::macros::tables;
use super::rules::DIMENSIONS;
use super::rules::{
    AMOUNT, BODY, CONTENT, COUNT, CURRENCY, DESCRIPTION, EMAIL, ERROR_TEXT, FILENAME, Int, JSON_ARRAY, KEY, LABEL,
    LOCALE, MIME, NAME, PROPERTIES, SETTING_VALUE, SHA256, SHORT, SLUG, URL,
};
use super::{
    BLOB, FLAG, ID, INTERNAL_INT, INTERNAL_TEXT, OnDelete::*, SEALED, SEQ, TIME, UUID, VECTOR, int, one_of, refers,
    text,
};
use crate::ai::model::Interaction;
use crate::ai::model::{
    InteractionStatus, OrchestrationFlow, ProviderConfig, ProviderKind, SecretKind, StepResult, StepStatus,
};
use crate::ai::secrets::ProviderSecret;
use crate::billing::model::{Invoice, InvoiceStatus, PlanTier, SubscriptionPlan, SubscriptionStatus};
use crate::content::model::{
    Attachment, AttachmentBytes, Document, Message, MessageRole, Project, Thread, Workspace, WorkspaceMember,
};
use crate::governance::model::{
    AuditEntry, ConsentScope, DataSharingPolicy, PermissionSet, ResourceKind, TelemetryEvent,
};
use crate::identity::model::{Device, DevicePlatform, Organization, OrganizationMember, User, UserSetting};
use crate::model::Role;
use crate::storage::model::StorageCategory;
use crate::vectors::model::{Embedding, OwnerKind, VectorPrecision};

/// The roles a workspace member may have: the owner is named on the workspace, never a member.
const MEMBER_ROLES: &[&str] = &["admin", "member", "viewer"];
/// Document versions start at 1.
const VERSION: Int = Int { min: 1, max: u32::MAX as i64 };
/// Counters that only grow.
const TALLY: Int = Int { min: 0, max: i64::MAX };
/// Index overhead per logical byte, in thousandths (up to 1000 times the data).
const PERMILLE: Int = Int { min: 0, max: 1_000_000 };
/// What storage usage is counted for.
const SCOPE_KINDS: &[&str] = &["store", "workspace", "thread"];
/// The quota's rows: the whole store, then each category.
const QUOTA_ROWS: &[&str] = &["total", "messages", "embeddings", "attachments", "metadata"];

tables! {
    // Identity.
    users => User "user" {
        from "users e", live "e.deleted_at IS NULL",
        columns {
            id: ID,
            email: text(EMAIL),
            display_name: text(NAME),
            locale: text(LOCALE),
            created_at: TIME,
            updated_at: TIME,
        }
        stored { deleted_at: TIME.null() }
    }
    organizations => Organization "organization" {
        from "organizations e", live "TRUE",
        columns { id: ID, name: text(NAME), slug: text(SLUG), created_at: TIME, updated_at: TIME }
    }
    organization_members => OrganizationMember "organization_member" {
        from "organization_members e JOIN users u ON u.id = e.user_id", live "u.deleted_at IS NULL",
        columns {
            id: ID,
            organization_id: refers("organizations", Cascade),
            user_id: refers("users", Cascade),
            role: one_of(Role::NAMES),
            created_at: TIME,
            updated_at: TIME,
        }
        constraints ["UNIQUE (organization_id, user_id)"]
    }
    devices => Device "device" {
        from "devices e JOIN users u ON u.id = e.user_id", live "u.deleted_at IS NULL",
        columns {
            id: ID,
            user_id: refers("users", Cascade),
            name: text(NAME),
            platform: one_of(DevicePlatform::NAMES),
            last_seen_at: TIME,
            created_at: TIME,
            updated_at: TIME,
        }
    }
    user_settings => UserSetting "user_setting" {
        from "user_settings e JOIN users u ON u.id = e.user_id", live "u.deleted_at IS NULL",
        columns {
            id: ID,
            user_id: refers("users", Cascade),
            key: text(KEY),
            value: text(SETTING_VALUE),
            created_at: TIME,
            updated_at: TIME,
        }
        constraints ["UNIQUE (user_id, key)"]
    }

    // Content. A record is live while it and every record above it are not soft-deleted.
    workspaces => Workspace "workspace" {
        from "workspaces e", live "e.deleted_at IS NULL",
        columns {
            id: ID,
            name: text(NAME),
            owner_user_id: refers("users", Cascade).null(),
            owner_organization_id: refers("organizations", Cascade).null(),
            created_at: TIME,
            updated_at: TIME,
        }
        stored { deleted_at: TIME.null() }
        constraints ["CHECK ((owner_user_id IS NULL) <> (owner_organization_id IS NULL))"]
    }
    workspace_members => WorkspaceMember "workspace_member" {
        from "workspace_members e JOIN workspaces w ON w.id = e.workspace_id JOIN users u ON u.id = e.user_id",
        live "w.deleted_at IS NULL AND u.deleted_at IS NULL",
        columns {
            id: ID,
            workspace_id: refers("workspaces", Cascade),
            user_id: refers("users", Cascade),
            role: one_of(MEMBER_ROLES),
            created_at: TIME,
            updated_at: TIME,
        }
        constraints ["UNIQUE (workspace_id, user_id)"]
    }
    projects => Project "project" {
        from "projects e JOIN workspaces w ON w.id = e.workspace_id",
        live "e.deleted_at IS NULL AND w.deleted_at IS NULL",
        columns {
            id: ID,
            workspace_id: refers("workspaces", Cascade),
            name: text(NAME),
            description: text(DESCRIPTION),
            created_at: TIME,
            updated_at: TIME,
        }
        stored { deleted_at: TIME.null() }
    }
    documents => Document "document" {
        from "documents e JOIN workspaces w ON w.id = e.workspace_id LEFT JOIN projects p ON p.id = e.project_id",
        live "e.deleted_at IS NULL AND w.deleted_at IS NULL AND (e.project_id IS NULL OR p.deleted_at IS NULL)",
        columns {
            id: ID,
            workspace_id: refers("workspaces", Cascade),
            project_id: refers("projects", Cascade).null(),
            title: text(NAME),
            body: text(BODY),
            mime: text(MIME),
            version: int(VERSION),
            created_at: TIME,
            updated_at: TIME,
        }
        // The acting user who created it, for erasure (none from the device handle).
        stored { seq: SEQ, deleted_at: TIME.null(), author_user_id: UUID.null() }
    }
    threads => Thread "thread" {
        from "threads e JOIN workspaces w ON w.id = e.workspace_id LEFT JOIN projects p ON p.id = e.project_id",
        live "e.deleted_at IS NULL AND w.deleted_at IS NULL AND (e.project_id IS NULL OR p.deleted_at IS NULL)",
        columns {
            id: ID,
            workspace_id: refers("workspaces", Cascade),
            project_id: refers("projects", Cascade).null(),
            title: text(NAME),
            pinned: FLAG,
            archived: FLAG,
            last_message_at: TIME.null(),
            created_at: TIME,
            updated_at: TIME,
        }
        stored { deleted_at: TIME.null(), author_user_id: UUID.null() }
    }
    messages => Message "message" {
        from "messages e JOIN threads t ON t.id = e.thread_id JOIN workspaces w ON w.id = t.workspace_id
              LEFT JOIN projects p ON p.id = t.project_id",
        live "e.deleted_at IS NULL AND t.deleted_at IS NULL AND w.deleted_at IS NULL
              AND (t.project_id IS NULL OR p.deleted_at IS NULL)",
        columns {
            id: ID,
            thread_id: refers("threads", Cascade),
            role: one_of(MessageRole::NAMES),
            content: text(CONTENT),
            parent_id: refers("messages", SetNull).null(),
            provider: text(LABEL).null(),
            model: text(NAME).null(),
            prompt_tokens: int(COUNT).null(),
            completion_tokens: int(COUNT).null(),
            created_at: TIME,
            updated_at: TIME,
        }
        stored { seq: SEQ, deleted_at: TIME.null(), author_user_id: UUID.null() }
    }
    attachments => Attachment "attachment" {
        from "attachments e JOIN messages m ON m.id = e.message_id JOIN threads t ON t.id = m.thread_id
              JOIN workspaces w ON w.id = t.workspace_id LEFT JOIN projects p ON p.id = t.project_id",
        live "m.deleted_at IS NULL AND t.deleted_at IS NULL AND w.deleted_at IS NULL
              AND (t.project_id IS NULL OR p.deleted_at IS NULL)",
        columns {
            id: ID,
            message_id: refers("messages", Cascade),
            thread_id: refers("threads", Cascade),
            filename: text(FILENAME),
            mime: text(MIME),
            size_bytes: int(AMOUNT),
            sha256: text(SHA256),
            bytes: one_of(AttachmentBytes::NAMES),
            kept_elsewhere: FLAG,
            created_at: TIME,
            updated_at: TIME,
        }
    }
    // The files attachment bytes are kept in (`blobs/`), one per content: `refs` counts the
    // attachments holding it (triggers), `file` is its name in the blob directory.
    blobs {
        columns {
            sha256: text(SHA256),
            file: text(SHA256),
            size_bytes: int(AMOUNT),
            refs: INTERNAL_INT,
            sealed: FLAG,
            created_at: TIME,
        }
        constraints ["PRIMARY KEY (sha256)"]
    }

    // AI.
    ai_provider_configs => ProviderConfig "provider_config" {
        from "ai_provider_configs e", live "TRUE",
        columns {
            id: ID,
            user_id: refers("users", Cascade),
            kind: one_of(ProviderKind::NAMES),
            display_name: text(NAME),
            base_url: text(URL).null(),
            default_model: text(NAME).null(),
            enabled: FLAG,
            created_at: TIME,
            updated_at: TIME,
        }
        constraints ["UNIQUE (user_id, display_name)"]
    }
    ai_interactions => Interaction "interaction" {
        from "ai_interactions e", live "TRUE",
        columns {
            id: ID,
            config_id: refers("ai_provider_configs", SetNull).null(),
            provider: one_of(ProviderKind::NAMES),
            workspace_id: refers("workspaces", Cascade).null(),
            thread_id: refers("threads", SetNull).null(),
            message_id: refers("messages", SetNull).null(),
            model: text(NAME),
            prompt_tokens: int(COUNT),
            completion_tokens: int(COUNT),
            latency_ms: int(COUNT),
            cost_micros: int(AMOUNT),
            currency: text(CURRENCY),
            status: one_of(InteractionStatus::NAMES),
            error: text(ERROR_TEXT).null(),
            created_at: TIME,
            updated_at: TIME,
        }
    }
    orchestration_flows => OrchestrationFlow "flow" {
        from "orchestration_flows e JOIN workspaces w ON w.id = e.workspace_id", live "w.deleted_at IS NULL",
        columns {
            id: ID,
            workspace_id: refers("workspaces", Cascade),
            name: text(NAME),
            description: text(DESCRIPTION),
            steps: text(JSON_ARRAY),
            created_at: TIME,
            updated_at: TIME,
        }
        constraints ["UNIQUE (workspace_id, name)"]
    }
    orchestration_step_results => StepResult "step_result" {
        from "orchestration_step_results e JOIN orchestration_flows f ON f.id = e.flow_id
              JOIN workspaces w ON w.id = f.workspace_id",
        live "w.deleted_at IS NULL",
        columns {
            id: ID,
            flow_id: refers("orchestration_flows", Cascade),
            run_id: UUID,
            step_index: int(COUNT),
            interaction_id: refers("ai_interactions", SetNull).null(),
            output: text(CONTENT).null(),
            status: one_of(StepStatus::NAMES),
            error: text(ERROR_TEXT).null(),
            started_at: TIME.null(),
            finished_at: TIME.null(),
            created_at: TIME,
            updated_at: TIME,
        }
        constraints ["UNIQUE (run_id, step_index)"]
    }

    // Governance.
    permission_sets => custom PermissionSet "permission_set" {
        from "permission_sets e JOIN workspaces w ON w.id = e.workspace_id", live "w.deleted_at IS NULL",
        columns {
            id: ID,
            subject_user_id: refers("users", Cascade).null(),
            subject_role: one_of(Role::NAMES).null(),
            resource_kind: one_of(ResourceKind::NAMES),
            resource_id: UUID,
            workspace_id: refers("workspaces", Cascade),
            actions: text(JSON_ARRAY),
            created_at: TIME,
            updated_at: TIME,
        }
        constraints ["CHECK ((subject_user_id IS NULL) <> (subject_role IS NULL))"]
    }
    data_sharing_policies => DataSharingPolicy "data_sharing_policy" {
        from "data_sharing_policies e", live "TRUE",
        columns {
            id: ID,
            user_id: refers("users", Cascade),
            scope: one_of(ConsentScope::NAMES),
            granted: FLAG,
            policy_version: text(SHORT),
            created_at: TIME,
            updated_at: TIME,
        }
    }
    telemetry_events => TelemetryEvent "telemetry_event" {
        from "telemetry_events e", live "TRUE",
        columns {
            id: ID,
            user_id: refers("users", Cascade),
            device_id: refers("devices", SetNull).null(),
            name: text(NAME),
            properties: text(PROPERTIES),
            created_at: TIME,
            updated_at: TIME,
        }
    }
    telemetry_drops {
        columns { user_id: refers("users", Cascade), dropped: int(TALLY), last_dropped_at: TIME }
    }
    provider_secrets => ProviderSecret "provider_secret" {
        from "provider_secrets e", live "TRUE",
        columns {
            id: ID,
            config_id: refers("ai_provider_configs", Cascade),
            kind: one_of(SecretKind::NAMES),
            sealed: SEALED,
            created_at: TIME,
            updated_at: TIME,
        }
        constraints ["UNIQUE (config_id, kind)"]
    }
    audit_log => AuditEntry "audit_entry" {
        from "audit_log e", live "TRUE",
        columns {
            seq: SEQ,
            id: ID,
            actor_user_id: UUID.null(),
            action: INTERNAL_TEXT,
            entity: INTERNAL_TEXT,
            entity_id: INTERNAL_TEXT,
            details: INTERNAL_TEXT,
            created_at: TIME,
            prev_hash: INTERNAL_TEXT,
            hash: INTERNAL_TEXT,
        }
        // Version 2 entries hash this digest of details, not details (erasable).
        stored { details_sha256: INTERNAL_TEXT.null() }
    }
    audit_head {
        // v1_hash: the head before migration 13 re-chained the log as version 2.
        columns { id: INTERNAL_INT, seq: INTERNAL_INT, hash: INTERNAL_TEXT, v1_hash: INTERNAL_TEXT.null() }
    }

    // Billing. A user's plans and their invoices leave every read while the user is
    // soft-deleted, and come back with them.
    subscription_plans => SubscriptionPlan "subscription" {
        from "subscription_plans e LEFT JOIN users u ON u.id = e.owner_user_id", live "u.deleted_at IS NULL",
        columns {
            id: ID,
            owner_user_id: refers("users", Cascade).null(),
            owner_organization_id: refers("organizations", Cascade).null(),
            tier: one_of(PlanTier::NAMES),
            status: one_of(SubscriptionStatus::NAMES),
            period_start: TIME,
            period_end: TIME,
            storage_quota_bytes: int(AMOUNT),
            created_at: TIME,
            updated_at: TIME,
        }
        constraints ["CHECK ((owner_user_id IS NULL) <> (owner_organization_id IS NULL))"]
    }
    invoices => Invoice "invoice" {
        from "invoices e JOIN subscription_plans s ON s.id = e.subscription_id LEFT JOIN users u ON u.id = s.owner_user_id",
        live "u.deleted_at IS NULL",
        columns {
            id: ID,
            subscription_id: refers("subscription_plans", Cascade),
            number: text(SHORT),
            amount_minor: int(AMOUNT),
            currency: text(CURRENCY),
            status: one_of(InvoiceStatus::NAMES),
            issued_at: TIME,
            paid_at: TIME.null(),
            created_at: TIME,
            updated_at: TIME,
        }
        constraints ["UNIQUE (number)", "CHECK ((status = 'paid') = (paid_at IS NOT NULL))"]
    }

    // Semantic search. An embedding's owner is one of three tables: the column naming it
    // (message_id, document_id or attachment_id) is a foreign key, so purging the owner, or
    // anything above it, removes its vectors in the same transaction. Its workspace, project
    // and thread are kept on the row for filtering (triggers follow a move to a project).
    embeddings => Embedding "embedding" {
        from "embeddings e JOIN workspaces w ON w.id = e.workspace_id LEFT JOIN projects p ON p.id = e.project_id
              LEFT JOIN threads t ON t.id = e.thread_id LEFT JOIN messages m ON m.id = e.message_id
              LEFT JOIN documents d ON d.id = e.document_id",
        live "w.deleted_at IS NULL AND p.deleted_at IS NULL AND t.deleted_at IS NULL AND m.deleted_at IS NULL
              AND d.deleted_at IS NULL",
        columns {
            id: ID,
            owner_kind: one_of(OwnerKind::NAMES),
            owner_id: UUID,
            collection: text(KEY),
            model: text(KEY),
            dimensions: int(DIMENSIONS),
            vector: VECTOR,
            content_hash: text(SHA256),
            workspace_id: refers("workspaces", Cascade),
            project_id: refers("projects", Cascade).null(),
            thread_id: refers("threads", Cascade).null(),
            owner_created_at: TIME,
            created_at: TIME,
            updated_at: TIME,
        }
        stored {
            seq: SEQ,
            message_id: refers("messages", Cascade).null(),
            document_id: refers("documents", Cascade).null(),
            attachment_id: refers("attachments", Cascade).null(),
        }
        constraints [
            "UNIQUE (collection, model, owner_kind, owner_id)",
            "CHECK (length(vector) = 4 * dimensions)",
            "CHECK (CASE owner_kind
                 WHEN 'message' THEN message_id IS owner_id AND document_id IS NULL AND attachment_id IS NULL
                 WHEN 'document' THEN document_id IS owner_id AND message_id IS NULL AND attachment_id IS NULL
                 ELSE attachment_id IS owner_id AND message_id IS NOT NULL AND document_id IS NULL END)",
        ]
    }
    // One row per collection and model: its dimensions, settings, and counts kept by triggers
    // on embeddings (`changes` tells an index in memory that rows changed under it).
    vector_indexes {
        columns {
            collection: text(KEY),
            model: text(KEY),
            dimensions: int(DIMENSIONS),
            precision: one_of(VectorPrecision::NAMES),
            memory_budget_bytes: int(AMOUNT).null(),
            vector_count: int(TALLY),
            changes: int(TALLY),
        }
        constraints ["PRIMARY KEY (collection, model)"]
    }
    // An index's graph as it was last saved, and the `changes` it was saved at (its
    // collection's `vector_indexes` row is never deleted).
    vector_graphs {
        columns {
            collection: text(KEY),
            model: text(KEY),
            changes: int(TALLY),
            graph: BLOB,
        }
        constraints ["PRIMARY KEY (collection, model)"]
    }

    // Storage accounting (`schema/seam.rs`): rows and logical bytes per category, for the
    // store (scope_id '') and per workspace and thread, kept by the seam's triggers.
    storage_usage {
        columns {
            scope_kind: one_of(SCOPE_KINDS),
            scope_id: INTERNAL_TEXT,
            category: one_of(StorageCategory::NAMES),
            // Kept by triggers and checked by `recount`, not by a CHECK (which would turn a
            // miscount into a failed write).
            rows: INTERNAL_INT,
            bytes: INTERNAL_INT,
        }
        constraints ["PRIMARY KEY (scope_kind, scope_id, category)"]
    }
    // The quota ('total') and each category's budget, in estimated bytes, and the index
    // overhead per logical byte of each category (thousandths) that `recount` measures.
    storage_quota {
        columns {
            category: one_of(QUOTA_ROWS),
            limit_bytes: int(AMOUNT),
            overhead_permille: int(PERMILLE),
        }
        constraints ["PRIMARY KEY (category)"]
    }
}
