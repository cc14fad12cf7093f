-- Schema version 2: people and who may act where. Users, organizations and their members,
-- devices, per-user settings; workspaces gain exactly one owner (a user or an organization)
-- and members of their own. Cascade rules for every table: docs/data-model.md.

CREATE TABLE users (
    id            TEXT PRIMARY KEY NOT NULL,
    -- Stored lowercase and unique among all users, deleted ones included, so an undelete
    -- can never collide; a purge frees the address.
    email         TEXT NOT NULL UNIQUE CHECK (length(email) BETWEEN 3 AND 254 AND email = lower(email)),
    display_name  TEXT NOT NULL CHECK (length(display_name) BETWEEN 1 AND 200),
    locale        TEXT NOT NULL CHECK (length(locale) BETWEEN 2 AND 35),
    created_at    INTEGER NOT NULL,
    updated_at    INTEGER NOT NULL,
    deleted_at    INTEGER
) STRICT;
CREATE INDEX users_newest ON users (created_at DESC, id DESC);

CREATE TABLE organizations (
    id          TEXT PRIMARY KEY NOT NULL,
    name        TEXT NOT NULL CHECK (length(name) BETWEEN 1 AND 200),
    -- Lowercase a-z, 0-9 and single inner hyphens (identity/validate.rs checks it first).
    slug        TEXT NOT NULL UNIQUE CHECK (length(slug) BETWEEN 1 AND 64 AND slug NOT GLOB '*[^a-z0-9-]*'
                                            AND slug NOT GLOB '-*' AND slug NOT GLOB '*-' AND instr(slug, '--') = 0),
    created_at  INTEGER NOT NULL,
    updated_at  INTEGER NOT NULL
) STRICT;
CREATE INDEX organizations_newest ON organizations (created_at DESC, id DESC);

CREATE TABLE organization_members (
    id               TEXT PRIMARY KEY NOT NULL,
    organization_id  TEXT NOT NULL REFERENCES organizations (id) ON DELETE CASCADE,
    user_id          TEXT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    role             TEXT NOT NULL CHECK (role IN ('owner', 'admin', 'member', 'viewer')),
    created_at       INTEGER NOT NULL,
    updated_at       INTEGER NOT NULL,
    UNIQUE (organization_id, user_id)
) STRICT;
CREATE INDEX organization_members_newest ON organization_members (organization_id, created_at DESC, id DESC);
CREATE INDEX organization_members_by_user ON organization_members (user_id, created_at DESC, id DESC);

CREATE TABLE devices (
    id            TEXT PRIMARY KEY NOT NULL,
    user_id       TEXT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    name          TEXT NOT NULL CHECK (length(name) BETWEEN 1 AND 200),
    platform      TEXT NOT NULL CHECK (platform IN ('ios', 'android', 'web', 'desktop')),
    last_seen_at  INTEGER NOT NULL,
    created_at    INTEGER NOT NULL,
    updated_at    INTEGER NOT NULL
) STRICT;
CREATE INDEX devices_by_user_newest ON devices (user_id, created_at DESC, id DESC);

CREATE TABLE user_settings (
    id          TEXT PRIMARY KEY NOT NULL,
    user_id     TEXT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    key         TEXT NOT NULL CHECK (length(key) BETWEEN 1 AND 200),
    -- JSON text as given, at most 64 KiB.
    value       TEXT NOT NULL CHECK (json_valid(value) AND length(CAST(value AS BLOB)) <= 65536),
    created_at  INTEGER NOT NULL,
    updated_at  INTEGER NOT NULL,
    UNIQUE (user_id, key)
) STRICT;
CREATE INDEX user_settings_newest ON user_settings (user_id, created_at DESC, id DESC);

-- Workspaces are rebuilt to add the owner pair and its CHECK (ALTER TABLE cannot add a
-- table constraint). The migration runs with foreign keys off, so dropping the old table
-- does not cascade into threads; the foreign-key check after the last step must pass.
-- Workspaces of a version-1 store had no owner: they go to one "device owner" user with a
-- fixed id, created only when there is such a workspace.
INSERT INTO users (id, email, display_name, locale, created_at, updated_at)
    SELECT '00000000-0000-7000-8000-000000000000', 'owner@device.invalid', 'Device owner', 'und',
           min(created_at), min(created_at)
    FROM workspaces HAVING count(*) > 0;

CREATE TABLE workspaces_v2 (
    id                     TEXT PRIMARY KEY NOT NULL,
    name                   TEXT NOT NULL CHECK (length(name) BETWEEN 1 AND 200),
    owner_user_id          TEXT REFERENCES users (id) ON DELETE CASCADE,
    owner_organization_id  TEXT REFERENCES organizations (id) ON DELETE CASCADE,
    created_at             INTEGER NOT NULL,
    updated_at             INTEGER NOT NULL,
    deleted_at             INTEGER,
    CHECK ((owner_user_id IS NULL) <> (owner_organization_id IS NULL))
) STRICT;
INSERT INTO workspaces_v2 (id, name, owner_user_id, created_at, updated_at, deleted_at)
    SELECT id, name, '00000000-0000-7000-8000-000000000000', created_at, updated_at, deleted_at FROM workspaces;
DROP TABLE workspaces;
ALTER TABLE workspaces_v2 RENAME TO workspaces;
CREATE INDEX workspaces_newest ON workspaces (created_at DESC, id DESC) WHERE deleted_at IS NULL;
CREATE INDEX workspaces_by_owner_user ON workspaces (owner_user_id, created_at DESC, id DESC);
CREATE INDEX workspaces_by_owner_organization ON workspaces (owner_organization_id, created_at DESC, id DESC);

-- The owner is named on the workspace, never as a member: one owner per workspace.
CREATE TABLE workspace_members (
    id            TEXT PRIMARY KEY NOT NULL,
    workspace_id  TEXT NOT NULL REFERENCES workspaces (id) ON DELETE CASCADE,
    user_id       TEXT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    role          TEXT NOT NULL CHECK (role IN ('admin', 'member', 'viewer')),
    created_at    INTEGER NOT NULL,
    updated_at    INTEGER NOT NULL,
    UNIQUE (workspace_id, user_id)
) STRICT;
CREATE INDEX workspace_members_newest ON workspace_members (workspace_id, created_at DESC, id DESC);
CREATE INDEX workspace_members_by_user ON workspace_members (user_id, created_at DESC, id DESC);
