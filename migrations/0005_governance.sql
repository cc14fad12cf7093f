-- Schema version 5: permissions, consent, telemetry and the audit log.
-- Cascade rules: docs/data-model.md.

-- A grant of actions on one resource to a user or to everyone holding a role there (or a
-- stronger one). Grants only add to what roles allow: there are no deny rules.
-- resource_id names a workspace, project or thread (per resource_kind); workspace_id is that
-- resource's workspace, so grants go with it, and the triggers below drop the grants of a
-- purged project or thread.
CREATE TABLE permission_sets (
    id               TEXT PRIMARY KEY NOT NULL,
    subject_user_id  TEXT REFERENCES users (id) ON DELETE CASCADE,
    subject_role     TEXT CHECK (subject_role IN ('owner', 'admin', 'member', 'viewer')),
    resource_kind    TEXT NOT NULL CHECK (resource_kind IN ('workspace', 'project', 'thread')),
    resource_id      TEXT NOT NULL,
    workspace_id     TEXT NOT NULL REFERENCES workspaces (id) ON DELETE CASCADE,
    actions          TEXT NOT NULL CHECK (json_valid(actions) AND json_type(actions) = 'array'),
    created_at       INTEGER NOT NULL,
    updated_at       INTEGER NOT NULL,
    CHECK ((subject_user_id IS NULL) <> (subject_role IS NULL))
) STRICT;
CREATE UNIQUE INDEX permission_sets_one_per_subject
    ON permission_sets (coalesce(subject_user_id, 'role:' || subject_role), resource_kind, resource_id);
CREATE INDEX permission_sets_by_resource ON permission_sets (resource_kind, resource_id, created_at DESC, id DESC);
CREATE INDEX permission_sets_by_workspace ON permission_sets (workspace_id);
CREATE INDEX permission_sets_by_user ON permission_sets (subject_user_id, created_at DESC, id DESC);
CREATE TRIGGER permission_sets_project_purged AFTER DELETE ON projects BEGIN
    DELETE FROM permission_sets WHERE resource_kind = 'project' AND resource_id = old.id;
END;
CREATE TRIGGER permission_sets_thread_purged AFTER DELETE ON threads BEGIN
    DELETE FROM permission_sets WHERE resource_kind = 'thread' AND resource_id = old.id;
END;

-- Every consent decision is kept; the newest per (user, scope) is in force.
CREATE TABLE data_sharing_policies (
    id              TEXT PRIMARY KEY NOT NULL,
    user_id         TEXT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    scope           TEXT NOT NULL CHECK (scope IN ('telemetry', 'crash_reports', 'provider_sharing', 'product_research')),
    granted         INTEGER NOT NULL CHECK (granted IN (0, 1)),
    policy_version  TEXT NOT NULL CHECK (length(policy_version) BETWEEN 1 AND 64),
    created_at      INTEGER NOT NULL,
    updated_at      INTEGER NOT NULL
) STRICT;
CREATE INDEX data_sharing_policies_current ON data_sharing_policies (user_id, scope, created_at DESC, id DESC);
CREATE INDEX data_sharing_policies_history ON data_sharing_policies (user_id, created_at DESC, id DESC);

-- Recorded only while the user's telemetry consent is on; otherwise counted in telemetry_drops.
CREATE TABLE telemetry_events (
    id          TEXT PRIMARY KEY NOT NULL,
    user_id     TEXT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    device_id   TEXT REFERENCES devices (id) ON DELETE SET NULL,
    name        TEXT NOT NULL CHECK (length(name) BETWEEN 1 AND 200),
    properties  TEXT NOT NULL CHECK (json_valid(properties) AND json_type(properties) = 'object'),
    created_at  INTEGER NOT NULL,
    updated_at  INTEGER NOT NULL
) STRICT;
CREATE INDEX telemetry_events_newest ON telemetry_events (user_id, created_at DESC, id DESC);
CREATE INDEX telemetry_events_by_device ON telemetry_events (device_id);

CREATE TABLE telemetry_drops (
    user_id          TEXT PRIMARY KEY NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    dropped          INTEGER NOT NULL CHECK (dropped >= 0),
    last_dropped_at  INTEGER NOT NULL
) STRICT;

-- Append-only and hash-chained: hash = SHA-256 over the entry and prev_hash, the previous
-- entry's hash (64 zeros for the first); the exact encoding is in core/src/governance/audit.rs.
-- actor_user_id has no foreign key on purpose: the record of what happened outlives the user.
-- The triggers refuse edits through SQL; the chain catches edits made around them.
-- AUTOINCREMENT: a seq is never reused, so a removed entry leaves a gap even when it was the
-- newest and more were appended after it.
CREATE TABLE audit_log (
    seq            INTEGER PRIMARY KEY AUTOINCREMENT,
    id             TEXT NOT NULL UNIQUE,
    actor_user_id  TEXT,
    action         TEXT NOT NULL CHECK (length(action) BETWEEN 1 AND 100),
    entity         TEXT NOT NULL CHECK (length(entity) BETWEEN 1 AND 100),
    entity_id      TEXT NOT NULL,
    details        TEXT NOT NULL CHECK (json_valid(details)),
    created_at     INTEGER NOT NULL,
    prev_hash      TEXT NOT NULL CHECK (length(prev_hash) = 64),
    hash           TEXT NOT NULL UNIQUE CHECK (length(hash) = 64)
) STRICT;
-- Both indexes end in the rowid (seq), so a filtered list comes out in chain order.
CREATE INDEX audit_log_by_entity ON audit_log (entity, entity_id);
CREATE INDEX audit_log_by_actor ON audit_log (actor_user_id);
CREATE TRIGGER audit_log_no_update BEFORE UPDATE ON audit_log BEGIN
    SELECT RAISE(ABORT, 'the audit log is append-only');
END;
CREATE TRIGGER audit_log_no_delete BEFORE DELETE ON audit_log BEGIN
    SELECT RAISE(ABORT, 'the audit log is append-only');
END;

-- The chain's head: the seq and hash of the newest entry, moved in the same transaction as
-- every append. The next entry links to it (not to whatever row is last), and verification
-- compares it with the newest row, so removing the newest entries is detected too.
CREATE TABLE audit_head (
    id    INTEGER PRIMARY KEY CHECK (id = 1),
    seq   INTEGER NOT NULL CHECK (seq >= 0),
    hash  TEXT NOT NULL CHECK (length(hash) = 64)
) STRICT;
INSERT INTO audit_head (id, seq, hash) VALUES (1, 0, '0000000000000000000000000000000000000000000000000000000000000000');
CREATE TRIGGER audit_head_no_delete BEFORE DELETE ON audit_head BEGIN
    SELECT RAISE(ABORT, 'the audit head is kept');
END;
