-- Schema version 10: the row seam and storage accounting (core/src/schema/seam.rs). Every
-- accounted table gets AFTER INSERT/UPDATE/DELETE triggers, generated from the seam's one
-- list, that keep `storage_usage` (rows and logical bytes per category, for the store and
-- per workspace and thread) through every change, foreign-key cascades included; a trigger
-- on the store's counters enforces the quota. Attachments gain their message's thread, so
-- their bytes still find their thread when a cascade has removed the message.

-- SQLite's table-rebuild procedure (foreign keys are off while migrations run).
CREATE TABLE attachments_rebuilt (
    id TEXT PRIMARY KEY NOT NULL CHECK (length(id) = 36),
    message_id TEXT NOT NULL REFERENCES messages (id) ON DELETE CASCADE,
    thread_id TEXT NOT NULL REFERENCES threads (id) ON DELETE CASCADE,
    filename TEXT NOT NULL CHECK (length(filename) BETWEEN 1 AND 255),
    mime TEXT NOT NULL CHECK (length(mime) BETWEEN 3 AND 255),
    size_bytes INTEGER NOT NULL CHECK (size_bytes >= 0),
    sha256 TEXT NOT NULL CHECK (length(sha256) = 64 AND sha256 NOT GLOB '*[^0-9a-f]*'),
    created_at INTEGER NOT NULL,
    updated_at INTEGER NOT NULL
) STRICT;
INSERT INTO attachments_rebuilt
    SELECT a.id, a.message_id, m.thread_id, a.filename, a.mime, a.size_bytes, a.sha256, a.created_at, a.updated_at
    FROM attachments a JOIN messages m ON m.id = a.message_id;
DROP TABLE attachments;
ALTER TABLE attachments_rebuilt RENAME TO attachments;
CREATE INDEX attachments_by_message_newest ON attachments (message_id, created_at DESC, id DESC);
CREATE INDEX attachments_by_thread ON attachments (thread_id);

CREATE TABLE storage_usage (
    scope_kind TEXT NOT NULL CHECK (scope_kind IN ('store', 'workspace', 'thread')),
    scope_id TEXT NOT NULL,
    category TEXT NOT NULL CHECK (category IN ('messages', 'embeddings', 'attachments', 'metadata')),
    rows INTEGER NOT NULL,
    bytes INTEGER NOT NULL,
    PRIMARY KEY (scope_kind, scope_id, category)
) STRICT, WITHOUT ROWID;

-- Estimated bytes (logical bytes plus overhead_permille thousandths of them). The defaults
-- are the seed's budgets; the overhead ratios are first guesses `recount` replaces.
CREATE TABLE storage_quota (
    category TEXT NOT NULL CHECK (category IN ('total', 'messages', 'embeddings', 'attachments', 'metadata')),
    limit_bytes INTEGER NOT NULL CHECK (limit_bytes BETWEEN 0 AND 9007199254740991),
    overhead_permille INTEGER NOT NULL CHECK (overhead_permille BETWEEN 0 AND 1000000),
    PRIMARY KEY (category)
) STRICT;
INSERT INTO storage_quota (category, limit_bytes, overhead_permille) VALUES
    ('total', 10000000000, 0),
    ('messages', 6000000000, 1000),
    ('embeddings', 2000000000, 1000),
    ('attachments', 1500000000, 0),
    ('metadata', 500000000, 1000);

-- The quota: a write that raises a category's counter past its budget, or the store's
-- estimated total past the quota, is refused, whole. The message carries JSON the store
-- turns into `QuotaExceeded`. Deletes only lower counters, so they never meet this.
CREATE TRIGGER storage_usage_within_quota BEFORE UPDATE OF bytes ON storage_usage
WHEN NEW.scope_kind = 'store' AND NEW.bytes > OLD.bytes BEGIN
  SELECT RAISE(ABORT, 'unified-store quota exceeded ' || json_object(
      'category', NEW.category, 'limit', q.limit_bytes,
      'used', OLD.bytes * (1000 + q.overhead_permille) / 1000,
      'needed', (NEW.bytes - OLD.bytes) * (1000 + q.overhead_permille) / 1000))
    FROM storage_quota q
    WHERE q.category = NEW.category AND NEW.bytes * (1000 + q.overhead_permille) / 1000 > q.limit_bytes;
  SELECT RAISE(ABORT, 'unified-store quota exceeded ' || json_object(
      'category', 'total', 'limit', t.limit_bytes, 'used', s.used,
      'needed', (NEW.bytes - OLD.bytes) * (1000 + q.overhead_permille) / 1000))
    FROM storage_quota t, storage_quota q,
      (SELECT sum(u.bytes * (1000 + c.overhead_permille) / 1000) AS used
       FROM storage_usage u JOIN storage_quota c ON c.category = u.category
       WHERE u.scope_kind = 'store') AS s
    WHERE t.category = 'total' AND q.category = NEW.category
      AND s.used + (NEW.bytes - OLD.bytes) * (1000 + q.overhead_permille) / 1000 > t.limit_bytes;
END;

-- The seam's triggers, as core/src/schema/seam.rs generates them.
CREATE TRIGGER users_seam_insert AFTER INSERT ON users BEGIN
  UPDATE storage_usage SET rows = rows + 1, bytes = bytes + (coalesce(length(CAST(NEW.id AS BLOB)), 0) + coalesce(length(CAST(NEW.email AS BLOB)), 0) + coalesce(length(CAST(NEW.display_name AS BLOB)), 0) + coalesce(length(CAST(NEW.locale AS BLOB)), 0) + 24)
    WHERE scope_kind = 'store' AND scope_id = '' AND category = 'metadata';
END;
CREATE TRIGGER users_seam_update AFTER UPDATE ON users WHEN (coalesce(length(CAST(OLD.id AS BLOB)), 0) + coalesce(length(CAST(OLD.email AS BLOB)), 0) + coalesce(length(CAST(OLD.display_name AS BLOB)), 0) + coalesce(length(CAST(OLD.locale AS BLOB)), 0) + 24) IS NOT (coalesce(length(CAST(NEW.id AS BLOB)), 0) + coalesce(length(CAST(NEW.email AS BLOB)), 0) + coalesce(length(CAST(NEW.display_name AS BLOB)), 0) + coalesce(length(CAST(NEW.locale AS BLOB)), 0) + 24) BEGIN
  UPDATE storage_usage SET rows = rows - 1, bytes = bytes - (coalesce(length(CAST(OLD.id AS BLOB)), 0) + coalesce(length(CAST(OLD.email AS BLOB)), 0) + coalesce(length(CAST(OLD.display_name AS BLOB)), 0) + coalesce(length(CAST(OLD.locale AS BLOB)), 0) + 24)
    WHERE scope_kind = 'store' AND scope_id = '' AND category = 'metadata';
  UPDATE storage_usage SET rows = rows + 1, bytes = bytes + (coalesce(length(CAST(NEW.id AS BLOB)), 0) + coalesce(length(CAST(NEW.email AS BLOB)), 0) + coalesce(length(CAST(NEW.display_name AS BLOB)), 0) + coalesce(length(CAST(NEW.locale AS BLOB)), 0) + 24)
    WHERE scope_kind = 'store' AND scope_id = '' AND category = 'metadata';
END;
CREATE TRIGGER users_seam_delete AFTER DELETE ON users BEGIN
  UPDATE storage_usage SET rows = rows - 1, bytes = bytes - (coalesce(length(CAST(OLD.id AS BLOB)), 0) + coalesce(length(CAST(OLD.email AS BLOB)), 0) + coalesce(length(CAST(OLD.display_name AS BLOB)), 0) + coalesce(length(CAST(OLD.locale AS BLOB)), 0) + 24)
    WHERE scope_kind = 'store' AND scope_id = '' AND category = 'metadata';
END;
CREATE TRIGGER organizations_seam_insert AFTER INSERT ON organizations BEGIN
  UPDATE storage_usage SET rows = rows + 1, bytes = bytes + (coalesce(length(CAST(NEW.id AS BLOB)), 0) + coalesce(length(CAST(NEW.name AS BLOB)), 0) + coalesce(length(CAST(NEW.slug AS BLOB)), 0) + 16)
    WHERE scope_kind = 'store' AND scope_id = '' AND category = 'metadata';
END;
CREATE TRIGGER organizations_seam_update AFTER UPDATE ON organizations WHEN (coalesce(length(CAST(OLD.id AS BLOB)), 0) + coalesce(length(CAST(OLD.name AS BLOB)), 0) + coalesce(length(CAST(OLD.slug AS BLOB)), 0) + 16) IS NOT (coalesce(length(CAST(NEW.id AS BLOB)), 0) + coalesce(length(CAST(NEW.name AS BLOB)), 0) + coalesce(length(CAST(NEW.slug AS BLOB)), 0) + 16) BEGIN
  UPDATE storage_usage SET rows = rows - 1, bytes = bytes - (coalesce(length(CAST(OLD.id AS BLOB)), 0) + coalesce(length(CAST(OLD.name AS BLOB)), 0) + coalesce(length(CAST(OLD.slug AS BLOB)), 0) + 16)
    WHERE scope_kind = 'store' AND scope_id = '' AND category = 'metadata';
  UPDATE storage_usage SET rows = rows + 1, bytes = bytes + (coalesce(length(CAST(NEW.id AS BLOB)), 0) + coalesce(length(CAST(NEW.name AS BLOB)), 0) + coalesce(length(CAST(NEW.slug AS BLOB)), 0) + 16)
    WHERE scope_kind = 'store' AND scope_id = '' AND category = 'metadata';
END;
CREATE TRIGGER organizations_seam_delete AFTER DELETE ON organizations BEGIN
  UPDATE storage_usage SET rows = rows - 1, bytes = bytes - (coalesce(length(CAST(OLD.id AS BLOB)), 0) + coalesce(length(CAST(OLD.name AS BLOB)), 0) + coalesce(length(CAST(OLD.slug AS BLOB)), 0) + 16)
    WHERE scope_kind = 'store' AND scope_id = '' AND category = 'metadata';
END;
CREATE TRIGGER organization_members_seam_insert AFTER INSERT ON organization_members BEGIN
  UPDATE storage_usage SET rows = rows + 1, bytes = bytes + (coalesce(length(CAST(NEW.id AS BLOB)), 0) + coalesce(length(CAST(NEW.organization_id AS BLOB)), 0) + coalesce(length(CAST(NEW.user_id AS BLOB)), 0) + coalesce(length(CAST(NEW.role AS BLOB)), 0) + 16)
    WHERE scope_kind = 'store' AND scope_id = '' AND category = 'metadata';
END;
CREATE TRIGGER organization_members_seam_update AFTER UPDATE ON organization_members WHEN (coalesce(length(CAST(OLD.id AS BLOB)), 0) + coalesce(length(CAST(OLD.organization_id AS BLOB)), 0) + coalesce(length(CAST(OLD.user_id AS BLOB)), 0) + coalesce(length(CAST(OLD.role AS BLOB)), 0) + 16) IS NOT (coalesce(length(CAST(NEW.id AS BLOB)), 0) + coalesce(length(CAST(NEW.organization_id AS BLOB)), 0) + coalesce(length(CAST(NEW.user_id AS BLOB)), 0) + coalesce(length(CAST(NEW.role AS BLOB)), 0) + 16) BEGIN
  UPDATE storage_usage SET rows = rows - 1, bytes = bytes - (coalesce(length(CAST(OLD.id AS BLOB)), 0) + coalesce(length(CAST(OLD.organization_id AS BLOB)), 0) + coalesce(length(CAST(OLD.user_id AS BLOB)), 0) + coalesce(length(CAST(OLD.role AS BLOB)), 0) + 16)
    WHERE scope_kind = 'store' AND scope_id = '' AND category = 'metadata';
  UPDATE storage_usage SET rows = rows + 1, bytes = bytes + (coalesce(length(CAST(NEW.id AS BLOB)), 0) + coalesce(length(CAST(NEW.organization_id AS BLOB)), 0) + coalesce(length(CAST(NEW.user_id AS BLOB)), 0) + coalesce(length(CAST(NEW.role AS BLOB)), 0) + 16)
    WHERE scope_kind = 'store' AND scope_id = '' AND category = 'metadata';
END;
CREATE TRIGGER organization_members_seam_delete AFTER DELETE ON organization_members BEGIN
  UPDATE storage_usage SET rows = rows - 1, bytes = bytes - (coalesce(length(CAST(OLD.id AS BLOB)), 0) + coalesce(length(CAST(OLD.organization_id AS BLOB)), 0) + coalesce(length(CAST(OLD.user_id AS BLOB)), 0) + coalesce(length(CAST(OLD.role AS BLOB)), 0) + 16)
    WHERE scope_kind = 'store' AND scope_id = '' AND category = 'metadata';
END;
CREATE TRIGGER devices_seam_insert AFTER INSERT ON devices BEGIN
  UPDATE storage_usage SET rows = rows + 1, bytes = bytes + (coalesce(length(CAST(NEW.id AS BLOB)), 0) + coalesce(length(CAST(NEW.user_id AS BLOB)), 0) + coalesce(length(CAST(NEW.name AS BLOB)), 0) + coalesce(length(CAST(NEW.platform AS BLOB)), 0) + 24)
    WHERE scope_kind = 'store' AND scope_id = '' AND category = 'metadata';
END;
CREATE TRIGGER devices_seam_update AFTER UPDATE ON devices WHEN (coalesce(length(CAST(OLD.id AS BLOB)), 0) + coalesce(length(CAST(OLD.user_id AS BLOB)), 0) + coalesce(length(CAST(OLD.name AS BLOB)), 0) + coalesce(length(CAST(OLD.platform AS BLOB)), 0) + 24) IS NOT (coalesce(length(CAST(NEW.id AS BLOB)), 0) + coalesce(length(CAST(NEW.user_id AS BLOB)), 0) + coalesce(length(CAST(NEW.name AS BLOB)), 0) + coalesce(length(CAST(NEW.platform AS BLOB)), 0) + 24) BEGIN
  UPDATE storage_usage SET rows = rows - 1, bytes = bytes - (coalesce(length(CAST(OLD.id AS BLOB)), 0) + coalesce(length(CAST(OLD.user_id AS BLOB)), 0) + coalesce(length(CAST(OLD.name AS BLOB)), 0) + coalesce(length(CAST(OLD.platform AS BLOB)), 0) + 24)
    WHERE scope_kind = 'store' AND scope_id = '' AND category = 'metadata';
  UPDATE storage_usage SET rows = rows + 1, bytes = bytes + (coalesce(length(CAST(NEW.id AS BLOB)), 0) + coalesce(length(CAST(NEW.user_id AS BLOB)), 0) + coalesce(length(CAST(NEW.name AS BLOB)), 0) + coalesce(length(CAST(NEW.platform AS BLOB)), 0) + 24)
    WHERE scope_kind = 'store' AND scope_id = '' AND category = 'metadata';
END;
CREATE TRIGGER devices_seam_delete AFTER DELETE ON devices BEGIN
  UPDATE storage_usage SET rows = rows - 1, bytes = bytes - (coalesce(length(CAST(OLD.id AS BLOB)), 0) + coalesce(length(CAST(OLD.user_id AS BLOB)), 0) + coalesce(length(CAST(OLD.name AS BLOB)), 0) + coalesce(length(CAST(OLD.platform AS BLOB)), 0) + 24)
    WHERE scope_kind = 'store' AND scope_id = '' AND category = 'metadata';
END;
CREATE TRIGGER user_settings_seam_insert AFTER INSERT ON user_settings BEGIN
  UPDATE storage_usage SET rows = rows + 1, bytes = bytes + (coalesce(length(CAST(NEW.id AS BLOB)), 0) + coalesce(length(CAST(NEW.user_id AS BLOB)), 0) + coalesce(length(CAST(NEW.key AS BLOB)), 0) + coalesce(length(CAST(NEW.value AS BLOB)), 0) + 16)
    WHERE scope_kind = 'store' AND scope_id = '' AND category = 'metadata';
END;
CREATE TRIGGER user_settings_seam_update AFTER UPDATE ON user_settings WHEN (coalesce(length(CAST(OLD.id AS BLOB)), 0) + coalesce(length(CAST(OLD.user_id AS BLOB)), 0) + coalesce(length(CAST(OLD.key AS BLOB)), 0) + coalesce(length(CAST(OLD.value AS BLOB)), 0) + 16) IS NOT (coalesce(length(CAST(NEW.id AS BLOB)), 0) + coalesce(length(CAST(NEW.user_id AS BLOB)), 0) + coalesce(length(CAST(NEW.key AS BLOB)), 0) + coalesce(length(CAST(NEW.value AS BLOB)), 0) + 16) BEGIN
  UPDATE storage_usage SET rows = rows - 1, bytes = bytes - (coalesce(length(CAST(OLD.id AS BLOB)), 0) + coalesce(length(CAST(OLD.user_id AS BLOB)), 0) + coalesce(length(CAST(OLD.key AS BLOB)), 0) + coalesce(length(CAST(OLD.value AS BLOB)), 0) + 16)
    WHERE scope_kind = 'store' AND scope_id = '' AND category = 'metadata';
  UPDATE storage_usage SET rows = rows + 1, bytes = bytes + (coalesce(length(CAST(NEW.id AS BLOB)), 0) + coalesce(length(CAST(NEW.user_id AS BLOB)), 0) + coalesce(length(CAST(NEW.key AS BLOB)), 0) + coalesce(length(CAST(NEW.value AS BLOB)), 0) + 16)
    WHERE scope_kind = 'store' AND scope_id = '' AND category = 'metadata';
END;
CREATE TRIGGER user_settings_seam_delete AFTER DELETE ON user_settings BEGIN
  UPDATE storage_usage SET rows = rows - 1, bytes = bytes - (coalesce(length(CAST(OLD.id AS BLOB)), 0) + coalesce(length(CAST(OLD.user_id AS BLOB)), 0) + coalesce(length(CAST(OLD.key AS BLOB)), 0) + coalesce(length(CAST(OLD.value AS BLOB)), 0) + 16)
    WHERE scope_kind = 'store' AND scope_id = '' AND category = 'metadata';
END;
CREATE TRIGGER workspaces_seam_insert AFTER INSERT ON workspaces BEGIN
  UPDATE storage_usage SET rows = rows + 1, bytes = bytes + (coalesce(length(CAST(NEW.id AS BLOB)), 0) + coalesce(length(CAST(NEW.name AS BLOB)), 0) + coalesce(length(CAST(NEW.owner_user_id AS BLOB)), 0) + coalesce(length(CAST(NEW.owner_organization_id AS BLOB)), 0) + 24)
    WHERE scope_kind = 'store' AND scope_id = '' AND category = 'metadata';
  INSERT INTO storage_usage (scope_kind, scope_id, category, rows, bytes)
    SELECT 'workspace', NEW.id, 'metadata', 1, (coalesce(length(CAST(NEW.id AS BLOB)), 0) + coalesce(length(CAST(NEW.name AS BLOB)), 0) + coalesce(length(CAST(NEW.owner_user_id AS BLOB)), 0) + coalesce(length(CAST(NEW.owner_organization_id AS BLOB)), 0) + 24) WHERE NEW.id IS NOT NULL
    ON CONFLICT DO UPDATE SET rows = rows + 1, bytes = bytes + excluded.bytes;
END;
CREATE TRIGGER workspaces_seam_update AFTER UPDATE ON workspaces WHEN (coalesce(length(CAST(OLD.id AS BLOB)), 0) + coalesce(length(CAST(OLD.name AS BLOB)), 0) + coalesce(length(CAST(OLD.owner_user_id AS BLOB)), 0) + coalesce(length(CAST(OLD.owner_organization_id AS BLOB)), 0) + 24) IS NOT (coalesce(length(CAST(NEW.id AS BLOB)), 0) + coalesce(length(CAST(NEW.name AS BLOB)), 0) + coalesce(length(CAST(NEW.owner_user_id AS BLOB)), 0) + coalesce(length(CAST(NEW.owner_organization_id AS BLOB)), 0) + 24)
    OR OLD.id IS NOT NEW.id BEGIN
  UPDATE storage_usage SET rows = rows - 1, bytes = bytes - (coalesce(length(CAST(OLD.id AS BLOB)), 0) + coalesce(length(CAST(OLD.name AS BLOB)), 0) + coalesce(length(CAST(OLD.owner_user_id AS BLOB)), 0) + coalesce(length(CAST(OLD.owner_organization_id AS BLOB)), 0) + 24)
    WHERE scope_kind = 'store' AND scope_id = '' AND category = 'metadata';
  UPDATE storage_usage SET rows = rows - 1, bytes = bytes - (coalesce(length(CAST(OLD.id AS BLOB)), 0) + coalesce(length(CAST(OLD.name AS BLOB)), 0) + coalesce(length(CAST(OLD.owner_user_id AS BLOB)), 0) + coalesce(length(CAST(OLD.owner_organization_id AS BLOB)), 0) + 24)
    WHERE scope_kind = 'workspace' AND scope_id = OLD.id AND category = 'metadata';
  UPDATE storage_usage SET rows = rows + 1, bytes = bytes + (coalesce(length(CAST(NEW.id AS BLOB)), 0) + coalesce(length(CAST(NEW.name AS BLOB)), 0) + coalesce(length(CAST(NEW.owner_user_id AS BLOB)), 0) + coalesce(length(CAST(NEW.owner_organization_id AS BLOB)), 0) + 24)
    WHERE scope_kind = 'store' AND scope_id = '' AND category = 'metadata';
  INSERT INTO storage_usage (scope_kind, scope_id, category, rows, bytes)
    SELECT 'workspace', NEW.id, 'metadata', 1, (coalesce(length(CAST(NEW.id AS BLOB)), 0) + coalesce(length(CAST(NEW.name AS BLOB)), 0) + coalesce(length(CAST(NEW.owner_user_id AS BLOB)), 0) + coalesce(length(CAST(NEW.owner_organization_id AS BLOB)), 0) + 24) WHERE NEW.id IS NOT NULL
    ON CONFLICT DO UPDATE SET rows = rows + 1, bytes = bytes + excluded.bytes;
END;
CREATE TRIGGER workspaces_seam_delete AFTER DELETE ON workspaces BEGIN
  UPDATE storage_usage SET rows = rows - 1, bytes = bytes - (coalesce(length(CAST(OLD.id AS BLOB)), 0) + coalesce(length(CAST(OLD.name AS BLOB)), 0) + coalesce(length(CAST(OLD.owner_user_id AS BLOB)), 0) + coalesce(length(CAST(OLD.owner_organization_id AS BLOB)), 0) + 24)
    WHERE scope_kind = 'store' AND scope_id = '' AND category = 'metadata';
  UPDATE storage_usage SET rows = rows - 1, bytes = bytes - (coalesce(length(CAST(OLD.id AS BLOB)), 0) + coalesce(length(CAST(OLD.name AS BLOB)), 0) + coalesce(length(CAST(OLD.owner_user_id AS BLOB)), 0) + coalesce(length(CAST(OLD.owner_organization_id AS BLOB)), 0) + 24)
    WHERE scope_kind = 'workspace' AND scope_id = OLD.id AND category = 'metadata';
END;
CREATE TRIGGER workspace_members_seam_insert AFTER INSERT ON workspace_members BEGIN
  UPDATE storage_usage SET rows = rows + 1, bytes = bytes + (coalesce(length(CAST(NEW.id AS BLOB)), 0) + coalesce(length(CAST(NEW.workspace_id AS BLOB)), 0) + coalesce(length(CAST(NEW.user_id AS BLOB)), 0) + coalesce(length(CAST(NEW.role AS BLOB)), 0) + 16)
    WHERE scope_kind = 'store' AND scope_id = '' AND category = 'metadata';
  INSERT INTO storage_usage (scope_kind, scope_id, category, rows, bytes)
    SELECT 'workspace', NEW.workspace_id, 'metadata', 1, (coalesce(length(CAST(NEW.id AS BLOB)), 0) + coalesce(length(CAST(NEW.workspace_id AS BLOB)), 0) + coalesce(length(CAST(NEW.user_id AS BLOB)), 0) + coalesce(length(CAST(NEW.role AS BLOB)), 0) + 16) WHERE NEW.workspace_id IS NOT NULL
    ON CONFLICT DO UPDATE SET rows = rows + 1, bytes = bytes + excluded.bytes;
END;
CREATE TRIGGER workspace_members_seam_update AFTER UPDATE ON workspace_members WHEN (coalesce(length(CAST(OLD.id AS BLOB)), 0) + coalesce(length(CAST(OLD.workspace_id AS BLOB)), 0) + coalesce(length(CAST(OLD.user_id AS BLOB)), 0) + coalesce(length(CAST(OLD.role AS BLOB)), 0) + 16) IS NOT (coalesce(length(CAST(NEW.id AS BLOB)), 0) + coalesce(length(CAST(NEW.workspace_id AS BLOB)), 0) + coalesce(length(CAST(NEW.user_id AS BLOB)), 0) + coalesce(length(CAST(NEW.role AS BLOB)), 0) + 16)
    OR OLD.workspace_id IS NOT NEW.workspace_id BEGIN
  UPDATE storage_usage SET rows = rows - 1, bytes = bytes - (coalesce(length(CAST(OLD.id AS BLOB)), 0) + coalesce(length(CAST(OLD.workspace_id AS BLOB)), 0) + coalesce(length(CAST(OLD.user_id AS BLOB)), 0) + coalesce(length(CAST(OLD.role AS BLOB)), 0) + 16)
    WHERE scope_kind = 'store' AND scope_id = '' AND category = 'metadata';
  UPDATE storage_usage SET rows = rows - 1, bytes = bytes - (coalesce(length(CAST(OLD.id AS BLOB)), 0) + coalesce(length(CAST(OLD.workspace_id AS BLOB)), 0) + coalesce(length(CAST(OLD.user_id AS BLOB)), 0) + coalesce(length(CAST(OLD.role AS BLOB)), 0) + 16)
    WHERE scope_kind = 'workspace' AND scope_id = OLD.workspace_id AND category = 'metadata';
  UPDATE storage_usage SET rows = rows + 1, bytes = bytes + (coalesce(length(CAST(NEW.id AS BLOB)), 0) + coalesce(length(CAST(NEW.workspace_id AS BLOB)), 0) + coalesce(length(CAST(NEW.user_id AS BLOB)), 0) + coalesce(length(CAST(NEW.role AS BLOB)), 0) + 16)
    WHERE scope_kind = 'store' AND scope_id = '' AND category = 'metadata';
  INSERT INTO storage_usage (scope_kind, scope_id, category, rows, bytes)
    SELECT 'workspace', NEW.workspace_id, 'metadata', 1, (coalesce(length(CAST(NEW.id AS BLOB)), 0) + coalesce(length(CAST(NEW.workspace_id AS BLOB)), 0) + coalesce(length(CAST(NEW.user_id AS BLOB)), 0) + coalesce(length(CAST(NEW.role AS BLOB)), 0) + 16) WHERE NEW.workspace_id IS NOT NULL
    ON CONFLICT DO UPDATE SET rows = rows + 1, bytes = bytes + excluded.bytes;
END;
CREATE TRIGGER workspace_members_seam_delete AFTER DELETE ON workspace_members BEGIN
  UPDATE storage_usage SET rows = rows - 1, bytes = bytes - (coalesce(length(CAST(OLD.id AS BLOB)), 0) + coalesce(length(CAST(OLD.workspace_id AS BLOB)), 0) + coalesce(length(CAST(OLD.user_id AS BLOB)), 0) + coalesce(length(CAST(OLD.role AS BLOB)), 0) + 16)
    WHERE scope_kind = 'store' AND scope_id = '' AND category = 'metadata';
  UPDATE storage_usage SET rows = rows - 1, bytes = bytes - (coalesce(length(CAST(OLD.id AS BLOB)), 0) + coalesce(length(CAST(OLD.workspace_id AS BLOB)), 0) + coalesce(length(CAST(OLD.user_id AS BLOB)), 0) + coalesce(length(CAST(OLD.role AS BLOB)), 0) + 16)
    WHERE scope_kind = 'workspace' AND scope_id = OLD.workspace_id AND category = 'metadata';
END;
CREATE TRIGGER projects_seam_insert AFTER INSERT ON projects BEGIN
  UPDATE storage_usage SET rows = rows + 1, bytes = bytes + (coalesce(length(CAST(NEW.id AS BLOB)), 0) + coalesce(length(CAST(NEW.workspace_id AS BLOB)), 0) + coalesce(length(CAST(NEW.name AS BLOB)), 0) + coalesce(length(CAST(NEW.description AS BLOB)), 0) + 24)
    WHERE scope_kind = 'store' AND scope_id = '' AND category = 'messages';
  INSERT INTO storage_usage (scope_kind, scope_id, category, rows, bytes)
    SELECT 'workspace', NEW.workspace_id, 'messages', 1, (coalesce(length(CAST(NEW.id AS BLOB)), 0) + coalesce(length(CAST(NEW.workspace_id AS BLOB)), 0) + coalesce(length(CAST(NEW.name AS BLOB)), 0) + coalesce(length(CAST(NEW.description AS BLOB)), 0) + 24) WHERE NEW.workspace_id IS NOT NULL
    ON CONFLICT DO UPDATE SET rows = rows + 1, bytes = bytes + excluded.bytes;
END;
CREATE TRIGGER projects_seam_update AFTER UPDATE ON projects WHEN (coalesce(length(CAST(OLD.id AS BLOB)), 0) + coalesce(length(CAST(OLD.workspace_id AS BLOB)), 0) + coalesce(length(CAST(OLD.name AS BLOB)), 0) + coalesce(length(CAST(OLD.description AS BLOB)), 0) + 24) IS NOT (coalesce(length(CAST(NEW.id AS BLOB)), 0) + coalesce(length(CAST(NEW.workspace_id AS BLOB)), 0) + coalesce(length(CAST(NEW.name AS BLOB)), 0) + coalesce(length(CAST(NEW.description AS BLOB)), 0) + 24)
    OR OLD.workspace_id IS NOT NEW.workspace_id BEGIN
  UPDATE storage_usage SET rows = rows - 1, bytes = bytes - (coalesce(length(CAST(OLD.id AS BLOB)), 0) + coalesce(length(CAST(OLD.workspace_id AS BLOB)), 0) + coalesce(length(CAST(OLD.name AS BLOB)), 0) + coalesce(length(CAST(OLD.description AS BLOB)), 0) + 24)
    WHERE scope_kind = 'store' AND scope_id = '' AND category = 'messages';
  UPDATE storage_usage SET rows = rows - 1, bytes = bytes - (coalesce(length(CAST(OLD.id AS BLOB)), 0) + coalesce(length(CAST(OLD.workspace_id AS BLOB)), 0) + coalesce(length(CAST(OLD.name AS BLOB)), 0) + coalesce(length(CAST(OLD.description AS BLOB)), 0) + 24)
    WHERE scope_kind = 'workspace' AND scope_id = OLD.workspace_id AND category = 'messages';
  UPDATE storage_usage SET rows = rows + 1, bytes = bytes + (coalesce(length(CAST(NEW.id AS BLOB)), 0) + coalesce(length(CAST(NEW.workspace_id AS BLOB)), 0) + coalesce(length(CAST(NEW.name AS BLOB)), 0) + coalesce(length(CAST(NEW.description AS BLOB)), 0) + 24)
    WHERE scope_kind = 'store' AND scope_id = '' AND category = 'messages';
  INSERT INTO storage_usage (scope_kind, scope_id, category, rows, bytes)
    SELECT 'workspace', NEW.workspace_id, 'messages', 1, (coalesce(length(CAST(NEW.id AS BLOB)), 0) + coalesce(length(CAST(NEW.workspace_id AS BLOB)), 0) + coalesce(length(CAST(NEW.name AS BLOB)), 0) + coalesce(length(CAST(NEW.description AS BLOB)), 0) + 24) WHERE NEW.workspace_id IS NOT NULL
    ON CONFLICT DO UPDATE SET rows = rows + 1, bytes = bytes + excluded.bytes;
END;
CREATE TRIGGER projects_seam_delete AFTER DELETE ON projects BEGIN
  UPDATE storage_usage SET rows = rows - 1, bytes = bytes - (coalesce(length(CAST(OLD.id AS BLOB)), 0) + coalesce(length(CAST(OLD.workspace_id AS BLOB)), 0) + coalesce(length(CAST(OLD.name AS BLOB)), 0) + coalesce(length(CAST(OLD.description AS BLOB)), 0) + 24)
    WHERE scope_kind = 'store' AND scope_id = '' AND category = 'messages';
  UPDATE storage_usage SET rows = rows - 1, bytes = bytes - (coalesce(length(CAST(OLD.id AS BLOB)), 0) + coalesce(length(CAST(OLD.workspace_id AS BLOB)), 0) + coalesce(length(CAST(OLD.name AS BLOB)), 0) + coalesce(length(CAST(OLD.description AS BLOB)), 0) + 24)
    WHERE scope_kind = 'workspace' AND scope_id = OLD.workspace_id AND category = 'messages';
END;
CREATE TRIGGER documents_seam_insert AFTER INSERT ON documents BEGIN
  UPDATE storage_usage SET rows = rows + 1, bytes = bytes + (coalesce(length(CAST(NEW.id AS BLOB)), 0) + coalesce(length(CAST(NEW.workspace_id AS BLOB)), 0) + coalesce(length(CAST(NEW.project_id AS BLOB)), 0) + coalesce(length(CAST(NEW.title AS BLOB)), 0) + coalesce(length(CAST(NEW.body AS BLOB)), 0) + coalesce(length(CAST(NEW.mime AS BLOB)), 0) + 40)
    WHERE scope_kind = 'store' AND scope_id = '' AND category = 'messages';
  INSERT INTO storage_usage (scope_kind, scope_id, category, rows, bytes)
    SELECT 'workspace', NEW.workspace_id, 'messages', 1, (coalesce(length(CAST(NEW.id AS BLOB)), 0) + coalesce(length(CAST(NEW.workspace_id AS BLOB)), 0) + coalesce(length(CAST(NEW.project_id AS BLOB)), 0) + coalesce(length(CAST(NEW.title AS BLOB)), 0) + coalesce(length(CAST(NEW.body AS BLOB)), 0) + coalesce(length(CAST(NEW.mime AS BLOB)), 0) + 40) WHERE NEW.workspace_id IS NOT NULL
    ON CONFLICT DO UPDATE SET rows = rows + 1, bytes = bytes + excluded.bytes;
END;
CREATE TRIGGER documents_seam_update AFTER UPDATE ON documents WHEN (coalesce(length(CAST(OLD.id AS BLOB)), 0) + coalesce(length(CAST(OLD.workspace_id AS BLOB)), 0) + coalesce(length(CAST(OLD.project_id AS BLOB)), 0) + coalesce(length(CAST(OLD.title AS BLOB)), 0) + coalesce(length(CAST(OLD.body AS BLOB)), 0) + coalesce(length(CAST(OLD.mime AS BLOB)), 0) + 40) IS NOT (coalesce(length(CAST(NEW.id AS BLOB)), 0) + coalesce(length(CAST(NEW.workspace_id AS BLOB)), 0) + coalesce(length(CAST(NEW.project_id AS BLOB)), 0) + coalesce(length(CAST(NEW.title AS BLOB)), 0) + coalesce(length(CAST(NEW.body AS BLOB)), 0) + coalesce(length(CAST(NEW.mime AS BLOB)), 0) + 40)
    OR OLD.workspace_id IS NOT NEW.workspace_id BEGIN
  UPDATE storage_usage SET rows = rows - 1, bytes = bytes - (coalesce(length(CAST(OLD.id AS BLOB)), 0) + coalesce(length(CAST(OLD.workspace_id AS BLOB)), 0) + coalesce(length(CAST(OLD.project_id AS BLOB)), 0) + coalesce(length(CAST(OLD.title AS BLOB)), 0) + coalesce(length(CAST(OLD.body AS BLOB)), 0) + coalesce(length(CAST(OLD.mime AS BLOB)), 0) + 40)
    WHERE scope_kind = 'store' AND scope_id = '' AND category = 'messages';
  UPDATE storage_usage SET rows = rows - 1, bytes = bytes - (coalesce(length(CAST(OLD.id AS BLOB)), 0) + coalesce(length(CAST(OLD.workspace_id AS BLOB)), 0) + coalesce(length(CAST(OLD.project_id AS BLOB)), 0) + coalesce(length(CAST(OLD.title AS BLOB)), 0) + coalesce(length(CAST(OLD.body AS BLOB)), 0) + coalesce(length(CAST(OLD.mime AS BLOB)), 0) + 40)
    WHERE scope_kind = 'workspace' AND scope_id = OLD.workspace_id AND category = 'messages';
  UPDATE storage_usage SET rows = rows + 1, bytes = bytes + (coalesce(length(CAST(NEW.id AS BLOB)), 0) + coalesce(length(CAST(NEW.workspace_id AS BLOB)), 0) + coalesce(length(CAST(NEW.project_id AS BLOB)), 0) + coalesce(length(CAST(NEW.title AS BLOB)), 0) + coalesce(length(CAST(NEW.body AS BLOB)), 0) + coalesce(length(CAST(NEW.mime AS BLOB)), 0) + 40)
    WHERE scope_kind = 'store' AND scope_id = '' AND category = 'messages';
  INSERT INTO storage_usage (scope_kind, scope_id, category, rows, bytes)
    SELECT 'workspace', NEW.workspace_id, 'messages', 1, (coalesce(length(CAST(NEW.id AS BLOB)), 0) + coalesce(length(CAST(NEW.workspace_id AS BLOB)), 0) + coalesce(length(CAST(NEW.project_id AS BLOB)), 0) + coalesce(length(CAST(NEW.title AS BLOB)), 0) + coalesce(length(CAST(NEW.body AS BLOB)), 0) + coalesce(length(CAST(NEW.mime AS BLOB)), 0) + 40) WHERE NEW.workspace_id IS NOT NULL
    ON CONFLICT DO UPDATE SET rows = rows + 1, bytes = bytes + excluded.bytes;
END;
CREATE TRIGGER documents_seam_delete AFTER DELETE ON documents BEGIN
  UPDATE storage_usage SET rows = rows - 1, bytes = bytes - (coalesce(length(CAST(OLD.id AS BLOB)), 0) + coalesce(length(CAST(OLD.workspace_id AS BLOB)), 0) + coalesce(length(CAST(OLD.project_id AS BLOB)), 0) + coalesce(length(CAST(OLD.title AS BLOB)), 0) + coalesce(length(CAST(OLD.body AS BLOB)), 0) + coalesce(length(CAST(OLD.mime AS BLOB)), 0) + 40)
    WHERE scope_kind = 'store' AND scope_id = '' AND category = 'messages';
  UPDATE storage_usage SET rows = rows - 1, bytes = bytes - (coalesce(length(CAST(OLD.id AS BLOB)), 0) + coalesce(length(CAST(OLD.workspace_id AS BLOB)), 0) + coalesce(length(CAST(OLD.project_id AS BLOB)), 0) + coalesce(length(CAST(OLD.title AS BLOB)), 0) + coalesce(length(CAST(OLD.body AS BLOB)), 0) + coalesce(length(CAST(OLD.mime AS BLOB)), 0) + 40)
    WHERE scope_kind = 'workspace' AND scope_id = OLD.workspace_id AND category = 'messages';
END;
CREATE TRIGGER threads_seam_insert AFTER INSERT ON threads BEGIN
  UPDATE storage_usage SET rows = rows + 1, bytes = bytes + (coalesce(length(CAST(NEW.id AS BLOB)), 0) + coalesce(length(CAST(NEW.workspace_id AS BLOB)), 0) + coalesce(length(CAST(NEW.project_id AS BLOB)), 0) + coalesce(length(CAST(NEW.title AS BLOB)), 0) + 48)
    WHERE scope_kind = 'store' AND scope_id = '' AND category = 'messages';
  INSERT INTO storage_usage (scope_kind, scope_id, category, rows, bytes)
    SELECT 'thread', NEW.id, 'messages', 1, (coalesce(length(CAST(NEW.id AS BLOB)), 0) + coalesce(length(CAST(NEW.workspace_id AS BLOB)), 0) + coalesce(length(CAST(NEW.project_id AS BLOB)), 0) + coalesce(length(CAST(NEW.title AS BLOB)), 0) + 48) WHERE NEW.id IS NOT NULL
    ON CONFLICT DO UPDATE SET rows = rows + 1, bytes = bytes + excluded.bytes;
  INSERT INTO storage_usage (scope_kind, scope_id, category, rows, bytes)
    SELECT 'workspace', (SELECT workspace_id FROM threads WHERE id = NEW.id), 'messages', 1, (coalesce(length(CAST(NEW.id AS BLOB)), 0) + coalesce(length(CAST(NEW.workspace_id AS BLOB)), 0) + coalesce(length(CAST(NEW.project_id AS BLOB)), 0) + coalesce(length(CAST(NEW.title AS BLOB)), 0) + 48) WHERE (SELECT workspace_id FROM threads WHERE id = NEW.id) IS NOT NULL
    ON CONFLICT DO UPDATE SET rows = rows + 1, bytes = bytes + excluded.bytes;
END;
CREATE TRIGGER threads_seam_update AFTER UPDATE ON threads WHEN (coalesce(length(CAST(OLD.id AS BLOB)), 0) + coalesce(length(CAST(OLD.workspace_id AS BLOB)), 0) + coalesce(length(CAST(OLD.project_id AS BLOB)), 0) + coalesce(length(CAST(OLD.title AS BLOB)), 0) + 48) IS NOT (coalesce(length(CAST(NEW.id AS BLOB)), 0) + coalesce(length(CAST(NEW.workspace_id AS BLOB)), 0) + coalesce(length(CAST(NEW.project_id AS BLOB)), 0) + coalesce(length(CAST(NEW.title AS BLOB)), 0) + 48)
    OR OLD.id IS NOT NEW.id
    OR (SELECT workspace_id FROM threads WHERE id = OLD.id) IS NOT (SELECT workspace_id FROM threads WHERE id = NEW.id) BEGIN
  UPDATE storage_usage SET rows = rows - 1, bytes = bytes - (coalesce(length(CAST(OLD.id AS BLOB)), 0) + coalesce(length(CAST(OLD.workspace_id AS BLOB)), 0) + coalesce(length(CAST(OLD.project_id AS BLOB)), 0) + coalesce(length(CAST(OLD.title AS BLOB)), 0) + 48)
    WHERE scope_kind = 'store' AND scope_id = '' AND category = 'messages';
  UPDATE storage_usage SET rows = rows - 1, bytes = bytes - (coalesce(length(CAST(OLD.id AS BLOB)), 0) + coalesce(length(CAST(OLD.workspace_id AS BLOB)), 0) + coalesce(length(CAST(OLD.project_id AS BLOB)), 0) + coalesce(length(CAST(OLD.title AS BLOB)), 0) + 48)
    WHERE scope_kind = 'thread' AND scope_id = OLD.id AND category = 'messages';
  UPDATE storage_usage SET rows = rows - 1, bytes = bytes - (coalesce(length(CAST(OLD.id AS BLOB)), 0) + coalesce(length(CAST(OLD.workspace_id AS BLOB)), 0) + coalesce(length(CAST(OLD.project_id AS BLOB)), 0) + coalesce(length(CAST(OLD.title AS BLOB)), 0) + 48)
    WHERE scope_kind = 'workspace' AND scope_id = (SELECT workspace_id FROM threads WHERE id = OLD.id) AND category = 'messages';
  UPDATE storage_usage SET rows = rows + 1, bytes = bytes + (coalesce(length(CAST(NEW.id AS BLOB)), 0) + coalesce(length(CAST(NEW.workspace_id AS BLOB)), 0) + coalesce(length(CAST(NEW.project_id AS BLOB)), 0) + coalesce(length(CAST(NEW.title AS BLOB)), 0) + 48)
    WHERE scope_kind = 'store' AND scope_id = '' AND category = 'messages';
  INSERT INTO storage_usage (scope_kind, scope_id, category, rows, bytes)
    SELECT 'thread', NEW.id, 'messages', 1, (coalesce(length(CAST(NEW.id AS BLOB)), 0) + coalesce(length(CAST(NEW.workspace_id AS BLOB)), 0) + coalesce(length(CAST(NEW.project_id AS BLOB)), 0) + coalesce(length(CAST(NEW.title AS BLOB)), 0) + 48) WHERE NEW.id IS NOT NULL
    ON CONFLICT DO UPDATE SET rows = rows + 1, bytes = bytes + excluded.bytes;
  INSERT INTO storage_usage (scope_kind, scope_id, category, rows, bytes)
    SELECT 'workspace', (SELECT workspace_id FROM threads WHERE id = NEW.id), 'messages', 1, (coalesce(length(CAST(NEW.id AS BLOB)), 0) + coalesce(length(CAST(NEW.workspace_id AS BLOB)), 0) + coalesce(length(CAST(NEW.project_id AS BLOB)), 0) + coalesce(length(CAST(NEW.title AS BLOB)), 0) + 48) WHERE (SELECT workspace_id FROM threads WHERE id = NEW.id) IS NOT NULL
    ON CONFLICT DO UPDATE SET rows = rows + 1, bytes = bytes + excluded.bytes;
END;
CREATE TRIGGER threads_seam_delete AFTER DELETE ON threads BEGIN
  UPDATE storage_usage SET rows = rows - 1, bytes = bytes - (coalesce(length(CAST(OLD.id AS BLOB)), 0) + coalesce(length(CAST(OLD.workspace_id AS BLOB)), 0) + coalesce(length(CAST(OLD.project_id AS BLOB)), 0) + coalesce(length(CAST(OLD.title AS BLOB)), 0) + 48)
    WHERE scope_kind = 'store' AND scope_id = '' AND category = 'messages';
  UPDATE storage_usage SET rows = rows - 1, bytes = bytes - (coalesce(length(CAST(OLD.id AS BLOB)), 0) + coalesce(length(CAST(OLD.workspace_id AS BLOB)), 0) + coalesce(length(CAST(OLD.project_id AS BLOB)), 0) + coalesce(length(CAST(OLD.title AS BLOB)), 0) + 48)
    WHERE scope_kind = 'thread' AND scope_id = OLD.id AND category = 'messages';
  UPDATE storage_usage SET rows = rows - 1, bytes = bytes - (coalesce(length(CAST(OLD.id AS BLOB)), 0) + coalesce(length(CAST(OLD.workspace_id AS BLOB)), 0) + coalesce(length(CAST(OLD.project_id AS BLOB)), 0) + coalesce(length(CAST(OLD.title AS BLOB)), 0) + 48)
    WHERE scope_kind = 'workspace' AND scope_id = (SELECT workspace_id FROM threads WHERE id = OLD.id) AND category = 'messages';
END;
CREATE TRIGGER messages_seam_insert AFTER INSERT ON messages BEGIN
  UPDATE storage_usage SET rows = rows + 1, bytes = bytes + (coalesce(length(CAST(NEW.id AS BLOB)), 0) + coalesce(length(CAST(NEW.thread_id AS BLOB)), 0) + coalesce(length(CAST(NEW.role AS BLOB)), 0) + coalesce(length(CAST(NEW.content AS BLOB)), 0) + coalesce(length(CAST(NEW.parent_id AS BLOB)), 0) + coalesce(length(CAST(NEW.provider AS BLOB)), 0) + coalesce(length(CAST(NEW.model AS BLOB)), 0) + 48)
    WHERE scope_kind = 'store' AND scope_id = '' AND category = 'messages';
  INSERT INTO storage_usage (scope_kind, scope_id, category, rows, bytes)
    SELECT 'thread', NEW.thread_id, 'messages', 1, (coalesce(length(CAST(NEW.id AS BLOB)), 0) + coalesce(length(CAST(NEW.thread_id AS BLOB)), 0) + coalesce(length(CAST(NEW.role AS BLOB)), 0) + coalesce(length(CAST(NEW.content AS BLOB)), 0) + coalesce(length(CAST(NEW.parent_id AS BLOB)), 0) + coalesce(length(CAST(NEW.provider AS BLOB)), 0) + coalesce(length(CAST(NEW.model AS BLOB)), 0) + 48) WHERE NEW.thread_id IS NOT NULL
    ON CONFLICT DO UPDATE SET rows = rows + 1, bytes = bytes + excluded.bytes;
  INSERT INTO storage_usage (scope_kind, scope_id, category, rows, bytes)
    SELECT 'workspace', (SELECT workspace_id FROM threads WHERE id = NEW.thread_id), 'messages', 1, (coalesce(length(CAST(NEW.id AS BLOB)), 0) + coalesce(length(CAST(NEW.thread_id AS BLOB)), 0) + coalesce(length(CAST(NEW.role AS BLOB)), 0) + coalesce(length(CAST(NEW.content AS BLOB)), 0) + coalesce(length(CAST(NEW.parent_id AS BLOB)), 0) + coalesce(length(CAST(NEW.provider AS BLOB)), 0) + coalesce(length(CAST(NEW.model AS BLOB)), 0) + 48) WHERE (SELECT workspace_id FROM threads WHERE id = NEW.thread_id) IS NOT NULL
    ON CONFLICT DO UPDATE SET rows = rows + 1, bytes = bytes + excluded.bytes;
END;
CREATE TRIGGER messages_seam_update AFTER UPDATE ON messages WHEN (coalesce(length(CAST(OLD.id AS BLOB)), 0) + coalesce(length(CAST(OLD.thread_id AS BLOB)), 0) + coalesce(length(CAST(OLD.role AS BLOB)), 0) + coalesce(length(CAST(OLD.content AS BLOB)), 0) + coalesce(length(CAST(OLD.parent_id AS BLOB)), 0) + coalesce(length(CAST(OLD.provider AS BLOB)), 0) + coalesce(length(CAST(OLD.model AS BLOB)), 0) + 48) IS NOT (coalesce(length(CAST(NEW.id AS BLOB)), 0) + coalesce(length(CAST(NEW.thread_id AS BLOB)), 0) + coalesce(length(CAST(NEW.role AS BLOB)), 0) + coalesce(length(CAST(NEW.content AS BLOB)), 0) + coalesce(length(CAST(NEW.parent_id AS BLOB)), 0) + coalesce(length(CAST(NEW.provider AS BLOB)), 0) + coalesce(length(CAST(NEW.model AS BLOB)), 0) + 48)
    OR OLD.thread_id IS NOT NEW.thread_id
    OR (SELECT workspace_id FROM threads WHERE id = OLD.thread_id) IS NOT (SELECT workspace_id FROM threads WHERE id = NEW.thread_id) BEGIN
  UPDATE storage_usage SET rows = rows - 1, bytes = bytes - (coalesce(length(CAST(OLD.id AS BLOB)), 0) + coalesce(length(CAST(OLD.thread_id AS BLOB)), 0) + coalesce(length(CAST(OLD.role AS BLOB)), 0) + coalesce(length(CAST(OLD.content AS BLOB)), 0) + coalesce(length(CAST(OLD.parent_id AS BLOB)), 0) + coalesce(length(CAST(OLD.provider AS BLOB)), 0) + coalesce(length(CAST(OLD.model AS BLOB)), 0) + 48)
    WHERE scope_kind = 'store' AND scope_id = '' AND category = 'messages';
  UPDATE storage_usage SET rows = rows - 1, bytes = bytes - (coalesce(length(CAST(OLD.id AS BLOB)), 0) + coalesce(length(CAST(OLD.thread_id AS BLOB)), 0) + coalesce(length(CAST(OLD.role AS BLOB)), 0) + coalesce(length(CAST(OLD.content AS BLOB)), 0) + coalesce(length(CAST(OLD.parent_id AS BLOB)), 0) + coalesce(length(CAST(OLD.provider AS BLOB)), 0) + coalesce(length(CAST(OLD.model AS BLOB)), 0) + 48)
    WHERE scope_kind = 'thread' AND scope_id = OLD.thread_id AND category = 'messages';
  UPDATE storage_usage SET rows = rows - 1, bytes = bytes - (coalesce(length(CAST(OLD.id AS BLOB)), 0) + coalesce(length(CAST(OLD.thread_id AS BLOB)), 0) + coalesce(length(CAST(OLD.role AS BLOB)), 0) + coalesce(length(CAST(OLD.content AS BLOB)), 0) + coalesce(length(CAST(OLD.parent_id AS BLOB)), 0) + coalesce(length(CAST(OLD.provider AS BLOB)), 0) + coalesce(length(CAST(OLD.model AS BLOB)), 0) + 48)
    WHERE scope_kind = 'workspace' AND scope_id = (SELECT workspace_id FROM threads WHERE id = OLD.thread_id) AND category = 'messages';
  UPDATE storage_usage SET rows = rows + 1, bytes = bytes + (coalesce(length(CAST(NEW.id AS BLOB)), 0) + coalesce(length(CAST(NEW.thread_id AS BLOB)), 0) + coalesce(length(CAST(NEW.role AS BLOB)), 0) + coalesce(length(CAST(NEW.content AS BLOB)), 0) + coalesce(length(CAST(NEW.parent_id AS BLOB)), 0) + coalesce(length(CAST(NEW.provider AS BLOB)), 0) + coalesce(length(CAST(NEW.model AS BLOB)), 0) + 48)
    WHERE scope_kind = 'store' AND scope_id = '' AND category = 'messages';
  INSERT INTO storage_usage (scope_kind, scope_id, category, rows, bytes)
    SELECT 'thread', NEW.thread_id, 'messages', 1, (coalesce(length(CAST(NEW.id AS BLOB)), 0) + coalesce(length(CAST(NEW.thread_id AS BLOB)), 0) + coalesce(length(CAST(NEW.role AS BLOB)), 0) + coalesce(length(CAST(NEW.content AS BLOB)), 0) + coalesce(length(CAST(NEW.parent_id AS BLOB)), 0) + coalesce(length(CAST(NEW.provider AS BLOB)), 0) + coalesce(length(CAST(NEW.model AS BLOB)), 0) + 48) WHERE NEW.thread_id IS NOT NULL
    ON CONFLICT DO UPDATE SET rows = rows + 1, bytes = bytes + excluded.bytes;
  INSERT INTO storage_usage (scope_kind, scope_id, category, rows, bytes)
    SELECT 'workspace', (SELECT workspace_id FROM threads WHERE id = NEW.thread_id), 'messages', 1, (coalesce(length(CAST(NEW.id AS BLOB)), 0) + coalesce(length(CAST(NEW.thread_id AS BLOB)), 0) + coalesce(length(CAST(NEW.role AS BLOB)), 0) + coalesce(length(CAST(NEW.content AS BLOB)), 0) + coalesce(length(CAST(NEW.parent_id AS BLOB)), 0) + coalesce(length(CAST(NEW.provider AS BLOB)), 0) + coalesce(length(CAST(NEW.model AS BLOB)), 0) + 48) WHERE (SELECT workspace_id FROM threads WHERE id = NEW.thread_id) IS NOT NULL
    ON CONFLICT DO UPDATE SET rows = rows + 1, bytes = bytes + excluded.bytes;
END;
CREATE TRIGGER messages_seam_delete AFTER DELETE ON messages BEGIN
  UPDATE storage_usage SET rows = rows - 1, bytes = bytes - (coalesce(length(CAST(OLD.id AS BLOB)), 0) + coalesce(length(CAST(OLD.thread_id AS BLOB)), 0) + coalesce(length(CAST(OLD.role AS BLOB)), 0) + coalesce(length(CAST(OLD.content AS BLOB)), 0) + coalesce(length(CAST(OLD.parent_id AS BLOB)), 0) + coalesce(length(CAST(OLD.provider AS BLOB)), 0) + coalesce(length(CAST(OLD.model AS BLOB)), 0) + 48)
    WHERE scope_kind = 'store' AND scope_id = '' AND category = 'messages';
  UPDATE storage_usage SET rows = rows - 1, bytes = bytes - (coalesce(length(CAST(OLD.id AS BLOB)), 0) + coalesce(length(CAST(OLD.thread_id AS BLOB)), 0) + coalesce(length(CAST(OLD.role AS BLOB)), 0) + coalesce(length(CAST(OLD.content AS BLOB)), 0) + coalesce(length(CAST(OLD.parent_id AS BLOB)), 0) + coalesce(length(CAST(OLD.provider AS BLOB)), 0) + coalesce(length(CAST(OLD.model AS BLOB)), 0) + 48)
    WHERE scope_kind = 'thread' AND scope_id = OLD.thread_id AND category = 'messages';
  UPDATE storage_usage SET rows = rows - 1, bytes = bytes - (coalesce(length(CAST(OLD.id AS BLOB)), 0) + coalesce(length(CAST(OLD.thread_id AS BLOB)), 0) + coalesce(length(CAST(OLD.role AS BLOB)), 0) + coalesce(length(CAST(OLD.content AS BLOB)), 0) + coalesce(length(CAST(OLD.parent_id AS BLOB)), 0) + coalesce(length(CAST(OLD.provider AS BLOB)), 0) + coalesce(length(CAST(OLD.model AS BLOB)), 0) + 48)
    WHERE scope_kind = 'workspace' AND scope_id = (SELECT workspace_id FROM threads WHERE id = OLD.thread_id) AND category = 'messages';
END;
CREATE TRIGGER attachments_seam_insert AFTER INSERT ON attachments BEGIN
  UPDATE storage_usage SET rows = rows + 1, bytes = bytes + (coalesce(length(CAST(NEW.id AS BLOB)), 0) + coalesce(length(CAST(NEW.message_id AS BLOB)), 0) + coalesce(length(CAST(NEW.thread_id AS BLOB)), 0) + coalesce(length(CAST(NEW.filename AS BLOB)), 0) + coalesce(length(CAST(NEW.mime AS BLOB)), 0) + coalesce(length(CAST(NEW.sha256 AS BLOB)), 0) + 24)
    WHERE scope_kind = 'store' AND scope_id = '' AND category = 'attachments';
  INSERT INTO storage_usage (scope_kind, scope_id, category, rows, bytes)
    SELECT 'thread', NEW.thread_id, 'attachments', 1, (coalesce(length(CAST(NEW.id AS BLOB)), 0) + coalesce(length(CAST(NEW.message_id AS BLOB)), 0) + coalesce(length(CAST(NEW.thread_id AS BLOB)), 0) + coalesce(length(CAST(NEW.filename AS BLOB)), 0) + coalesce(length(CAST(NEW.mime AS BLOB)), 0) + coalesce(length(CAST(NEW.sha256 AS BLOB)), 0) + 24) WHERE NEW.thread_id IS NOT NULL
    ON CONFLICT DO UPDATE SET rows = rows + 1, bytes = bytes + excluded.bytes;
  INSERT INTO storage_usage (scope_kind, scope_id, category, rows, bytes)
    SELECT 'workspace', (SELECT workspace_id FROM threads WHERE id = NEW.thread_id), 'attachments', 1, (coalesce(length(CAST(NEW.id AS BLOB)), 0) + coalesce(length(CAST(NEW.message_id AS BLOB)), 0) + coalesce(length(CAST(NEW.thread_id AS BLOB)), 0) + coalesce(length(CAST(NEW.filename AS BLOB)), 0) + coalesce(length(CAST(NEW.mime AS BLOB)), 0) + coalesce(length(CAST(NEW.sha256 AS BLOB)), 0) + 24) WHERE (SELECT workspace_id FROM threads WHERE id = NEW.thread_id) IS NOT NULL
    ON CONFLICT DO UPDATE SET rows = rows + 1, bytes = bytes + excluded.bytes;
END;
CREATE TRIGGER attachments_seam_update AFTER UPDATE ON attachments WHEN (coalesce(length(CAST(OLD.id AS BLOB)), 0) + coalesce(length(CAST(OLD.message_id AS BLOB)), 0) + coalesce(length(CAST(OLD.thread_id AS BLOB)), 0) + coalesce(length(CAST(OLD.filename AS BLOB)), 0) + coalesce(length(CAST(OLD.mime AS BLOB)), 0) + coalesce(length(CAST(OLD.sha256 AS BLOB)), 0) + 24) IS NOT (coalesce(length(CAST(NEW.id AS BLOB)), 0) + coalesce(length(CAST(NEW.message_id AS BLOB)), 0) + coalesce(length(CAST(NEW.thread_id AS BLOB)), 0) + coalesce(length(CAST(NEW.filename AS BLOB)), 0) + coalesce(length(CAST(NEW.mime AS BLOB)), 0) + coalesce(length(CAST(NEW.sha256 AS BLOB)), 0) + 24)
    OR OLD.thread_id IS NOT NEW.thread_id
    OR (SELECT workspace_id FROM threads WHERE id = OLD.thread_id) IS NOT (SELECT workspace_id FROM threads WHERE id = NEW.thread_id) BEGIN
  UPDATE storage_usage SET rows = rows - 1, bytes = bytes - (coalesce(length(CAST(OLD.id AS BLOB)), 0) + coalesce(length(CAST(OLD.message_id AS BLOB)), 0) + coalesce(length(CAST(OLD.thread_id AS BLOB)), 0) + coalesce(length(CAST(OLD.filename AS BLOB)), 0) + coalesce(length(CAST(OLD.mime AS BLOB)), 0) + coalesce(length(CAST(OLD.sha256 AS BLOB)), 0) + 24)
    WHERE scope_kind = 'store' AND scope_id = '' AND category = 'attachments';
  UPDATE storage_usage SET rows = rows - 1, bytes = bytes - (coalesce(length(CAST(OLD.id AS BLOB)), 0) + coalesce(length(CAST(OLD.message_id AS BLOB)), 0) + coalesce(length(CAST(OLD.thread_id AS BLOB)), 0) + coalesce(length(CAST(OLD.filename AS BLOB)), 0) + coalesce(length(CAST(OLD.mime AS BLOB)), 0) + coalesce(length(CAST(OLD.sha256 AS BLOB)), 0) + 24)
    WHERE scope_kind = 'thread' AND scope_id = OLD.thread_id AND category = 'attachments';
  UPDATE storage_usage SET rows = rows - 1, bytes = bytes - (coalesce(length(CAST(OLD.id AS BLOB)), 0) + coalesce(length(CAST(OLD.message_id AS BLOB)), 0) + coalesce(length(CAST(OLD.thread_id AS BLOB)), 0) + coalesce(length(CAST(OLD.filename AS BLOB)), 0) + coalesce(length(CAST(OLD.mime AS BLOB)), 0) + coalesce(length(CAST(OLD.sha256 AS BLOB)), 0) + 24)
    WHERE scope_kind = 'workspace' AND scope_id = (SELECT workspace_id FROM threads WHERE id = OLD.thread_id) AND category = 'attachments';
  UPDATE storage_usage SET rows = rows + 1, bytes = bytes + (coalesce(length(CAST(NEW.id AS BLOB)), 0) + coalesce(length(CAST(NEW.message_id AS BLOB)), 0) + coalesce(length(CAST(NEW.thread_id AS BLOB)), 0) + coalesce(length(CAST(NEW.filename AS BLOB)), 0) + coalesce(length(CAST(NEW.mime AS BLOB)), 0) + coalesce(length(CAST(NEW.sha256 AS BLOB)), 0) + 24)
    WHERE scope_kind = 'store' AND scope_id = '' AND category = 'attachments';
  INSERT INTO storage_usage (scope_kind, scope_id, category, rows, bytes)
    SELECT 'thread', NEW.thread_id, 'attachments', 1, (coalesce(length(CAST(NEW.id AS BLOB)), 0) + coalesce(length(CAST(NEW.message_id AS BLOB)), 0) + coalesce(length(CAST(NEW.thread_id AS BLOB)), 0) + coalesce(length(CAST(NEW.filename AS BLOB)), 0) + coalesce(length(CAST(NEW.mime AS BLOB)), 0) + coalesce(length(CAST(NEW.sha256 AS BLOB)), 0) + 24) WHERE NEW.thread_id IS NOT NULL
    ON CONFLICT DO UPDATE SET rows = rows + 1, bytes = bytes + excluded.bytes;
  INSERT INTO storage_usage (scope_kind, scope_id, category, rows, bytes)
    SELECT 'workspace', (SELECT workspace_id FROM threads WHERE id = NEW.thread_id), 'attachments', 1, (coalesce(length(CAST(NEW.id AS BLOB)), 0) + coalesce(length(CAST(NEW.message_id AS BLOB)), 0) + coalesce(length(CAST(NEW.thread_id AS BLOB)), 0) + coalesce(length(CAST(NEW.filename AS BLOB)), 0) + coalesce(length(CAST(NEW.mime AS BLOB)), 0) + coalesce(length(CAST(NEW.sha256 AS BLOB)), 0) + 24) WHERE (SELECT workspace_id FROM threads WHERE id = NEW.thread_id) IS NOT NULL
    ON CONFLICT DO UPDATE SET rows = rows + 1, bytes = bytes + excluded.bytes;
END;
CREATE TRIGGER attachments_seam_delete AFTER DELETE ON attachments BEGIN
  UPDATE storage_usage SET rows = rows - 1, bytes = bytes - (coalesce(length(CAST(OLD.id AS BLOB)), 0) + coalesce(length(CAST(OLD.message_id AS BLOB)), 0) + coalesce(length(CAST(OLD.thread_id AS BLOB)), 0) + coalesce(length(CAST(OLD.filename AS BLOB)), 0) + coalesce(length(CAST(OLD.mime AS BLOB)), 0) + coalesce(length(CAST(OLD.sha256 AS BLOB)), 0) + 24)
    WHERE scope_kind = 'store' AND scope_id = '' AND category = 'attachments';
  UPDATE storage_usage SET rows = rows - 1, bytes = bytes - (coalesce(length(CAST(OLD.id AS BLOB)), 0) + coalesce(length(CAST(OLD.message_id AS BLOB)), 0) + coalesce(length(CAST(OLD.thread_id AS BLOB)), 0) + coalesce(length(CAST(OLD.filename AS BLOB)), 0) + coalesce(length(CAST(OLD.mime AS BLOB)), 0) + coalesce(length(CAST(OLD.sha256 AS BLOB)), 0) + 24)
    WHERE scope_kind = 'thread' AND scope_id = OLD.thread_id AND category = 'attachments';
  UPDATE storage_usage SET rows = rows - 1, bytes = bytes - (coalesce(length(CAST(OLD.id AS BLOB)), 0) + coalesce(length(CAST(OLD.message_id AS BLOB)), 0) + coalesce(length(CAST(OLD.thread_id AS BLOB)), 0) + coalesce(length(CAST(OLD.filename AS BLOB)), 0) + coalesce(length(CAST(OLD.mime AS BLOB)), 0) + coalesce(length(CAST(OLD.sha256 AS BLOB)), 0) + 24)
    WHERE scope_kind = 'workspace' AND scope_id = (SELECT workspace_id FROM threads WHERE id = OLD.thread_id) AND category = 'attachments';
END;
CREATE TRIGGER ai_provider_configs_seam_insert AFTER INSERT ON ai_provider_configs BEGIN
  UPDATE storage_usage SET rows = rows + 1, bytes = bytes + (coalesce(length(CAST(NEW.id AS BLOB)), 0) + coalesce(length(CAST(NEW.user_id AS BLOB)), 0) + coalesce(length(CAST(NEW.kind AS BLOB)), 0) + coalesce(length(CAST(NEW.display_name AS BLOB)), 0) + coalesce(length(CAST(NEW.base_url AS BLOB)), 0) + coalesce(length(CAST(NEW.default_model AS BLOB)), 0) + 24)
    WHERE scope_kind = 'store' AND scope_id = '' AND category = 'metadata';
END;
CREATE TRIGGER ai_provider_configs_seam_update AFTER UPDATE ON ai_provider_configs WHEN (coalesce(length(CAST(OLD.id AS BLOB)), 0) + coalesce(length(CAST(OLD.user_id AS BLOB)), 0) + coalesce(length(CAST(OLD.kind AS BLOB)), 0) + coalesce(length(CAST(OLD.display_name AS BLOB)), 0) + coalesce(length(CAST(OLD.base_url AS BLOB)), 0) + coalesce(length(CAST(OLD.default_model AS BLOB)), 0) + 24) IS NOT (coalesce(length(CAST(NEW.id AS BLOB)), 0) + coalesce(length(CAST(NEW.user_id AS BLOB)), 0) + coalesce(length(CAST(NEW.kind AS BLOB)), 0) + coalesce(length(CAST(NEW.display_name AS BLOB)), 0) + coalesce(length(CAST(NEW.base_url AS BLOB)), 0) + coalesce(length(CAST(NEW.default_model AS BLOB)), 0) + 24) BEGIN
  UPDATE storage_usage SET rows = rows - 1, bytes = bytes - (coalesce(length(CAST(OLD.id AS BLOB)), 0) + coalesce(length(CAST(OLD.user_id AS BLOB)), 0) + coalesce(length(CAST(OLD.kind AS BLOB)), 0) + coalesce(length(CAST(OLD.display_name AS BLOB)), 0) + coalesce(length(CAST(OLD.base_url AS BLOB)), 0) + coalesce(length(CAST(OLD.default_model AS BLOB)), 0) + 24)
    WHERE scope_kind = 'store' AND scope_id = '' AND category = 'metadata';
  UPDATE storage_usage SET rows = rows + 1, bytes = bytes + (coalesce(length(CAST(NEW.id AS BLOB)), 0) + coalesce(length(CAST(NEW.user_id AS BLOB)), 0) + coalesce(length(CAST(NEW.kind AS BLOB)), 0) + coalesce(length(CAST(NEW.display_name AS BLOB)), 0) + coalesce(length(CAST(NEW.base_url AS BLOB)), 0) + coalesce(length(CAST(NEW.default_model AS BLOB)), 0) + 24)
    WHERE scope_kind = 'store' AND scope_id = '' AND category = 'metadata';
END;
CREATE TRIGGER ai_provider_configs_seam_delete AFTER DELETE ON ai_provider_configs BEGIN
  UPDATE storage_usage SET rows = rows - 1, bytes = bytes - (coalesce(length(CAST(OLD.id AS BLOB)), 0) + coalesce(length(CAST(OLD.user_id AS BLOB)), 0) + coalesce(length(CAST(OLD.kind AS BLOB)), 0) + coalesce(length(CAST(OLD.display_name AS BLOB)), 0) + coalesce(length(CAST(OLD.base_url AS BLOB)), 0) + coalesce(length(CAST(OLD.default_model AS BLOB)), 0) + 24)
    WHERE scope_kind = 'store' AND scope_id = '' AND category = 'metadata';
END;
CREATE TRIGGER ai_interactions_seam_insert AFTER INSERT ON ai_interactions BEGIN
  UPDATE storage_usage SET rows = rows + 1, bytes = bytes + (coalesce(length(CAST(NEW.id AS BLOB)), 0) + coalesce(length(CAST(NEW.config_id AS BLOB)), 0) + coalesce(length(CAST(NEW.provider AS BLOB)), 0) + coalesce(length(CAST(NEW.workspace_id AS BLOB)), 0) + coalesce(length(CAST(NEW.thread_id AS BLOB)), 0) + coalesce(length(CAST(NEW.message_id AS BLOB)), 0) + coalesce(length(CAST(NEW.model AS BLOB)), 0) + coalesce(length(CAST(NEW.currency AS BLOB)), 0) + coalesce(length(CAST(NEW.status AS BLOB)), 0) + coalesce(length(CAST(NEW.error AS BLOB)), 0) + 48)
    WHERE scope_kind = 'store' AND scope_id = '' AND category = 'metadata';
  INSERT INTO storage_usage (scope_kind, scope_id, category, rows, bytes)
    SELECT 'thread', NEW.thread_id, 'metadata', 1, (coalesce(length(CAST(NEW.id AS BLOB)), 0) + coalesce(length(CAST(NEW.config_id AS BLOB)), 0) + coalesce(length(CAST(NEW.provider AS BLOB)), 0) + coalesce(length(CAST(NEW.workspace_id AS BLOB)), 0) + coalesce(length(CAST(NEW.thread_id AS BLOB)), 0) + coalesce(length(CAST(NEW.message_id AS BLOB)), 0) + coalesce(length(CAST(NEW.model AS BLOB)), 0) + coalesce(length(CAST(NEW.currency AS BLOB)), 0) + coalesce(length(CAST(NEW.status AS BLOB)), 0) + coalesce(length(CAST(NEW.error AS BLOB)), 0) + 48) WHERE NEW.thread_id IS NOT NULL
    ON CONFLICT DO UPDATE SET rows = rows + 1, bytes = bytes + excluded.bytes;
  INSERT INTO storage_usage (scope_kind, scope_id, category, rows, bytes)
    SELECT 'workspace', CASE WHEN NEW.thread_id IS NULL THEN NEW.workspace_id ELSE (SELECT workspace_id FROM threads WHERE id = NEW.thread_id) END, 'metadata', 1, (coalesce(length(CAST(NEW.id AS BLOB)), 0) + coalesce(length(CAST(NEW.config_id AS BLOB)), 0) + coalesce(length(CAST(NEW.provider AS BLOB)), 0) + coalesce(length(CAST(NEW.workspace_id AS BLOB)), 0) + coalesce(length(CAST(NEW.thread_id AS BLOB)), 0) + coalesce(length(CAST(NEW.message_id AS BLOB)), 0) + coalesce(length(CAST(NEW.model AS BLOB)), 0) + coalesce(length(CAST(NEW.currency AS BLOB)), 0) + coalesce(length(CAST(NEW.status AS BLOB)), 0) + coalesce(length(CAST(NEW.error AS BLOB)), 0) + 48) WHERE CASE WHEN NEW.thread_id IS NULL THEN NEW.workspace_id ELSE (SELECT workspace_id FROM threads WHERE id = NEW.thread_id) END IS NOT NULL
    ON CONFLICT DO UPDATE SET rows = rows + 1, bytes = bytes + excluded.bytes;
END;
CREATE TRIGGER ai_interactions_seam_update AFTER UPDATE ON ai_interactions WHEN (coalesce(length(CAST(OLD.id AS BLOB)), 0) + coalesce(length(CAST(OLD.config_id AS BLOB)), 0) + coalesce(length(CAST(OLD.provider AS BLOB)), 0) + coalesce(length(CAST(OLD.workspace_id AS BLOB)), 0) + coalesce(length(CAST(OLD.thread_id AS BLOB)), 0) + coalesce(length(CAST(OLD.message_id AS BLOB)), 0) + coalesce(length(CAST(OLD.model AS BLOB)), 0) + coalesce(length(CAST(OLD.currency AS BLOB)), 0) + coalesce(length(CAST(OLD.status AS BLOB)), 0) + coalesce(length(CAST(OLD.error AS BLOB)), 0) + 48) IS NOT (coalesce(length(CAST(NEW.id AS BLOB)), 0) + coalesce(length(CAST(NEW.config_id AS BLOB)), 0) + coalesce(length(CAST(NEW.provider AS BLOB)), 0) + coalesce(length(CAST(NEW.workspace_id AS BLOB)), 0) + coalesce(length(CAST(NEW.thread_id AS BLOB)), 0) + coalesce(length(CAST(NEW.message_id AS BLOB)), 0) + coalesce(length(CAST(NEW.model AS BLOB)), 0) + coalesce(length(CAST(NEW.currency AS BLOB)), 0) + coalesce(length(CAST(NEW.status AS BLOB)), 0) + coalesce(length(CAST(NEW.error AS BLOB)), 0) + 48)
    OR OLD.thread_id IS NOT NEW.thread_id
    OR CASE WHEN OLD.thread_id IS NULL THEN OLD.workspace_id ELSE (SELECT workspace_id FROM threads WHERE id = OLD.thread_id) END IS NOT CASE WHEN NEW.thread_id IS NULL THEN NEW.workspace_id ELSE (SELECT workspace_id FROM threads WHERE id = NEW.thread_id) END BEGIN
  UPDATE storage_usage SET rows = rows - 1, bytes = bytes - (coalesce(length(CAST(OLD.id AS BLOB)), 0) + coalesce(length(CAST(OLD.config_id AS BLOB)), 0) + coalesce(length(CAST(OLD.provider AS BLOB)), 0) + coalesce(length(CAST(OLD.workspace_id AS BLOB)), 0) + coalesce(length(CAST(OLD.thread_id AS BLOB)), 0) + coalesce(length(CAST(OLD.message_id AS BLOB)), 0) + coalesce(length(CAST(OLD.model AS BLOB)), 0) + coalesce(length(CAST(OLD.currency AS BLOB)), 0) + coalesce(length(CAST(OLD.status AS BLOB)), 0) + coalesce(length(CAST(OLD.error AS BLOB)), 0) + 48)
    WHERE scope_kind = 'store' AND scope_id = '' AND category = 'metadata';
  UPDATE storage_usage SET rows = rows - 1, bytes = bytes - (coalesce(length(CAST(OLD.id AS BLOB)), 0) + coalesce(length(CAST(OLD.config_id AS BLOB)), 0) + coalesce(length(CAST(OLD.provider AS BLOB)), 0) + coalesce(length(CAST(OLD.workspace_id AS BLOB)), 0) + coalesce(length(CAST(OLD.thread_id AS BLOB)), 0) + coalesce(length(CAST(OLD.message_id AS BLOB)), 0) + coalesce(length(CAST(OLD.model AS BLOB)), 0) + coalesce(length(CAST(OLD.currency AS BLOB)), 0) + coalesce(length(CAST(OLD.status AS BLOB)), 0) + coalesce(length(CAST(OLD.error AS BLOB)), 0) + 48)
    WHERE scope_kind = 'thread' AND scope_id = OLD.thread_id AND category = 'metadata';
  UPDATE storage_usage SET rows = rows - 1, bytes = bytes - (coalesce(length(CAST(OLD.id AS BLOB)), 0) + coalesce(length(CAST(OLD.config_id AS BLOB)), 0) + coalesce(length(CAST(OLD.provider AS BLOB)), 0) + coalesce(length(CAST(OLD.workspace_id AS BLOB)), 0) + coalesce(length(CAST(OLD.thread_id AS BLOB)), 0) + coalesce(length(CAST(OLD.message_id AS BLOB)), 0) + coalesce(length(CAST(OLD.model AS BLOB)), 0) + coalesce(length(CAST(OLD.currency AS BLOB)), 0) + coalesce(length(CAST(OLD.status AS BLOB)), 0) + coalesce(length(CAST(OLD.error AS BLOB)), 0) + 48)
    WHERE scope_kind = 'workspace' AND scope_id = CASE WHEN OLD.thread_id IS NULL THEN OLD.workspace_id ELSE (SELECT workspace_id FROM threads WHERE id = OLD.thread_id) END AND category = 'metadata';
  UPDATE storage_usage SET rows = rows + 1, bytes = bytes + (coalesce(length(CAST(NEW.id AS BLOB)), 0) + coalesce(length(CAST(NEW.config_id AS BLOB)), 0) + coalesce(length(CAST(NEW.provider AS BLOB)), 0) + coalesce(length(CAST(NEW.workspace_id AS BLOB)), 0) + coalesce(length(CAST(NEW.thread_id AS BLOB)), 0) + coalesce(length(CAST(NEW.message_id AS BLOB)), 0) + coalesce(length(CAST(NEW.model AS BLOB)), 0) + coalesce(length(CAST(NEW.currency AS BLOB)), 0) + coalesce(length(CAST(NEW.status AS BLOB)), 0) + coalesce(length(CAST(NEW.error AS BLOB)), 0) + 48)
    WHERE scope_kind = 'store' AND scope_id = '' AND category = 'metadata';
  INSERT INTO storage_usage (scope_kind, scope_id, category, rows, bytes)
    SELECT 'thread', NEW.thread_id, 'metadata', 1, (coalesce(length(CAST(NEW.id AS BLOB)), 0) + coalesce(length(CAST(NEW.config_id AS BLOB)), 0) + coalesce(length(CAST(NEW.provider AS BLOB)), 0) + coalesce(length(CAST(NEW.workspace_id AS BLOB)), 0) + coalesce(length(CAST(NEW.thread_id AS BLOB)), 0) + coalesce(length(CAST(NEW.message_id AS BLOB)), 0) + coalesce(length(CAST(NEW.model AS BLOB)), 0) + coalesce(length(CAST(NEW.currency AS BLOB)), 0) + coalesce(length(CAST(NEW.status AS BLOB)), 0) + coalesce(length(CAST(NEW.error AS BLOB)), 0) + 48) WHERE NEW.thread_id IS NOT NULL
    ON CONFLICT DO UPDATE SET rows = rows + 1, bytes = bytes + excluded.bytes;
  INSERT INTO storage_usage (scope_kind, scope_id, category, rows, bytes)
    SELECT 'workspace', CASE WHEN NEW.thread_id IS NULL THEN NEW.workspace_id ELSE (SELECT workspace_id FROM threads WHERE id = NEW.thread_id) END, 'metadata', 1, (coalesce(length(CAST(NEW.id AS BLOB)), 0) + coalesce(length(CAST(NEW.config_id AS BLOB)), 0) + coalesce(length(CAST(NEW.provider AS BLOB)), 0) + coalesce(length(CAST(NEW.workspace_id AS BLOB)), 0) + coalesce(length(CAST(NEW.thread_id AS BLOB)), 0) + coalesce(length(CAST(NEW.message_id AS BLOB)), 0) + coalesce(length(CAST(NEW.model AS BLOB)), 0) + coalesce(length(CAST(NEW.currency AS BLOB)), 0) + coalesce(length(CAST(NEW.status AS BLOB)), 0) + coalesce(length(CAST(NEW.error AS BLOB)), 0) + 48) WHERE CASE WHEN NEW.thread_id IS NULL THEN NEW.workspace_id ELSE (SELECT workspace_id FROM threads WHERE id = NEW.thread_id) END IS NOT NULL
    ON CONFLICT DO UPDATE SET rows = rows + 1, bytes = bytes + excluded.bytes;
END;
CREATE TRIGGER ai_interactions_seam_delete AFTER DELETE ON ai_interactions BEGIN
  UPDATE storage_usage SET rows = rows - 1, bytes = bytes - (coalesce(length(CAST(OLD.id AS BLOB)), 0) + coalesce(length(CAST(OLD.config_id AS BLOB)), 0) + coalesce(length(CAST(OLD.provider AS BLOB)), 0) + coalesce(length(CAST(OLD.workspace_id AS BLOB)), 0) + coalesce(length(CAST(OLD.thread_id AS BLOB)), 0) + coalesce(length(CAST(OLD.message_id AS BLOB)), 0) + coalesce(length(CAST(OLD.model AS BLOB)), 0) + coalesce(length(CAST(OLD.currency AS BLOB)), 0) + coalesce(length(CAST(OLD.status AS BLOB)), 0) + coalesce(length(CAST(OLD.error AS BLOB)), 0) + 48)
    WHERE scope_kind = 'store' AND scope_id = '' AND category = 'metadata';
  UPDATE storage_usage SET rows = rows - 1, bytes = bytes - (coalesce(length(CAST(OLD.id AS BLOB)), 0) + coalesce(length(CAST(OLD.config_id AS BLOB)), 0) + coalesce(length(CAST(OLD.provider AS BLOB)), 0) + coalesce(length(CAST(OLD.workspace_id AS BLOB)), 0) + coalesce(length(CAST(OLD.thread_id AS BLOB)), 0) + coalesce(length(CAST(OLD.message_id AS BLOB)), 0) + coalesce(length(CAST(OLD.model AS BLOB)), 0) + coalesce(length(CAST(OLD.currency AS BLOB)), 0) + coalesce(length(CAST(OLD.status AS BLOB)), 0) + coalesce(length(CAST(OLD.error AS BLOB)), 0) + 48)
    WHERE scope_kind = 'thread' AND scope_id = OLD.thread_id AND category = 'metadata';
  UPDATE storage_usage SET rows = rows - 1, bytes = bytes - (coalesce(length(CAST(OLD.id AS BLOB)), 0) + coalesce(length(CAST(OLD.config_id AS BLOB)), 0) + coalesce(length(CAST(OLD.provider AS BLOB)), 0) + coalesce(length(CAST(OLD.workspace_id AS BLOB)), 0) + coalesce(length(CAST(OLD.thread_id AS BLOB)), 0) + coalesce(length(CAST(OLD.message_id AS BLOB)), 0) + coalesce(length(CAST(OLD.model AS BLOB)), 0) + coalesce(length(CAST(OLD.currency AS BLOB)), 0) + coalesce(length(CAST(OLD.status AS BLOB)), 0) + coalesce(length(CAST(OLD.error AS BLOB)), 0) + 48)
    WHERE scope_kind = 'workspace' AND scope_id = CASE WHEN OLD.thread_id IS NULL THEN OLD.workspace_id ELSE (SELECT workspace_id FROM threads WHERE id = OLD.thread_id) END AND category = 'metadata';
END;
CREATE TRIGGER orchestration_flows_seam_insert AFTER INSERT ON orchestration_flows BEGIN
  UPDATE storage_usage SET rows = rows + 1, bytes = bytes + (coalesce(length(CAST(NEW.id AS BLOB)), 0) + coalesce(length(CAST(NEW.workspace_id AS BLOB)), 0) + coalesce(length(CAST(NEW.name AS BLOB)), 0) + coalesce(length(CAST(NEW.description AS BLOB)), 0) + coalesce(length(CAST(NEW.steps AS BLOB)), 0) + 16)
    WHERE scope_kind = 'store' AND scope_id = '' AND category = 'metadata';
  INSERT INTO storage_usage (scope_kind, scope_id, category, rows, bytes)
    SELECT 'workspace', NEW.workspace_id, 'metadata', 1, (coalesce(length(CAST(NEW.id AS BLOB)), 0) + coalesce(length(CAST(NEW.workspace_id AS BLOB)), 0) + coalesce(length(CAST(NEW.name AS BLOB)), 0) + coalesce(length(CAST(NEW.description AS BLOB)), 0) + coalesce(length(CAST(NEW.steps AS BLOB)), 0) + 16) WHERE NEW.workspace_id IS NOT NULL
    ON CONFLICT DO UPDATE SET rows = rows + 1, bytes = bytes + excluded.bytes;
END;
CREATE TRIGGER orchestration_flows_seam_update AFTER UPDATE ON orchestration_flows WHEN (coalesce(length(CAST(OLD.id AS BLOB)), 0) + coalesce(length(CAST(OLD.workspace_id AS BLOB)), 0) + coalesce(length(CAST(OLD.name AS BLOB)), 0) + coalesce(length(CAST(OLD.description AS BLOB)), 0) + coalesce(length(CAST(OLD.steps AS BLOB)), 0) + 16) IS NOT (coalesce(length(CAST(NEW.id AS BLOB)), 0) + coalesce(length(CAST(NEW.workspace_id AS BLOB)), 0) + coalesce(length(CAST(NEW.name AS BLOB)), 0) + coalesce(length(CAST(NEW.description AS BLOB)), 0) + coalesce(length(CAST(NEW.steps AS BLOB)), 0) + 16)
    OR OLD.workspace_id IS NOT NEW.workspace_id BEGIN
  UPDATE storage_usage SET rows = rows - 1, bytes = bytes - (coalesce(length(CAST(OLD.id AS BLOB)), 0) + coalesce(length(CAST(OLD.workspace_id AS BLOB)), 0) + coalesce(length(CAST(OLD.name AS BLOB)), 0) + coalesce(length(CAST(OLD.description AS BLOB)), 0) + coalesce(length(CAST(OLD.steps AS BLOB)), 0) + 16)
    WHERE scope_kind = 'store' AND scope_id = '' AND category = 'metadata';
  UPDATE storage_usage SET rows = rows - 1, bytes = bytes - (coalesce(length(CAST(OLD.id AS BLOB)), 0) + coalesce(length(CAST(OLD.workspace_id AS BLOB)), 0) + coalesce(length(CAST(OLD.name AS BLOB)), 0) + coalesce(length(CAST(OLD.description AS BLOB)), 0) + coalesce(length(CAST(OLD.steps AS BLOB)), 0) + 16)
    WHERE scope_kind = 'workspace' AND scope_id = OLD.workspace_id AND category = 'metadata';
  UPDATE storage_usage SET rows = rows + 1, bytes = bytes + (coalesce(length(CAST(NEW.id AS BLOB)), 0) + coalesce(length(CAST(NEW.workspace_id AS BLOB)), 0) + coalesce(length(CAST(NEW.name AS BLOB)), 0) + coalesce(length(CAST(NEW.description AS BLOB)), 0) + coalesce(length(CAST(NEW.steps AS BLOB)), 0) + 16)
    WHERE scope_kind = 'store' AND scope_id = '' AND category = 'metadata';
  INSERT INTO storage_usage (scope_kind, scope_id, category, rows, bytes)
    SELECT 'workspace', NEW.workspace_id, 'metadata', 1, (coalesce(length(CAST(NEW.id AS BLOB)), 0) + coalesce(length(CAST(NEW.workspace_id AS BLOB)), 0) + coalesce(length(CAST(NEW.name AS BLOB)), 0) + coalesce(length(CAST(NEW.description AS BLOB)), 0) + coalesce(length(CAST(NEW.steps AS BLOB)), 0) + 16) WHERE NEW.workspace_id IS NOT NULL
    ON CONFLICT DO UPDATE SET rows = rows + 1, bytes = bytes + excluded.bytes;
END;
CREATE TRIGGER orchestration_flows_seam_delete AFTER DELETE ON orchestration_flows BEGIN
  UPDATE storage_usage SET rows = rows - 1, bytes = bytes - (coalesce(length(CAST(OLD.id AS BLOB)), 0) + coalesce(length(CAST(OLD.workspace_id AS BLOB)), 0) + coalesce(length(CAST(OLD.name AS BLOB)), 0) + coalesce(length(CAST(OLD.description AS BLOB)), 0) + coalesce(length(CAST(OLD.steps AS BLOB)), 0) + 16)
    WHERE scope_kind = 'store' AND scope_id = '' AND category = 'metadata';
  UPDATE storage_usage SET rows = rows - 1, bytes = bytes - (coalesce(length(CAST(OLD.id AS BLOB)), 0) + coalesce(length(CAST(OLD.workspace_id AS BLOB)), 0) + coalesce(length(CAST(OLD.name AS BLOB)), 0) + coalesce(length(CAST(OLD.description AS BLOB)), 0) + coalesce(length(CAST(OLD.steps AS BLOB)), 0) + 16)
    WHERE scope_kind = 'workspace' AND scope_id = OLD.workspace_id AND category = 'metadata';
END;
CREATE TRIGGER orchestration_step_results_seam_insert AFTER INSERT ON orchestration_step_results BEGIN
  UPDATE storage_usage SET rows = rows + 1, bytes = bytes + (coalesce(length(CAST(NEW.id AS BLOB)), 0) + coalesce(length(CAST(NEW.flow_id AS BLOB)), 0) + coalesce(length(CAST(NEW.run_id AS BLOB)), 0) + coalesce(length(CAST(NEW.interaction_id AS BLOB)), 0) + coalesce(length(CAST(NEW.output AS BLOB)), 0) + coalesce(length(CAST(NEW.status AS BLOB)), 0) + coalesce(length(CAST(NEW.error AS BLOB)), 0) + 40)
    WHERE scope_kind = 'store' AND scope_id = '' AND category = 'metadata';
END;
CREATE TRIGGER orchestration_step_results_seam_update AFTER UPDATE ON orchestration_step_results WHEN (coalesce(length(CAST(OLD.id AS BLOB)), 0) + coalesce(length(CAST(OLD.flow_id AS BLOB)), 0) + coalesce(length(CAST(OLD.run_id AS BLOB)), 0) + coalesce(length(CAST(OLD.interaction_id AS BLOB)), 0) + coalesce(length(CAST(OLD.output AS BLOB)), 0) + coalesce(length(CAST(OLD.status AS BLOB)), 0) + coalesce(length(CAST(OLD.error AS BLOB)), 0) + 40) IS NOT (coalesce(length(CAST(NEW.id AS BLOB)), 0) + coalesce(length(CAST(NEW.flow_id AS BLOB)), 0) + coalesce(length(CAST(NEW.run_id AS BLOB)), 0) + coalesce(length(CAST(NEW.interaction_id AS BLOB)), 0) + coalesce(length(CAST(NEW.output AS BLOB)), 0) + coalesce(length(CAST(NEW.status AS BLOB)), 0) + coalesce(length(CAST(NEW.error AS BLOB)), 0) + 40) BEGIN
  UPDATE storage_usage SET rows = rows - 1, bytes = bytes - (coalesce(length(CAST(OLD.id AS BLOB)), 0) + coalesce(length(CAST(OLD.flow_id AS BLOB)), 0) + coalesce(length(CAST(OLD.run_id AS BLOB)), 0) + coalesce(length(CAST(OLD.interaction_id AS BLOB)), 0) + coalesce(length(CAST(OLD.output AS BLOB)), 0) + coalesce(length(CAST(OLD.status AS BLOB)), 0) + coalesce(length(CAST(OLD.error AS BLOB)), 0) + 40)
    WHERE scope_kind = 'store' AND scope_id = '' AND category = 'metadata';
  UPDATE storage_usage SET rows = rows + 1, bytes = bytes + (coalesce(length(CAST(NEW.id AS BLOB)), 0) + coalesce(length(CAST(NEW.flow_id AS BLOB)), 0) + coalesce(length(CAST(NEW.run_id AS BLOB)), 0) + coalesce(length(CAST(NEW.interaction_id AS BLOB)), 0) + coalesce(length(CAST(NEW.output AS BLOB)), 0) + coalesce(length(CAST(NEW.status AS BLOB)), 0) + coalesce(length(CAST(NEW.error AS BLOB)), 0) + 40)
    WHERE scope_kind = 'store' AND scope_id = '' AND category = 'metadata';
END;
CREATE TRIGGER orchestration_step_results_seam_delete AFTER DELETE ON orchestration_step_results BEGIN
  UPDATE storage_usage SET rows = rows - 1, bytes = bytes - (coalesce(length(CAST(OLD.id AS BLOB)), 0) + coalesce(length(CAST(OLD.flow_id AS BLOB)), 0) + coalesce(length(CAST(OLD.run_id AS BLOB)), 0) + coalesce(length(CAST(OLD.interaction_id AS BLOB)), 0) + coalesce(length(CAST(OLD.output AS BLOB)), 0) + coalesce(length(CAST(OLD.status AS BLOB)), 0) + coalesce(length(CAST(OLD.error AS BLOB)), 0) + 40)
    WHERE scope_kind = 'store' AND scope_id = '' AND category = 'metadata';
END;
CREATE TRIGGER permission_sets_seam_insert AFTER INSERT ON permission_sets BEGIN
  UPDATE storage_usage SET rows = rows + 1, bytes = bytes + (coalesce(length(CAST(NEW.id AS BLOB)), 0) + coalesce(length(CAST(NEW.subject_user_id AS BLOB)), 0) + coalesce(length(CAST(NEW.subject_role AS BLOB)), 0) + coalesce(length(CAST(NEW.resource_kind AS BLOB)), 0) + coalesce(length(CAST(NEW.resource_id AS BLOB)), 0) + coalesce(length(CAST(NEW.workspace_id AS BLOB)), 0) + coalesce(length(CAST(NEW.actions AS BLOB)), 0) + 16)
    WHERE scope_kind = 'store' AND scope_id = '' AND category = 'metadata';
  INSERT INTO storage_usage (scope_kind, scope_id, category, rows, bytes)
    SELECT 'workspace', NEW.workspace_id, 'metadata', 1, (coalesce(length(CAST(NEW.id AS BLOB)), 0) + coalesce(length(CAST(NEW.subject_user_id AS BLOB)), 0) + coalesce(length(CAST(NEW.subject_role AS BLOB)), 0) + coalesce(length(CAST(NEW.resource_kind AS BLOB)), 0) + coalesce(length(CAST(NEW.resource_id AS BLOB)), 0) + coalesce(length(CAST(NEW.workspace_id AS BLOB)), 0) + coalesce(length(CAST(NEW.actions AS BLOB)), 0) + 16) WHERE NEW.workspace_id IS NOT NULL
    ON CONFLICT DO UPDATE SET rows = rows + 1, bytes = bytes + excluded.bytes;
END;
CREATE TRIGGER permission_sets_seam_update AFTER UPDATE ON permission_sets WHEN (coalesce(length(CAST(OLD.id AS BLOB)), 0) + coalesce(length(CAST(OLD.subject_user_id AS BLOB)), 0) + coalesce(length(CAST(OLD.subject_role AS BLOB)), 0) + coalesce(length(CAST(OLD.resource_kind AS BLOB)), 0) + coalesce(length(CAST(OLD.resource_id AS BLOB)), 0) + coalesce(length(CAST(OLD.workspace_id AS BLOB)), 0) + coalesce(length(CAST(OLD.actions AS BLOB)), 0) + 16) IS NOT (coalesce(length(CAST(NEW.id AS BLOB)), 0) + coalesce(length(CAST(NEW.subject_user_id AS BLOB)), 0) + coalesce(length(CAST(NEW.subject_role AS BLOB)), 0) + coalesce(length(CAST(NEW.resource_kind AS BLOB)), 0) + coalesce(length(CAST(NEW.resource_id AS BLOB)), 0) + coalesce(length(CAST(NEW.workspace_id AS BLOB)), 0) + coalesce(length(CAST(NEW.actions AS BLOB)), 0) + 16)
    OR OLD.workspace_id IS NOT NEW.workspace_id BEGIN
  UPDATE storage_usage SET rows = rows - 1, bytes = bytes - (coalesce(length(CAST(OLD.id AS BLOB)), 0) + coalesce(length(CAST(OLD.subject_user_id AS BLOB)), 0) + coalesce(length(CAST(OLD.subject_role AS BLOB)), 0) + coalesce(length(CAST(OLD.resource_kind AS BLOB)), 0) + coalesce(length(CAST(OLD.resource_id AS BLOB)), 0) + coalesce(length(CAST(OLD.workspace_id AS BLOB)), 0) + coalesce(length(CAST(OLD.actions AS BLOB)), 0) + 16)
    WHERE scope_kind = 'store' AND scope_id = '' AND category = 'metadata';
  UPDATE storage_usage SET rows = rows - 1, bytes = bytes - (coalesce(length(CAST(OLD.id AS BLOB)), 0) + coalesce(length(CAST(OLD.subject_user_id AS BLOB)), 0) + coalesce(length(CAST(OLD.subject_role AS BLOB)), 0) + coalesce(length(CAST(OLD.resource_kind AS BLOB)), 0) + coalesce(length(CAST(OLD.resource_id AS BLOB)), 0) + coalesce(length(CAST(OLD.workspace_id AS BLOB)), 0) + coalesce(length(CAST(OLD.actions AS BLOB)), 0) + 16)
    WHERE scope_kind = 'workspace' AND scope_id = OLD.workspace_id AND category = 'metadata';
  UPDATE storage_usage SET rows = rows + 1, bytes = bytes + (coalesce(length(CAST(NEW.id AS BLOB)), 0) + coalesce(length(CAST(NEW.subject_user_id AS BLOB)), 0) + coalesce(length(CAST(NEW.subject_role AS BLOB)), 0) + coalesce(length(CAST(NEW.resource_kind AS BLOB)), 0) + coalesce(length(CAST(NEW.resource_id AS BLOB)), 0) + coalesce(length(CAST(NEW.workspace_id AS BLOB)), 0) + coalesce(length(CAST(NEW.actions AS BLOB)), 0) + 16)
    WHERE scope_kind = 'store' AND scope_id = '' AND category = 'metadata';
  INSERT INTO storage_usage (scope_kind, scope_id, category, rows, bytes)
    SELECT 'workspace', NEW.workspace_id, 'metadata', 1, (coalesce(length(CAST(NEW.id AS BLOB)), 0) + coalesce(length(CAST(NEW.subject_user_id AS BLOB)), 0) + coalesce(length(CAST(NEW.subject_role AS BLOB)), 0) + coalesce(length(CAST(NEW.resource_kind AS BLOB)), 0) + coalesce(length(CAST(NEW.resource_id AS BLOB)), 0) + coalesce(length(CAST(NEW.workspace_id AS BLOB)), 0) + coalesce(length(CAST(NEW.actions AS BLOB)), 0) + 16) WHERE NEW.workspace_id IS NOT NULL
    ON CONFLICT DO UPDATE SET rows = rows + 1, bytes = bytes + excluded.bytes;
END;
CREATE TRIGGER permission_sets_seam_delete AFTER DELETE ON permission_sets BEGIN
  UPDATE storage_usage SET rows = rows - 1, bytes = bytes - (coalesce(length(CAST(OLD.id AS BLOB)), 0) + coalesce(length(CAST(OLD.subject_user_id AS BLOB)), 0) + coalesce(length(CAST(OLD.subject_role AS BLOB)), 0) + coalesce(length(CAST(OLD.resource_kind AS BLOB)), 0) + coalesce(length(CAST(OLD.resource_id AS BLOB)), 0) + coalesce(length(CAST(OLD.workspace_id AS BLOB)), 0) + coalesce(length(CAST(OLD.actions AS BLOB)), 0) + 16)
    WHERE scope_kind = 'store' AND scope_id = '' AND category = 'metadata';
  UPDATE storage_usage SET rows = rows - 1, bytes = bytes - (coalesce(length(CAST(OLD.id AS BLOB)), 0) + coalesce(length(CAST(OLD.subject_user_id AS BLOB)), 0) + coalesce(length(CAST(OLD.subject_role AS BLOB)), 0) + coalesce(length(CAST(OLD.resource_kind AS BLOB)), 0) + coalesce(length(CAST(OLD.resource_id AS BLOB)), 0) + coalesce(length(CAST(OLD.workspace_id AS BLOB)), 0) + coalesce(length(CAST(OLD.actions AS BLOB)), 0) + 16)
    WHERE scope_kind = 'workspace' AND scope_id = OLD.workspace_id AND category = 'metadata';
END;
CREATE TRIGGER data_sharing_policies_seam_insert AFTER INSERT ON data_sharing_policies BEGIN
  UPDATE storage_usage SET rows = rows + 1, bytes = bytes + (coalesce(length(CAST(NEW.id AS BLOB)), 0) + coalesce(length(CAST(NEW.user_id AS BLOB)), 0) + coalesce(length(CAST(NEW.scope AS BLOB)), 0) + coalesce(length(CAST(NEW.policy_version AS BLOB)), 0) + 24)
    WHERE scope_kind = 'store' AND scope_id = '' AND category = 'metadata';
END;
CREATE TRIGGER data_sharing_policies_seam_update AFTER UPDATE ON data_sharing_policies WHEN (coalesce(length(CAST(OLD.id AS BLOB)), 0) + coalesce(length(CAST(OLD.user_id AS BLOB)), 0) + coalesce(length(CAST(OLD.scope AS BLOB)), 0) + coalesce(length(CAST(OLD.policy_version AS BLOB)), 0) + 24) IS NOT (coalesce(length(CAST(NEW.id AS BLOB)), 0) + coalesce(length(CAST(NEW.user_id AS BLOB)), 0) + coalesce(length(CAST(NEW.scope AS BLOB)), 0) + coalesce(length(CAST(NEW.policy_version AS BLOB)), 0) + 24) BEGIN
  UPDATE storage_usage SET rows = rows - 1, bytes = bytes - (coalesce(length(CAST(OLD.id AS BLOB)), 0) + coalesce(length(CAST(OLD.user_id AS BLOB)), 0) + coalesce(length(CAST(OLD.scope AS BLOB)), 0) + coalesce(length(CAST(OLD.policy_version AS BLOB)), 0) + 24)
    WHERE scope_kind = 'store' AND scope_id = '' AND category = 'metadata';
  UPDATE storage_usage SET rows = rows + 1, bytes = bytes + (coalesce(length(CAST(NEW.id AS BLOB)), 0) + coalesce(length(CAST(NEW.user_id AS BLOB)), 0) + coalesce(length(CAST(NEW.scope AS BLOB)), 0) + coalesce(length(CAST(NEW.policy_version AS BLOB)), 0) + 24)
    WHERE scope_kind = 'store' AND scope_id = '' AND category = 'metadata';
END;
CREATE TRIGGER data_sharing_policies_seam_delete AFTER DELETE ON data_sharing_policies BEGIN
  UPDATE storage_usage SET rows = rows - 1, bytes = bytes - (coalesce(length(CAST(OLD.id AS BLOB)), 0) + coalesce(length(CAST(OLD.user_id AS BLOB)), 0) + coalesce(length(CAST(OLD.scope AS BLOB)), 0) + coalesce(length(CAST(OLD.policy_version AS BLOB)), 0) + 24)
    WHERE scope_kind = 'store' AND scope_id = '' AND category = 'metadata';
END;
CREATE TRIGGER telemetry_events_seam_insert AFTER INSERT ON telemetry_events BEGIN
  UPDATE storage_usage SET rows = rows + 1, bytes = bytes + (coalesce(length(CAST(NEW.id AS BLOB)), 0) + coalesce(length(CAST(NEW.user_id AS BLOB)), 0) + coalesce(length(CAST(NEW.device_id AS BLOB)), 0) + coalesce(length(CAST(NEW.name AS BLOB)), 0) + coalesce(length(CAST(NEW.properties AS BLOB)), 0) + 16)
    WHERE scope_kind = 'store' AND scope_id = '' AND category = 'metadata';
END;
CREATE TRIGGER telemetry_events_seam_update AFTER UPDATE ON telemetry_events WHEN (coalesce(length(CAST(OLD.id AS BLOB)), 0) + coalesce(length(CAST(OLD.user_id AS BLOB)), 0) + coalesce(length(CAST(OLD.device_id AS BLOB)), 0) + coalesce(length(CAST(OLD.name AS BLOB)), 0) + coalesce(length(CAST(OLD.properties AS BLOB)), 0) + 16) IS NOT (coalesce(length(CAST(NEW.id AS BLOB)), 0) + coalesce(length(CAST(NEW.user_id AS BLOB)), 0) + coalesce(length(CAST(NEW.device_id AS BLOB)), 0) + coalesce(length(CAST(NEW.name AS BLOB)), 0) + coalesce(length(CAST(NEW.properties AS BLOB)), 0) + 16) BEGIN
  UPDATE storage_usage SET rows = rows - 1, bytes = bytes - (coalesce(length(CAST(OLD.id AS BLOB)), 0) + coalesce(length(CAST(OLD.user_id AS BLOB)), 0) + coalesce(length(CAST(OLD.device_id AS BLOB)), 0) + coalesce(length(CAST(OLD.name AS BLOB)), 0) + coalesce(length(CAST(OLD.properties AS BLOB)), 0) + 16)
    WHERE scope_kind = 'store' AND scope_id = '' AND category = 'metadata';
  UPDATE storage_usage SET rows = rows + 1, bytes = bytes + (coalesce(length(CAST(NEW.id AS BLOB)), 0) + coalesce(length(CAST(NEW.user_id AS BLOB)), 0) + coalesce(length(CAST(NEW.device_id AS BLOB)), 0) + coalesce(length(CAST(NEW.name AS BLOB)), 0) + coalesce(length(CAST(NEW.properties AS BLOB)), 0) + 16)
    WHERE scope_kind = 'store' AND scope_id = '' AND category = 'metadata';
END;
CREATE TRIGGER telemetry_events_seam_delete AFTER DELETE ON telemetry_events BEGIN
  UPDATE storage_usage SET rows = rows - 1, bytes = bytes - (coalesce(length(CAST(OLD.id AS BLOB)), 0) + coalesce(length(CAST(OLD.user_id AS BLOB)), 0) + coalesce(length(CAST(OLD.device_id AS BLOB)), 0) + coalesce(length(CAST(OLD.name AS BLOB)), 0) + coalesce(length(CAST(OLD.properties AS BLOB)), 0) + 16)
    WHERE scope_kind = 'store' AND scope_id = '' AND category = 'metadata';
END;
CREATE TRIGGER telemetry_drops_seam_insert AFTER INSERT ON telemetry_drops BEGIN
  UPDATE storage_usage SET rows = rows + 1, bytes = bytes + (coalesce(length(CAST(NEW.user_id AS BLOB)), 0) + 16)
    WHERE scope_kind = 'store' AND scope_id = '' AND category = 'metadata';
END;
CREATE TRIGGER telemetry_drops_seam_update AFTER UPDATE ON telemetry_drops WHEN (coalesce(length(CAST(OLD.user_id AS BLOB)), 0) + 16) IS NOT (coalesce(length(CAST(NEW.user_id AS BLOB)), 0) + 16) BEGIN
  UPDATE storage_usage SET rows = rows - 1, bytes = bytes - (coalesce(length(CAST(OLD.user_id AS BLOB)), 0) + 16)
    WHERE scope_kind = 'store' AND scope_id = '' AND category = 'metadata';
  UPDATE storage_usage SET rows = rows + 1, bytes = bytes + (coalesce(length(CAST(NEW.user_id AS BLOB)), 0) + 16)
    WHERE scope_kind = 'store' AND scope_id = '' AND category = 'metadata';
END;
CREATE TRIGGER telemetry_drops_seam_delete AFTER DELETE ON telemetry_drops BEGIN
  UPDATE storage_usage SET rows = rows - 1, bytes = bytes - (coalesce(length(CAST(OLD.user_id AS BLOB)), 0) + 16)
    WHERE scope_kind = 'store' AND scope_id = '' AND category = 'metadata';
END;
CREATE TRIGGER provider_secrets_seam_insert AFTER INSERT ON provider_secrets BEGIN
  UPDATE storage_usage SET rows = rows + 1, bytes = bytes + (coalesce(length(CAST(NEW.id AS BLOB)), 0) + coalesce(length(CAST(NEW.config_id AS BLOB)), 0) + coalesce(length(CAST(NEW.kind AS BLOB)), 0) + coalesce(length(CAST(NEW.sealed AS BLOB)), 0) + 16)
    WHERE scope_kind = 'store' AND scope_id = '' AND category = 'metadata';
END;
CREATE TRIGGER provider_secrets_seam_update AFTER UPDATE ON provider_secrets WHEN (coalesce(length(CAST(OLD.id AS BLOB)), 0) + coalesce(length(CAST(OLD.config_id AS BLOB)), 0) + coalesce(length(CAST(OLD.kind AS BLOB)), 0) + coalesce(length(CAST(OLD.sealed AS BLOB)), 0) + 16) IS NOT (coalesce(length(CAST(NEW.id AS BLOB)), 0) + coalesce(length(CAST(NEW.config_id AS BLOB)), 0) + coalesce(length(CAST(NEW.kind AS BLOB)), 0) + coalesce(length(CAST(NEW.sealed AS BLOB)), 0) + 16) BEGIN
  UPDATE storage_usage SET rows = rows - 1, bytes = bytes - (coalesce(length(CAST(OLD.id AS BLOB)), 0) + coalesce(length(CAST(OLD.config_id AS BLOB)), 0) + coalesce(length(CAST(OLD.kind AS BLOB)), 0) + coalesce(length(CAST(OLD.sealed AS BLOB)), 0) + 16)
    WHERE scope_kind = 'store' AND scope_id = '' AND category = 'metadata';
  UPDATE storage_usage SET rows = rows + 1, bytes = bytes + (coalesce(length(CAST(NEW.id AS BLOB)), 0) + coalesce(length(CAST(NEW.config_id AS BLOB)), 0) + coalesce(length(CAST(NEW.kind AS BLOB)), 0) + coalesce(length(CAST(NEW.sealed AS BLOB)), 0) + 16)
    WHERE scope_kind = 'store' AND scope_id = '' AND category = 'metadata';
END;
CREATE TRIGGER provider_secrets_seam_delete AFTER DELETE ON provider_secrets BEGIN
  UPDATE storage_usage SET rows = rows - 1, bytes = bytes - (coalesce(length(CAST(OLD.id AS BLOB)), 0) + coalesce(length(CAST(OLD.config_id AS BLOB)), 0) + coalesce(length(CAST(OLD.kind AS BLOB)), 0) + coalesce(length(CAST(OLD.sealed AS BLOB)), 0) + 16)
    WHERE scope_kind = 'store' AND scope_id = '' AND category = 'metadata';
END;
CREATE TRIGGER audit_log_seam_insert AFTER INSERT ON audit_log BEGIN
  UPDATE storage_usage SET rows = rows + 1, bytes = bytes + (coalesce(length(CAST(NEW.id AS BLOB)), 0) + coalesce(length(CAST(NEW.actor_user_id AS BLOB)), 0) + coalesce(length(CAST(NEW.action AS BLOB)), 0) + coalesce(length(CAST(NEW.entity AS BLOB)), 0) + coalesce(length(CAST(NEW.entity_id AS BLOB)), 0) + coalesce(length(CAST(NEW.details AS BLOB)), 0) + coalesce(length(CAST(NEW.prev_hash AS BLOB)), 0) + coalesce(length(CAST(NEW.hash AS BLOB)), 0) + 16)
    WHERE scope_kind = 'store' AND scope_id = '' AND category = 'metadata';
END;
CREATE TRIGGER audit_log_seam_update AFTER UPDATE ON audit_log WHEN (coalesce(length(CAST(OLD.id AS BLOB)), 0) + coalesce(length(CAST(OLD.actor_user_id AS BLOB)), 0) + coalesce(length(CAST(OLD.action AS BLOB)), 0) + coalesce(length(CAST(OLD.entity AS BLOB)), 0) + coalesce(length(CAST(OLD.entity_id AS BLOB)), 0) + coalesce(length(CAST(OLD.details AS BLOB)), 0) + coalesce(length(CAST(OLD.prev_hash AS BLOB)), 0) + coalesce(length(CAST(OLD.hash AS BLOB)), 0) + 16) IS NOT (coalesce(length(CAST(NEW.id AS BLOB)), 0) + coalesce(length(CAST(NEW.actor_user_id AS BLOB)), 0) + coalesce(length(CAST(NEW.action AS BLOB)), 0) + coalesce(length(CAST(NEW.entity AS BLOB)), 0) + coalesce(length(CAST(NEW.entity_id AS BLOB)), 0) + coalesce(length(CAST(NEW.details AS BLOB)), 0) + coalesce(length(CAST(NEW.prev_hash AS BLOB)), 0) + coalesce(length(CAST(NEW.hash AS BLOB)), 0) + 16) BEGIN
  UPDATE storage_usage SET rows = rows - 1, bytes = bytes - (coalesce(length(CAST(OLD.id AS BLOB)), 0) + coalesce(length(CAST(OLD.actor_user_id AS BLOB)), 0) + coalesce(length(CAST(OLD.action AS BLOB)), 0) + coalesce(length(CAST(OLD.entity AS BLOB)), 0) + coalesce(length(CAST(OLD.entity_id AS BLOB)), 0) + coalesce(length(CAST(OLD.details AS BLOB)), 0) + coalesce(length(CAST(OLD.prev_hash AS BLOB)), 0) + coalesce(length(CAST(OLD.hash AS BLOB)), 0) + 16)
    WHERE scope_kind = 'store' AND scope_id = '' AND category = 'metadata';
  UPDATE storage_usage SET rows = rows + 1, bytes = bytes + (coalesce(length(CAST(NEW.id AS BLOB)), 0) + coalesce(length(CAST(NEW.actor_user_id AS BLOB)), 0) + coalesce(length(CAST(NEW.action AS BLOB)), 0) + coalesce(length(CAST(NEW.entity AS BLOB)), 0) + coalesce(length(CAST(NEW.entity_id AS BLOB)), 0) + coalesce(length(CAST(NEW.details AS BLOB)), 0) + coalesce(length(CAST(NEW.prev_hash AS BLOB)), 0) + coalesce(length(CAST(NEW.hash AS BLOB)), 0) + 16)
    WHERE scope_kind = 'store' AND scope_id = '' AND category = 'metadata';
END;
CREATE TRIGGER audit_log_seam_delete AFTER DELETE ON audit_log BEGIN
  UPDATE storage_usage SET rows = rows - 1, bytes = bytes - (coalesce(length(CAST(OLD.id AS BLOB)), 0) + coalesce(length(CAST(OLD.actor_user_id AS BLOB)), 0) + coalesce(length(CAST(OLD.action AS BLOB)), 0) + coalesce(length(CAST(OLD.entity AS BLOB)), 0) + coalesce(length(CAST(OLD.entity_id AS BLOB)), 0) + coalesce(length(CAST(OLD.details AS BLOB)), 0) + coalesce(length(CAST(OLD.prev_hash AS BLOB)), 0) + coalesce(length(CAST(OLD.hash AS BLOB)), 0) + 16)
    WHERE scope_kind = 'store' AND scope_id = '' AND category = 'metadata';
END;
CREATE TRIGGER audit_head_seam_insert AFTER INSERT ON audit_head BEGIN
  UPDATE storage_usage SET rows = rows + 1, bytes = bytes + (coalesce(length(CAST(NEW.hash AS BLOB)), 0) + 16)
    WHERE scope_kind = 'store' AND scope_id = '' AND category = 'metadata';
END;
CREATE TRIGGER audit_head_seam_update AFTER UPDATE ON audit_head WHEN (coalesce(length(CAST(OLD.hash AS BLOB)), 0) + 16) IS NOT (coalesce(length(CAST(NEW.hash AS BLOB)), 0) + 16) BEGIN
  UPDATE storage_usage SET rows = rows - 1, bytes = bytes - (coalesce(length(CAST(OLD.hash AS BLOB)), 0) + 16)
    WHERE scope_kind = 'store' AND scope_id = '' AND category = 'metadata';
  UPDATE storage_usage SET rows = rows + 1, bytes = bytes + (coalesce(length(CAST(NEW.hash AS BLOB)), 0) + 16)
    WHERE scope_kind = 'store' AND scope_id = '' AND category = 'metadata';
END;
CREATE TRIGGER audit_head_seam_delete AFTER DELETE ON audit_head BEGIN
  UPDATE storage_usage SET rows = rows - 1, bytes = bytes - (coalesce(length(CAST(OLD.hash AS BLOB)), 0) + 16)
    WHERE scope_kind = 'store' AND scope_id = '' AND category = 'metadata';
END;
CREATE TRIGGER subscription_plans_seam_insert AFTER INSERT ON subscription_plans BEGIN
  UPDATE storage_usage SET rows = rows + 1, bytes = bytes + (coalesce(length(CAST(NEW.id AS BLOB)), 0) + coalesce(length(CAST(NEW.owner_user_id AS BLOB)), 0) + coalesce(length(CAST(NEW.owner_organization_id AS BLOB)), 0) + coalesce(length(CAST(NEW.tier AS BLOB)), 0) + coalesce(length(CAST(NEW.status AS BLOB)), 0) + 40)
    WHERE scope_kind = 'store' AND scope_id = '' AND category = 'metadata';
END;
CREATE TRIGGER subscription_plans_seam_update AFTER UPDATE ON subscription_plans WHEN (coalesce(length(CAST(OLD.id AS BLOB)), 0) + coalesce(length(CAST(OLD.owner_user_id AS BLOB)), 0) + coalesce(length(CAST(OLD.owner_organization_id AS BLOB)), 0) + coalesce(length(CAST(OLD.tier AS BLOB)), 0) + coalesce(length(CAST(OLD.status AS BLOB)), 0) + 40) IS NOT (coalesce(length(CAST(NEW.id AS BLOB)), 0) + coalesce(length(CAST(NEW.owner_user_id AS BLOB)), 0) + coalesce(length(CAST(NEW.owner_organization_id AS BLOB)), 0) + coalesce(length(CAST(NEW.tier AS BLOB)), 0) + coalesce(length(CAST(NEW.status AS BLOB)), 0) + 40) BEGIN
  UPDATE storage_usage SET rows = rows - 1, bytes = bytes - (coalesce(length(CAST(OLD.id AS BLOB)), 0) + coalesce(length(CAST(OLD.owner_user_id AS BLOB)), 0) + coalesce(length(CAST(OLD.owner_organization_id AS BLOB)), 0) + coalesce(length(CAST(OLD.tier AS BLOB)), 0) + coalesce(length(CAST(OLD.status AS BLOB)), 0) + 40)
    WHERE scope_kind = 'store' AND scope_id = '' AND category = 'metadata';
  UPDATE storage_usage SET rows = rows + 1, bytes = bytes + (coalesce(length(CAST(NEW.id AS BLOB)), 0) + coalesce(length(CAST(NEW.owner_user_id AS BLOB)), 0) + coalesce(length(CAST(NEW.owner_organization_id AS BLOB)), 0) + coalesce(length(CAST(NEW.tier AS BLOB)), 0) + coalesce(length(CAST(NEW.status AS BLOB)), 0) + 40)
    WHERE scope_kind = 'store' AND scope_id = '' AND category = 'metadata';
END;
CREATE TRIGGER subscription_plans_seam_delete AFTER DELETE ON subscription_plans BEGIN
  UPDATE storage_usage SET rows = rows - 1, bytes = bytes - (coalesce(length(CAST(OLD.id AS BLOB)), 0) + coalesce(length(CAST(OLD.owner_user_id AS BLOB)), 0) + coalesce(length(CAST(OLD.owner_organization_id AS BLOB)), 0) + coalesce(length(CAST(OLD.tier AS BLOB)), 0) + coalesce(length(CAST(OLD.status AS BLOB)), 0) + 40)
    WHERE scope_kind = 'store' AND scope_id = '' AND category = 'metadata';
END;
CREATE TRIGGER invoices_seam_insert AFTER INSERT ON invoices BEGIN
  UPDATE storage_usage SET rows = rows + 1, bytes = bytes + (coalesce(length(CAST(NEW.id AS BLOB)), 0) + coalesce(length(CAST(NEW.subscription_id AS BLOB)), 0) + coalesce(length(CAST(NEW.number AS BLOB)), 0) + coalesce(length(CAST(NEW.currency AS BLOB)), 0) + coalesce(length(CAST(NEW.status AS BLOB)), 0) + 40)
    WHERE scope_kind = 'store' AND scope_id = '' AND category = 'metadata';
END;
CREATE TRIGGER invoices_seam_update AFTER UPDATE ON invoices WHEN (coalesce(length(CAST(OLD.id AS BLOB)), 0) + coalesce(length(CAST(OLD.subscription_id AS BLOB)), 0) + coalesce(length(CAST(OLD.number AS BLOB)), 0) + coalesce(length(CAST(OLD.currency AS BLOB)), 0) + coalesce(length(CAST(OLD.status AS BLOB)), 0) + 40) IS NOT (coalesce(length(CAST(NEW.id AS BLOB)), 0) + coalesce(length(CAST(NEW.subscription_id AS BLOB)), 0) + coalesce(length(CAST(NEW.number AS BLOB)), 0) + coalesce(length(CAST(NEW.currency AS BLOB)), 0) + coalesce(length(CAST(NEW.status AS BLOB)), 0) + 40) BEGIN
  UPDATE storage_usage SET rows = rows - 1, bytes = bytes - (coalesce(length(CAST(OLD.id AS BLOB)), 0) + coalesce(length(CAST(OLD.subscription_id AS BLOB)), 0) + coalesce(length(CAST(OLD.number AS BLOB)), 0) + coalesce(length(CAST(OLD.currency AS BLOB)), 0) + coalesce(length(CAST(OLD.status AS BLOB)), 0) + 40)
    WHERE scope_kind = 'store' AND scope_id = '' AND category = 'metadata';
  UPDATE storage_usage SET rows = rows + 1, bytes = bytes + (coalesce(length(CAST(NEW.id AS BLOB)), 0) + coalesce(length(CAST(NEW.subscription_id AS BLOB)), 0) + coalesce(length(CAST(NEW.number AS BLOB)), 0) + coalesce(length(CAST(NEW.currency AS BLOB)), 0) + coalesce(length(CAST(NEW.status AS BLOB)), 0) + 40)
    WHERE scope_kind = 'store' AND scope_id = '' AND category = 'metadata';
END;
CREATE TRIGGER invoices_seam_delete AFTER DELETE ON invoices BEGIN
  UPDATE storage_usage SET rows = rows - 1, bytes = bytes - (coalesce(length(CAST(OLD.id AS BLOB)), 0) + coalesce(length(CAST(OLD.subscription_id AS BLOB)), 0) + coalesce(length(CAST(OLD.number AS BLOB)), 0) + coalesce(length(CAST(OLD.currency AS BLOB)), 0) + coalesce(length(CAST(OLD.status AS BLOB)), 0) + 40)
    WHERE scope_kind = 'store' AND scope_id = '' AND category = 'metadata';
END;
CREATE TRIGGER embeddings_seam_insert AFTER INSERT ON embeddings BEGIN
  UPDATE storage_usage SET rows = rows + 1, bytes = bytes + (coalesce(length(CAST(NEW.id AS BLOB)), 0) + coalesce(length(CAST(NEW.owner_kind AS BLOB)), 0) + coalesce(length(CAST(NEW.owner_id AS BLOB)), 0) + coalesce(length(CAST(NEW.collection AS BLOB)), 0) + coalesce(length(CAST(NEW.model AS BLOB)), 0) + coalesce(length(CAST(NEW.vector AS BLOB)), 0) + coalesce(length(CAST(NEW.content_hash AS BLOB)), 0) + coalesce(length(CAST(NEW.workspace_id AS BLOB)), 0) + coalesce(length(CAST(NEW.project_id AS BLOB)), 0) + coalesce(length(CAST(NEW.thread_id AS BLOB)), 0) + coalesce(length(CAST(NEW.message_id AS BLOB)), 0) + coalesce(length(CAST(NEW.document_id AS BLOB)), 0) + coalesce(length(CAST(NEW.attachment_id AS BLOB)), 0) + 40)
    WHERE scope_kind = 'store' AND scope_id = '' AND category = 'embeddings';
  INSERT INTO storage_usage (scope_kind, scope_id, category, rows, bytes)
    SELECT 'thread', NEW.thread_id, 'embeddings', 1, (coalesce(length(CAST(NEW.id AS BLOB)), 0) + coalesce(length(CAST(NEW.owner_kind AS BLOB)), 0) + coalesce(length(CAST(NEW.owner_id AS BLOB)), 0) + coalesce(length(CAST(NEW.collection AS BLOB)), 0) + coalesce(length(CAST(NEW.model AS BLOB)), 0) + coalesce(length(CAST(NEW.vector AS BLOB)), 0) + coalesce(length(CAST(NEW.content_hash AS BLOB)), 0) + coalesce(length(CAST(NEW.workspace_id AS BLOB)), 0) + coalesce(length(CAST(NEW.project_id AS BLOB)), 0) + coalesce(length(CAST(NEW.thread_id AS BLOB)), 0) + coalesce(length(CAST(NEW.message_id AS BLOB)), 0) + coalesce(length(CAST(NEW.document_id AS BLOB)), 0) + coalesce(length(CAST(NEW.attachment_id AS BLOB)), 0) + 40) WHERE NEW.thread_id IS NOT NULL
    ON CONFLICT DO UPDATE SET rows = rows + 1, bytes = bytes + excluded.bytes;
  INSERT INTO storage_usage (scope_kind, scope_id, category, rows, bytes)
    SELECT 'workspace', CASE WHEN NEW.thread_id IS NULL THEN NEW.workspace_id ELSE (SELECT workspace_id FROM threads WHERE id = NEW.thread_id) END, 'embeddings', 1, (coalesce(length(CAST(NEW.id AS BLOB)), 0) + coalesce(length(CAST(NEW.owner_kind AS BLOB)), 0) + coalesce(length(CAST(NEW.owner_id AS BLOB)), 0) + coalesce(length(CAST(NEW.collection AS BLOB)), 0) + coalesce(length(CAST(NEW.model AS BLOB)), 0) + coalesce(length(CAST(NEW.vector AS BLOB)), 0) + coalesce(length(CAST(NEW.content_hash AS BLOB)), 0) + coalesce(length(CAST(NEW.workspace_id AS BLOB)), 0) + coalesce(length(CAST(NEW.project_id AS BLOB)), 0) + coalesce(length(CAST(NEW.thread_id AS BLOB)), 0) + coalesce(length(CAST(NEW.message_id AS BLOB)), 0) + coalesce(length(CAST(NEW.document_id AS BLOB)), 0) + coalesce(length(CAST(NEW.attachment_id AS BLOB)), 0) + 40) WHERE CASE WHEN NEW.thread_id IS NULL THEN NEW.workspace_id ELSE (SELECT workspace_id FROM threads WHERE id = NEW.thread_id) END IS NOT NULL
    ON CONFLICT DO UPDATE SET rows = rows + 1, bytes = bytes + excluded.bytes;
END;
CREATE TRIGGER embeddings_seam_update AFTER UPDATE ON embeddings WHEN (coalesce(length(CAST(OLD.id AS BLOB)), 0) + coalesce(length(CAST(OLD.owner_kind AS BLOB)), 0) + coalesce(length(CAST(OLD.owner_id AS BLOB)), 0) + coalesce(length(CAST(OLD.collection AS BLOB)), 0) + coalesce(length(CAST(OLD.model AS BLOB)), 0) + coalesce(length(CAST(OLD.vector AS BLOB)), 0) + coalesce(length(CAST(OLD.content_hash AS BLOB)), 0) + coalesce(length(CAST(OLD.workspace_id AS BLOB)), 0) + coalesce(length(CAST(OLD.project_id AS BLOB)), 0) + coalesce(length(CAST(OLD.thread_id AS BLOB)), 0) + coalesce(length(CAST(OLD.message_id AS BLOB)), 0) + coalesce(length(CAST(OLD.document_id AS BLOB)), 0) + coalesce(length(CAST(OLD.attachment_id AS BLOB)), 0) + 40) IS NOT (coalesce(length(CAST(NEW.id AS BLOB)), 0) + coalesce(length(CAST(NEW.owner_kind AS BLOB)), 0) + coalesce(length(CAST(NEW.owner_id AS BLOB)), 0) + coalesce(length(CAST(NEW.collection AS BLOB)), 0) + coalesce(length(CAST(NEW.model AS BLOB)), 0) + coalesce(length(CAST(NEW.vector AS BLOB)), 0) + coalesce(length(CAST(NEW.content_hash AS BLOB)), 0) + coalesce(length(CAST(NEW.workspace_id AS BLOB)), 0) + coalesce(length(CAST(NEW.project_id AS BLOB)), 0) + coalesce(length(CAST(NEW.thread_id AS BLOB)), 0) + coalesce(length(CAST(NEW.message_id AS BLOB)), 0) + coalesce(length(CAST(NEW.document_id AS BLOB)), 0) + coalesce(length(CAST(NEW.attachment_id AS BLOB)), 0) + 40)
    OR OLD.thread_id IS NOT NEW.thread_id
    OR CASE WHEN OLD.thread_id IS NULL THEN OLD.workspace_id ELSE (SELECT workspace_id FROM threads WHERE id = OLD.thread_id) END IS NOT CASE WHEN NEW.thread_id IS NULL THEN NEW.workspace_id ELSE (SELECT workspace_id FROM threads WHERE id = NEW.thread_id) END BEGIN
  UPDATE storage_usage SET rows = rows - 1, bytes = bytes - (coalesce(length(CAST(OLD.id AS BLOB)), 0) + coalesce(length(CAST(OLD.owner_kind AS BLOB)), 0) + coalesce(length(CAST(OLD.owner_id AS BLOB)), 0) + coalesce(length(CAST(OLD.collection AS BLOB)), 0) + coalesce(length(CAST(OLD.model AS BLOB)), 0) + coalesce(length(CAST(OLD.vector AS BLOB)), 0) + coalesce(length(CAST(OLD.content_hash AS BLOB)), 0) + coalesce(length(CAST(OLD.workspace_id AS BLOB)), 0) + coalesce(length(CAST(OLD.project_id AS BLOB)), 0) + coalesce(length(CAST(OLD.thread_id AS BLOB)), 0) + coalesce(length(CAST(OLD.message_id AS BLOB)), 0) + coalesce(length(CAST(OLD.document_id AS BLOB)), 0) + coalesce(length(CAST(OLD.attachment_id AS BLOB)), 0) + 40)
    WHERE scope_kind = 'store' AND scope_id = '' AND category = 'embeddings';
  UPDATE storage_usage SET rows = rows - 1, bytes = bytes - (coalesce(length(CAST(OLD.id AS BLOB)), 0) + coalesce(length(CAST(OLD.owner_kind AS BLOB)), 0) + coalesce(length(CAST(OLD.owner_id AS BLOB)), 0) + coalesce(length(CAST(OLD.collection AS BLOB)), 0) + coalesce(length(CAST(OLD.model AS BLOB)), 0) + coalesce(length(CAST(OLD.vector AS BLOB)), 0) + coalesce(length(CAST(OLD.content_hash AS BLOB)), 0) + coalesce(length(CAST(OLD.workspace_id AS BLOB)), 0) + coalesce(length(CAST(OLD.project_id AS BLOB)), 0) + coalesce(length(CAST(OLD.thread_id AS BLOB)), 0) + coalesce(length(CAST(OLD.message_id AS BLOB)), 0) + coalesce(length(CAST(OLD.document_id AS BLOB)), 0) + coalesce(length(CAST(OLD.attachment_id AS BLOB)), 0) + 40)
    WHERE scope_kind = 'thread' AND scope_id = OLD.thread_id AND category = 'embeddings';
  UPDATE storage_usage SET rows = rows - 1, bytes = bytes - (coalesce(length(CAST(OLD.id AS BLOB)), 0) + coalesce(length(CAST(OLD.owner_kind AS BLOB)), 0) + coalesce(length(CAST(OLD.owner_id AS BLOB)), 0) + coalesce(length(CAST(OLD.collection AS BLOB)), 0) + coalesce(length(CAST(OLD.model AS BLOB)), 0) + coalesce(length(CAST(OLD.vector AS BLOB)), 0) + coalesce(length(CAST(OLD.content_hash AS BLOB)), 0) + coalesce(length(CAST(OLD.workspace_id AS BLOB)), 0) + coalesce(length(CAST(OLD.project_id AS BLOB)), 0) + coalesce(length(CAST(OLD.thread_id AS BLOB)), 0) + coalesce(length(CAST(OLD.message_id AS BLOB)), 0) + coalesce(length(CAST(OLD.document_id AS BLOB)), 0) + coalesce(length(CAST(OLD.attachment_id AS BLOB)), 0) + 40)
    WHERE scope_kind = 'workspace' AND scope_id = CASE WHEN OLD.thread_id IS NULL THEN OLD.workspace_id ELSE (SELECT workspace_id FROM threads WHERE id = OLD.thread_id) END AND category = 'embeddings';
  UPDATE storage_usage SET rows = rows + 1, bytes = bytes + (coalesce(length(CAST(NEW.id AS BLOB)), 0) + coalesce(length(CAST(NEW.owner_kind AS BLOB)), 0) + coalesce(length(CAST(NEW.owner_id AS BLOB)), 0) + coalesce(length(CAST(NEW.collection AS BLOB)), 0) + coalesce(length(CAST(NEW.model AS BLOB)), 0) + coalesce(length(CAST(NEW.vector AS BLOB)), 0) + coalesce(length(CAST(NEW.content_hash AS BLOB)), 0) + coalesce(length(CAST(NEW.workspace_id AS BLOB)), 0) + coalesce(length(CAST(NEW.project_id AS BLOB)), 0) + coalesce(length(CAST(NEW.thread_id AS BLOB)), 0) + coalesce(length(CAST(NEW.message_id AS BLOB)), 0) + coalesce(length(CAST(NEW.document_id AS BLOB)), 0) + coalesce(length(CAST(NEW.attachment_id AS BLOB)), 0) + 40)
    WHERE scope_kind = 'store' AND scope_id = '' AND category = 'embeddings';
  INSERT INTO storage_usage (scope_kind, scope_id, category, rows, bytes)
    SELECT 'thread', NEW.thread_id, 'embeddings', 1, (coalesce(length(CAST(NEW.id AS BLOB)), 0) + coalesce(length(CAST(NEW.owner_kind AS BLOB)), 0) + coalesce(length(CAST(NEW.owner_id AS BLOB)), 0) + coalesce(length(CAST(NEW.collection AS BLOB)), 0) + coalesce(length(CAST(NEW.model AS BLOB)), 0) + coalesce(length(CAST(NEW.vector AS BLOB)), 0) + coalesce(length(CAST(NEW.content_hash AS BLOB)), 0) + coalesce(length(CAST(NEW.workspace_id AS BLOB)), 0) + coalesce(length(CAST(NEW.project_id AS BLOB)), 0) + coalesce(length(CAST(NEW.thread_id AS BLOB)), 0) + coalesce(length(CAST(NEW.message_id AS BLOB)), 0) + coalesce(length(CAST(NEW.document_id AS BLOB)), 0) + coalesce(length(CAST(NEW.attachment_id AS BLOB)), 0) + 40) WHERE NEW.thread_id IS NOT NULL
    ON CONFLICT DO UPDATE SET rows = rows + 1, bytes = bytes + excluded.bytes;
  INSERT INTO storage_usage (scope_kind, scope_id, category, rows, bytes)
    SELECT 'workspace', CASE WHEN NEW.thread_id IS NULL THEN NEW.workspace_id ELSE (SELECT workspace_id FROM threads WHERE id = NEW.thread_id) END, 'embeddings', 1, (coalesce(length(CAST(NEW.id AS BLOB)), 0) + coalesce(length(CAST(NEW.owner_kind AS BLOB)), 0) + coalesce(length(CAST(NEW.owner_id AS BLOB)), 0) + coalesce(length(CAST(NEW.collection AS BLOB)), 0) + coalesce(length(CAST(NEW.model AS BLOB)), 0) + coalesce(length(CAST(NEW.vector AS BLOB)), 0) + coalesce(length(CAST(NEW.content_hash AS BLOB)), 0) + coalesce(length(CAST(NEW.workspace_id AS BLOB)), 0) + coalesce(length(CAST(NEW.project_id AS BLOB)), 0) + coalesce(length(CAST(NEW.thread_id AS BLOB)), 0) + coalesce(length(CAST(NEW.message_id AS BLOB)), 0) + coalesce(length(CAST(NEW.document_id AS BLOB)), 0) + coalesce(length(CAST(NEW.attachment_id AS BLOB)), 0) + 40) WHERE CASE WHEN NEW.thread_id IS NULL THEN NEW.workspace_id ELSE (SELECT workspace_id FROM threads WHERE id = NEW.thread_id) END IS NOT NULL
    ON CONFLICT DO UPDATE SET rows = rows + 1, bytes = bytes + excluded.bytes;
END;
CREATE TRIGGER embeddings_seam_delete AFTER DELETE ON embeddings BEGIN
  UPDATE storage_usage SET rows = rows - 1, bytes = bytes - (coalesce(length(CAST(OLD.id AS BLOB)), 0) + coalesce(length(CAST(OLD.owner_kind AS BLOB)), 0) + coalesce(length(CAST(OLD.owner_id AS BLOB)), 0) + coalesce(length(CAST(OLD.collection AS BLOB)), 0) + coalesce(length(CAST(OLD.model AS BLOB)), 0) + coalesce(length(CAST(OLD.vector AS BLOB)), 0) + coalesce(length(CAST(OLD.content_hash AS BLOB)), 0) + coalesce(length(CAST(OLD.workspace_id AS BLOB)), 0) + coalesce(length(CAST(OLD.project_id AS BLOB)), 0) + coalesce(length(CAST(OLD.thread_id AS BLOB)), 0) + coalesce(length(CAST(OLD.message_id AS BLOB)), 0) + coalesce(length(CAST(OLD.document_id AS BLOB)), 0) + coalesce(length(CAST(OLD.attachment_id AS BLOB)), 0) + 40)
    WHERE scope_kind = 'store' AND scope_id = '' AND category = 'embeddings';
  UPDATE storage_usage SET rows = rows - 1, bytes = bytes - (coalesce(length(CAST(OLD.id AS BLOB)), 0) + coalesce(length(CAST(OLD.owner_kind AS BLOB)), 0) + coalesce(length(CAST(OLD.owner_id AS BLOB)), 0) + coalesce(length(CAST(OLD.collection AS BLOB)), 0) + coalesce(length(CAST(OLD.model AS BLOB)), 0) + coalesce(length(CAST(OLD.vector AS BLOB)), 0) + coalesce(length(CAST(OLD.content_hash AS BLOB)), 0) + coalesce(length(CAST(OLD.workspace_id AS BLOB)), 0) + coalesce(length(CAST(OLD.project_id AS BLOB)), 0) + coalesce(length(CAST(OLD.thread_id AS BLOB)), 0) + coalesce(length(CAST(OLD.message_id AS BLOB)), 0) + coalesce(length(CAST(OLD.document_id AS BLOB)), 0) + coalesce(length(CAST(OLD.attachment_id AS BLOB)), 0) + 40)
    WHERE scope_kind = 'thread' AND scope_id = OLD.thread_id AND category = 'embeddings';
  UPDATE storage_usage SET rows = rows - 1, bytes = bytes - (coalesce(length(CAST(OLD.id AS BLOB)), 0) + coalesce(length(CAST(OLD.owner_kind AS BLOB)), 0) + coalesce(length(CAST(OLD.owner_id AS BLOB)), 0) + coalesce(length(CAST(OLD.collection AS BLOB)), 0) + coalesce(length(CAST(OLD.model AS BLOB)), 0) + coalesce(length(CAST(OLD.vector AS BLOB)), 0) + coalesce(length(CAST(OLD.content_hash AS BLOB)), 0) + coalesce(length(CAST(OLD.workspace_id AS BLOB)), 0) + coalesce(length(CAST(OLD.project_id AS BLOB)), 0) + coalesce(length(CAST(OLD.thread_id AS BLOB)), 0) + coalesce(length(CAST(OLD.message_id AS BLOB)), 0) + coalesce(length(CAST(OLD.document_id AS BLOB)), 0) + coalesce(length(CAST(OLD.attachment_id AS BLOB)), 0) + 40)
    WHERE scope_kind = 'workspace' AND scope_id = CASE WHEN OLD.thread_id IS NULL THEN OLD.workspace_id ELSE (SELECT workspace_id FROM threads WHERE id = OLD.thread_id) END AND category = 'embeddings';
END;
CREATE TRIGGER vector_indexes_seam_insert AFTER INSERT ON vector_indexes BEGIN
  UPDATE storage_usage SET rows = rows + 1, bytes = bytes + (coalesce(length(CAST(NEW.collection AS BLOB)), 0) + coalesce(length(CAST(NEW.model AS BLOB)), 0) + coalesce(length(CAST(NEW.precision AS BLOB)), 0) + 32)
    WHERE scope_kind = 'store' AND scope_id = '' AND category = 'embeddings';
END;
CREATE TRIGGER vector_indexes_seam_update AFTER UPDATE ON vector_indexes WHEN (coalesce(length(CAST(OLD.collection AS BLOB)), 0) + coalesce(length(CAST(OLD.model AS BLOB)), 0) + coalesce(length(CAST(OLD.precision AS BLOB)), 0) + 32) IS NOT (coalesce(length(CAST(NEW.collection AS BLOB)), 0) + coalesce(length(CAST(NEW.model AS BLOB)), 0) + coalesce(length(CAST(NEW.precision AS BLOB)), 0) + 32) BEGIN
  UPDATE storage_usage SET rows = rows - 1, bytes = bytes - (coalesce(length(CAST(OLD.collection AS BLOB)), 0) + coalesce(length(CAST(OLD.model AS BLOB)), 0) + coalesce(length(CAST(OLD.precision AS BLOB)), 0) + 32)
    WHERE scope_kind = 'store' AND scope_id = '' AND category = 'embeddings';
  UPDATE storage_usage SET rows = rows + 1, bytes = bytes + (coalesce(length(CAST(NEW.collection AS BLOB)), 0) + coalesce(length(CAST(NEW.model AS BLOB)), 0) + coalesce(length(CAST(NEW.precision AS BLOB)), 0) + 32)
    WHERE scope_kind = 'store' AND scope_id = '' AND category = 'embeddings';
END;
CREATE TRIGGER vector_indexes_seam_delete AFTER DELETE ON vector_indexes BEGIN
  UPDATE storage_usage SET rows = rows - 1, bytes = bytes - (coalesce(length(CAST(OLD.collection AS BLOB)), 0) + coalesce(length(CAST(OLD.model AS BLOB)), 0) + coalesce(length(CAST(OLD.precision AS BLOB)), 0) + 32)
    WHERE scope_kind = 'store' AND scope_id = '' AND category = 'embeddings';
END;
CREATE TRIGGER vector_graphs_seam_insert AFTER INSERT ON vector_graphs BEGIN
  UPDATE storage_usage SET rows = rows + 1, bytes = bytes + (coalesce(length(CAST(NEW.collection AS BLOB)), 0) + coalesce(length(CAST(NEW.model AS BLOB)), 0) + coalesce(length(CAST(NEW.graph AS BLOB)), 0) + 8)
    WHERE scope_kind = 'store' AND scope_id = '' AND category = 'embeddings';
END;
CREATE TRIGGER vector_graphs_seam_update AFTER UPDATE ON vector_graphs WHEN (coalesce(length(CAST(OLD.collection AS BLOB)), 0) + coalesce(length(CAST(OLD.model AS BLOB)), 0) + coalesce(length(CAST(OLD.graph AS BLOB)), 0) + 8) IS NOT (coalesce(length(CAST(NEW.collection AS BLOB)), 0) + coalesce(length(CAST(NEW.model AS BLOB)), 0) + coalesce(length(CAST(NEW.graph AS BLOB)), 0) + 8) BEGIN
  UPDATE storage_usage SET rows = rows - 1, bytes = bytes - (coalesce(length(CAST(OLD.collection AS BLOB)), 0) + coalesce(length(CAST(OLD.model AS BLOB)), 0) + coalesce(length(CAST(OLD.graph AS BLOB)), 0) + 8)
    WHERE scope_kind = 'store' AND scope_id = '' AND category = 'embeddings';
  UPDATE storage_usage SET rows = rows + 1, bytes = bytes + (coalesce(length(CAST(NEW.collection AS BLOB)), 0) + coalesce(length(CAST(NEW.model AS BLOB)), 0) + coalesce(length(CAST(NEW.graph AS BLOB)), 0) + 8)
    WHERE scope_kind = 'store' AND scope_id = '' AND category = 'embeddings';
END;
CREATE TRIGGER vector_graphs_seam_delete AFTER DELETE ON vector_graphs BEGIN
  UPDATE storage_usage SET rows = rows - 1, bytes = bytes - (coalesce(length(CAST(OLD.collection AS BLOB)), 0) + coalesce(length(CAST(OLD.model AS BLOB)), 0) + coalesce(length(CAST(OLD.graph AS BLOB)), 0) + 8)
    WHERE scope_kind = 'store' AND scope_id = '' AND category = 'embeddings';
END;
CREATE TRIGGER threads_seam_settle BEFORE DELETE ON threads BEGIN
  UPDATE storage_usage SET
      rows = rows - coalesce((SELECT t.rows FROM storage_usage t WHERE t.scope_kind = 'thread'
          AND t.scope_id = OLD.id AND t.category = storage_usage.category), 0),
      bytes = bytes - coalesce((SELECT t.bytes FROM storage_usage t WHERE t.scope_kind = 'thread'
          AND t.scope_id = OLD.id AND t.category = storage_usage.category), 0)
    WHERE scope_kind = 'workspace' AND scope_id = OLD.workspace_id;
  DELETE FROM storage_usage WHERE scope_kind = 'thread' AND scope_id = OLD.id;
END;
CREATE TRIGGER threads_seam_sweep AFTER DELETE ON threads BEGIN
  DELETE FROM storage_usage WHERE scope_kind = 'thread' AND scope_id = OLD.id;
END;
CREATE TRIGGER workspaces_seam_settle BEFORE DELETE ON workspaces BEGIN
  DELETE FROM storage_usage WHERE scope_kind = 'workspace' AND scope_id = OLD.id;
END;
CREATE TRIGGER workspaces_seam_sweep AFTER DELETE ON workspaces BEGIN
  DELETE FROM storage_usage WHERE scope_kind = 'workspace' AND scope_id = OLD.id;
END;

-- Count what the store holds already.
DELETE FROM storage_usage;
INSERT INTO storage_usage (scope_kind, scope_id, category, rows, bytes)
SELECT s, i, c, sum(r), sum(b) FROM (
    SELECT 'store' AS s, '' AS i, 'messages' AS c, 0 AS r, 0 AS b
    UNION ALL SELECT 'store' AS s, '' AS i, 'embeddings' AS c, 0 AS r, 0 AS b
    UNION ALL SELECT 'store' AS s, '' AS i, 'attachments' AS c, 0 AS r, 0 AS b
    UNION ALL SELECT 'store' AS s, '' AS i, 'metadata' AS c, 0 AS r, 0 AS b
    UNION ALL SELECT 'store', '', 'metadata', count(*), coalesce(sum((coalesce(length(CAST(e.id AS BLOB)), 0) + coalesce(length(CAST(e.email AS BLOB)), 0) + coalesce(length(CAST(e.display_name AS BLOB)), 0) + coalesce(length(CAST(e.locale AS BLOB)), 0) + 24)), 0) FROM users e
    UNION ALL SELECT 'store', '', 'metadata', count(*), coalesce(sum((coalesce(length(CAST(e.id AS BLOB)), 0) + coalesce(length(CAST(e.name AS BLOB)), 0) + coalesce(length(CAST(e.slug AS BLOB)), 0) + 16)), 0) FROM organizations e
    UNION ALL SELECT 'store', '', 'metadata', count(*), coalesce(sum((coalesce(length(CAST(e.id AS BLOB)), 0) + coalesce(length(CAST(e.organization_id AS BLOB)), 0) + coalesce(length(CAST(e.user_id AS BLOB)), 0) + coalesce(length(CAST(e.role AS BLOB)), 0) + 16)), 0) FROM organization_members e
    UNION ALL SELECT 'store', '', 'metadata', count(*), coalesce(sum((coalesce(length(CAST(e.id AS BLOB)), 0) + coalesce(length(CAST(e.user_id AS BLOB)), 0) + coalesce(length(CAST(e.name AS BLOB)), 0) + coalesce(length(CAST(e.platform AS BLOB)), 0) + 24)), 0) FROM devices e
    UNION ALL SELECT 'store', '', 'metadata', count(*), coalesce(sum((coalesce(length(CAST(e.id AS BLOB)), 0) + coalesce(length(CAST(e.user_id AS BLOB)), 0) + coalesce(length(CAST(e.key AS BLOB)), 0) + coalesce(length(CAST(e.value AS BLOB)), 0) + 16)), 0) FROM user_settings e
    UNION ALL SELECT 'store', '', 'metadata', count(*), coalesce(sum((coalesce(length(CAST(e.id AS BLOB)), 0) + coalesce(length(CAST(e.name AS BLOB)), 0) + coalesce(length(CAST(e.owner_user_id AS BLOB)), 0) + coalesce(length(CAST(e.owner_organization_id AS BLOB)), 0) + 24)), 0) FROM workspaces e
    UNION ALL SELECT 'workspace', e.id, 'metadata', count(*), sum((coalesce(length(CAST(e.id AS BLOB)), 0) + coalesce(length(CAST(e.name AS BLOB)), 0) + coalesce(length(CAST(e.owner_user_id AS BLOB)), 0) + coalesce(length(CAST(e.owner_organization_id AS BLOB)), 0) + 24)) FROM workspaces e WHERE e.id IS NOT NULL GROUP BY 2
    UNION ALL SELECT 'store', '', 'metadata', count(*), coalesce(sum((coalesce(length(CAST(e.id AS BLOB)), 0) + coalesce(length(CAST(e.workspace_id AS BLOB)), 0) + coalesce(length(CAST(e.user_id AS BLOB)), 0) + coalesce(length(CAST(e.role AS BLOB)), 0) + 16)), 0) FROM workspace_members e
    UNION ALL SELECT 'workspace', e.workspace_id, 'metadata', count(*), sum((coalesce(length(CAST(e.id AS BLOB)), 0) + coalesce(length(CAST(e.workspace_id AS BLOB)), 0) + coalesce(length(CAST(e.user_id AS BLOB)), 0) + coalesce(length(CAST(e.role AS BLOB)), 0) + 16)) FROM workspace_members e WHERE e.workspace_id IS NOT NULL GROUP BY 2
    UNION ALL SELECT 'store', '', 'messages', count(*), coalesce(sum((coalesce(length(CAST(e.id AS BLOB)), 0) + coalesce(length(CAST(e.workspace_id AS BLOB)), 0) + coalesce(length(CAST(e.name AS BLOB)), 0) + coalesce(length(CAST(e.description AS BLOB)), 0) + 24)), 0) FROM projects e
    UNION ALL SELECT 'workspace', e.workspace_id, 'messages', count(*), sum((coalesce(length(CAST(e.id AS BLOB)), 0) + coalesce(length(CAST(e.workspace_id AS BLOB)), 0) + coalesce(length(CAST(e.name AS BLOB)), 0) + coalesce(length(CAST(e.description AS BLOB)), 0) + 24)) FROM projects e WHERE e.workspace_id IS NOT NULL GROUP BY 2
    UNION ALL SELECT 'store', '', 'messages', count(*), coalesce(sum((coalesce(length(CAST(e.id AS BLOB)), 0) + coalesce(length(CAST(e.workspace_id AS BLOB)), 0) + coalesce(length(CAST(e.project_id AS BLOB)), 0) + coalesce(length(CAST(e.title AS BLOB)), 0) + coalesce(length(CAST(e.body AS BLOB)), 0) + coalesce(length(CAST(e.mime AS BLOB)), 0) + 40)), 0) FROM documents e
    UNION ALL SELECT 'workspace', e.workspace_id, 'messages', count(*), sum((coalesce(length(CAST(e.id AS BLOB)), 0) + coalesce(length(CAST(e.workspace_id AS BLOB)), 0) + coalesce(length(CAST(e.project_id AS BLOB)), 0) + coalesce(length(CAST(e.title AS BLOB)), 0) + coalesce(length(CAST(e.body AS BLOB)), 0) + coalesce(length(CAST(e.mime AS BLOB)), 0) + 40)) FROM documents e WHERE e.workspace_id IS NOT NULL GROUP BY 2
    UNION ALL SELECT 'store', '', 'messages', count(*), coalesce(sum((coalesce(length(CAST(e.id AS BLOB)), 0) + coalesce(length(CAST(e.workspace_id AS BLOB)), 0) + coalesce(length(CAST(e.project_id AS BLOB)), 0) + coalesce(length(CAST(e.title AS BLOB)), 0) + 48)), 0) FROM threads e
    UNION ALL SELECT 'thread', e.id, 'messages', count(*), sum((coalesce(length(CAST(e.id AS BLOB)), 0) + coalesce(length(CAST(e.workspace_id AS BLOB)), 0) + coalesce(length(CAST(e.project_id AS BLOB)), 0) + coalesce(length(CAST(e.title AS BLOB)), 0) + 48)) FROM threads e WHERE e.id IS NOT NULL GROUP BY 2
    UNION ALL SELECT 'workspace', (SELECT workspace_id FROM threads WHERE id = e.id), 'messages', count(*), sum((coalesce(length(CAST(e.id AS BLOB)), 0) + coalesce(length(CAST(e.workspace_id AS BLOB)), 0) + coalesce(length(CAST(e.project_id AS BLOB)), 0) + coalesce(length(CAST(e.title AS BLOB)), 0) + 48)) FROM threads e WHERE (SELECT workspace_id FROM threads WHERE id = e.id) IS NOT NULL GROUP BY 2
    UNION ALL SELECT 'store', '', 'messages', count(*), coalesce(sum((coalesce(length(CAST(e.id AS BLOB)), 0) + coalesce(length(CAST(e.thread_id AS BLOB)), 0) + coalesce(length(CAST(e.role AS BLOB)), 0) + coalesce(length(CAST(e.content AS BLOB)), 0) + coalesce(length(CAST(e.parent_id AS BLOB)), 0) + coalesce(length(CAST(e.provider AS BLOB)), 0) + coalesce(length(CAST(e.model AS BLOB)), 0) + 48)), 0) FROM messages e
    UNION ALL SELECT 'thread', e.thread_id, 'messages', count(*), sum((coalesce(length(CAST(e.id AS BLOB)), 0) + coalesce(length(CAST(e.thread_id AS BLOB)), 0) + coalesce(length(CAST(e.role AS BLOB)), 0) + coalesce(length(CAST(e.content AS BLOB)), 0) + coalesce(length(CAST(e.parent_id AS BLOB)), 0) + coalesce(length(CAST(e.provider AS BLOB)), 0) + coalesce(length(CAST(e.model AS BLOB)), 0) + 48)) FROM messages e WHERE e.thread_id IS NOT NULL GROUP BY 2
    UNION ALL SELECT 'workspace', (SELECT workspace_id FROM threads WHERE id = e.thread_id), 'messages', count(*), sum((coalesce(length(CAST(e.id AS BLOB)), 0) + coalesce(length(CAST(e.thread_id AS BLOB)), 0) + coalesce(length(CAST(e.role AS BLOB)), 0) + coalesce(length(CAST(e.content AS BLOB)), 0) + coalesce(length(CAST(e.parent_id AS BLOB)), 0) + coalesce(length(CAST(e.provider AS BLOB)), 0) + coalesce(length(CAST(e.model AS BLOB)), 0) + 48)) FROM messages e WHERE (SELECT workspace_id FROM threads WHERE id = e.thread_id) IS NOT NULL GROUP BY 2
    UNION ALL SELECT 'store', '', 'attachments', count(*), coalesce(sum((coalesce(length(CAST(e.id AS BLOB)), 0) + coalesce(length(CAST(e.message_id AS BLOB)), 0) + coalesce(length(CAST(e.thread_id AS BLOB)), 0) + coalesce(length(CAST(e.filename AS BLOB)), 0) + coalesce(length(CAST(e.mime AS BLOB)), 0) + coalesce(length(CAST(e.sha256 AS BLOB)), 0) + 24)), 0) FROM attachments e
    UNION ALL SELECT 'thread', e.thread_id, 'attachments', count(*), sum((coalesce(length(CAST(e.id AS BLOB)), 0) + coalesce(length(CAST(e.message_id AS BLOB)), 0) + coalesce(length(CAST(e.thread_id AS BLOB)), 0) + coalesce(length(CAST(e.filename AS BLOB)), 0) + coalesce(length(CAST(e.mime AS BLOB)), 0) + coalesce(length(CAST(e.sha256 AS BLOB)), 0) + 24)) FROM attachments e WHERE e.thread_id IS NOT NULL GROUP BY 2
    UNION ALL SELECT 'workspace', (SELECT workspace_id FROM threads WHERE id = e.thread_id), 'attachments', count(*), sum((coalesce(length(CAST(e.id AS BLOB)), 0) + coalesce(length(CAST(e.message_id AS BLOB)), 0) + coalesce(length(CAST(e.thread_id AS BLOB)), 0) + coalesce(length(CAST(e.filename AS BLOB)), 0) + coalesce(length(CAST(e.mime AS BLOB)), 0) + coalesce(length(CAST(e.sha256 AS BLOB)), 0) + 24)) FROM attachments e WHERE (SELECT workspace_id FROM threads WHERE id = e.thread_id) IS NOT NULL GROUP BY 2
    UNION ALL SELECT 'store', '', 'metadata', count(*), coalesce(sum((coalesce(length(CAST(e.id AS BLOB)), 0) + coalesce(length(CAST(e.user_id AS BLOB)), 0) + coalesce(length(CAST(e.kind AS BLOB)), 0) + coalesce(length(CAST(e.display_name AS BLOB)), 0) + coalesce(length(CAST(e.base_url AS BLOB)), 0) + coalesce(length(CAST(e.default_model AS BLOB)), 0) + 24)), 0) FROM ai_provider_configs e
    UNION ALL SELECT 'store', '', 'metadata', count(*), coalesce(sum((coalesce(length(CAST(e.id AS BLOB)), 0) + coalesce(length(CAST(e.config_id AS BLOB)), 0) + coalesce(length(CAST(e.provider AS BLOB)), 0) + coalesce(length(CAST(e.workspace_id AS BLOB)), 0) + coalesce(length(CAST(e.thread_id AS BLOB)), 0) + coalesce(length(CAST(e.message_id AS BLOB)), 0) + coalesce(length(CAST(e.model AS BLOB)), 0) + coalesce(length(CAST(e.currency AS BLOB)), 0) + coalesce(length(CAST(e.status AS BLOB)), 0) + coalesce(length(CAST(e.error AS BLOB)), 0) + 48)), 0) FROM ai_interactions e
    UNION ALL SELECT 'thread', e.thread_id, 'metadata', count(*), sum((coalesce(length(CAST(e.id AS BLOB)), 0) + coalesce(length(CAST(e.config_id AS BLOB)), 0) + coalesce(length(CAST(e.provider AS BLOB)), 0) + coalesce(length(CAST(e.workspace_id AS BLOB)), 0) + coalesce(length(CAST(e.thread_id AS BLOB)), 0) + coalesce(length(CAST(e.message_id AS BLOB)), 0) + coalesce(length(CAST(e.model AS BLOB)), 0) + coalesce(length(CAST(e.currency AS BLOB)), 0) + coalesce(length(CAST(e.status AS BLOB)), 0) + coalesce(length(CAST(e.error AS BLOB)), 0) + 48)) FROM ai_interactions e WHERE e.thread_id IS NOT NULL GROUP BY 2
    UNION ALL SELECT 'workspace', CASE WHEN e.thread_id IS NULL THEN e.workspace_id ELSE (SELECT workspace_id FROM threads WHERE id = e.thread_id) END, 'metadata', count(*), sum((coalesce(length(CAST(e.id AS BLOB)), 0) + coalesce(length(CAST(e.config_id AS BLOB)), 0) + coalesce(length(CAST(e.provider AS BLOB)), 0) + coalesce(length(CAST(e.workspace_id AS BLOB)), 0) + coalesce(length(CAST(e.thread_id AS BLOB)), 0) + coalesce(length(CAST(e.message_id AS BLOB)), 0) + coalesce(length(CAST(e.model AS BLOB)), 0) + coalesce(length(CAST(e.currency AS BLOB)), 0) + coalesce(length(CAST(e.status AS BLOB)), 0) + coalesce(length(CAST(e.error AS BLOB)), 0) + 48)) FROM ai_interactions e WHERE CASE WHEN e.thread_id IS NULL THEN e.workspace_id ELSE (SELECT workspace_id FROM threads WHERE id = e.thread_id) END IS NOT NULL GROUP BY 2
    UNION ALL SELECT 'store', '', 'metadata', count(*), coalesce(sum((coalesce(length(CAST(e.id AS BLOB)), 0) + coalesce(length(CAST(e.workspace_id AS BLOB)), 0) + coalesce(length(CAST(e.name AS BLOB)), 0) + coalesce(length(CAST(e.description AS BLOB)), 0) + coalesce(length(CAST(e.steps AS BLOB)), 0) + 16)), 0) FROM orchestration_flows e
    UNION ALL SELECT 'workspace', e.workspace_id, 'metadata', count(*), sum((coalesce(length(CAST(e.id AS BLOB)), 0) + coalesce(length(CAST(e.workspace_id AS BLOB)), 0) + coalesce(length(CAST(e.name AS BLOB)), 0) + coalesce(length(CAST(e.description AS BLOB)), 0) + coalesce(length(CAST(e.steps AS BLOB)), 0) + 16)) FROM orchestration_flows e WHERE e.workspace_id IS NOT NULL GROUP BY 2
    UNION ALL SELECT 'store', '', 'metadata', count(*), coalesce(sum((coalesce(length(CAST(e.id AS BLOB)), 0) + coalesce(length(CAST(e.flow_id AS BLOB)), 0) + coalesce(length(CAST(e.run_id AS BLOB)), 0) + coalesce(length(CAST(e.interaction_id AS BLOB)), 0) + coalesce(length(CAST(e.output AS BLOB)), 0) + coalesce(length(CAST(e.status AS BLOB)), 0) + coalesce(length(CAST(e.error AS BLOB)), 0) + 40)), 0) FROM orchestration_step_results e
    UNION ALL SELECT 'store', '', 'metadata', count(*), coalesce(sum((coalesce(length(CAST(e.id AS BLOB)), 0) + coalesce(length(CAST(e.subject_user_id AS BLOB)), 0) + coalesce(length(CAST(e.subject_role AS BLOB)), 0) + coalesce(length(CAST(e.resource_kind AS BLOB)), 0) + coalesce(length(CAST(e.resource_id AS BLOB)), 0) + coalesce(length(CAST(e.workspace_id AS BLOB)), 0) + coalesce(length(CAST(e.actions AS BLOB)), 0) + 16)), 0) FROM permission_sets e
    UNION ALL SELECT 'workspace', e.workspace_id, 'metadata', count(*), sum((coalesce(length(CAST(e.id AS BLOB)), 0) + coalesce(length(CAST(e.subject_user_id AS BLOB)), 0) + coalesce(length(CAST(e.subject_role AS BLOB)), 0) + coalesce(length(CAST(e.resource_kind AS BLOB)), 0) + coalesce(length(CAST(e.resource_id AS BLOB)), 0) + coalesce(length(CAST(e.workspace_id AS BLOB)), 0) + coalesce(length(CAST(e.actions AS BLOB)), 0) + 16)) FROM permission_sets e WHERE e.workspace_id IS NOT NULL GROUP BY 2
    UNION ALL SELECT 'store', '', 'metadata', count(*), coalesce(sum((coalesce(length(CAST(e.id AS BLOB)), 0) + coalesce(length(CAST(e.user_id AS BLOB)), 0) + coalesce(length(CAST(e.scope AS BLOB)), 0) + coalesce(length(CAST(e.policy_version AS BLOB)), 0) + 24)), 0) FROM data_sharing_policies e
    UNION ALL SELECT 'store', '', 'metadata', count(*), coalesce(sum((coalesce(length(CAST(e.id AS BLOB)), 0) + coalesce(length(CAST(e.user_id AS BLOB)), 0) + coalesce(length(CAST(e.device_id AS BLOB)), 0) + coalesce(length(CAST(e.name AS BLOB)), 0) + coalesce(length(CAST(e.properties AS BLOB)), 0) + 16)), 0) FROM telemetry_events e
    UNION ALL SELECT 'store', '', 'metadata', count(*), coalesce(sum((coalesce(length(CAST(e.user_id AS BLOB)), 0) + 16)), 0) FROM telemetry_drops e
    UNION ALL SELECT 'store', '', 'metadata', count(*), coalesce(sum((coalesce(length(CAST(e.id AS BLOB)), 0) + coalesce(length(CAST(e.config_id AS BLOB)), 0) + coalesce(length(CAST(e.kind AS BLOB)), 0) + coalesce(length(CAST(e.sealed AS BLOB)), 0) + 16)), 0) FROM provider_secrets e
    UNION ALL SELECT 'store', '', 'metadata', count(*), coalesce(sum((coalesce(length(CAST(e.id AS BLOB)), 0) + coalesce(length(CAST(e.actor_user_id AS BLOB)), 0) + coalesce(length(CAST(e.action AS BLOB)), 0) + coalesce(length(CAST(e.entity AS BLOB)), 0) + coalesce(length(CAST(e.entity_id AS BLOB)), 0) + coalesce(length(CAST(e.details AS BLOB)), 0) + coalesce(length(CAST(e.prev_hash AS BLOB)), 0) + coalesce(length(CAST(e.hash AS BLOB)), 0) + 16)), 0) FROM audit_log e
    UNION ALL SELECT 'store', '', 'metadata', count(*), coalesce(sum((coalesce(length(CAST(e.hash AS BLOB)), 0) + 16)), 0) FROM audit_head e
    UNION ALL SELECT 'store', '', 'metadata', count(*), coalesce(sum((coalesce(length(CAST(e.id AS BLOB)), 0) + coalesce(length(CAST(e.owner_user_id AS BLOB)), 0) + coalesce(length(CAST(e.owner_organization_id AS BLOB)), 0) + coalesce(length(CAST(e.tier AS BLOB)), 0) + coalesce(length(CAST(e.status AS BLOB)), 0) + 40)), 0) FROM subscription_plans e
    UNION ALL SELECT 'store', '', 'metadata', count(*), coalesce(sum((coalesce(length(CAST(e.id AS BLOB)), 0) + coalesce(length(CAST(e.subscription_id AS BLOB)), 0) + coalesce(length(CAST(e.number AS BLOB)), 0) + coalesce(length(CAST(e.currency AS BLOB)), 0) + coalesce(length(CAST(e.status AS BLOB)), 0) + 40)), 0) FROM invoices e
    UNION ALL SELECT 'store', '', 'embeddings', count(*), coalesce(sum((coalesce(length(CAST(e.id AS BLOB)), 0) + coalesce(length(CAST(e.owner_kind AS BLOB)), 0) + coalesce(length(CAST(e.owner_id AS BLOB)), 0) + coalesce(length(CAST(e.collection AS BLOB)), 0) + coalesce(length(CAST(e.model AS BLOB)), 0) + coalesce(length(CAST(e.vector AS BLOB)), 0) + coalesce(length(CAST(e.content_hash AS BLOB)), 0) + coalesce(length(CAST(e.workspace_id AS BLOB)), 0) + coalesce(length(CAST(e.project_id AS BLOB)), 0) + coalesce(length(CAST(e.thread_id AS BLOB)), 0) + coalesce(length(CAST(e.message_id AS BLOB)), 0) + coalesce(length(CAST(e.document_id AS BLOB)), 0) + coalesce(length(CAST(e.attachment_id AS BLOB)), 0) + 40)), 0) FROM embeddings e
    UNION ALL SELECT 'thread', e.thread_id, 'embeddings', count(*), sum((coalesce(length(CAST(e.id AS BLOB)), 0) + coalesce(length(CAST(e.owner_kind AS BLOB)), 0) + coalesce(length(CAST(e.owner_id AS BLOB)), 0) + coalesce(length(CAST(e.collection AS BLOB)), 0) + coalesce(length(CAST(e.model AS BLOB)), 0) + coalesce(length(CAST(e.vector AS BLOB)), 0) + coalesce(length(CAST(e.content_hash AS BLOB)), 0) + coalesce(length(CAST(e.workspace_id AS BLOB)), 0) + coalesce(length(CAST(e.project_id AS BLOB)), 0) + coalesce(length(CAST(e.thread_id AS BLOB)), 0) + coalesce(length(CAST(e.message_id AS BLOB)), 0) + coalesce(length(CAST(e.document_id AS BLOB)), 0) + coalesce(length(CAST(e.attachment_id AS BLOB)), 0) + 40)) FROM embeddings e WHERE e.thread_id IS NOT NULL GROUP BY 2
    UNION ALL SELECT 'workspace', CASE WHEN e.thread_id IS NULL THEN e.workspace_id ELSE (SELECT workspace_id FROM threads WHERE id = e.thread_id) END, 'embeddings', count(*), sum((coalesce(length(CAST(e.id AS BLOB)), 0) + coalesce(length(CAST(e.owner_kind AS BLOB)), 0) + coalesce(length(CAST(e.owner_id AS BLOB)), 0) + coalesce(length(CAST(e.collection AS BLOB)), 0) + coalesce(length(CAST(e.model AS BLOB)), 0) + coalesce(length(CAST(e.vector AS BLOB)), 0) + coalesce(length(CAST(e.content_hash AS BLOB)), 0) + coalesce(length(CAST(e.workspace_id AS BLOB)), 0) + coalesce(length(CAST(e.project_id AS BLOB)), 0) + coalesce(length(CAST(e.thread_id AS BLOB)), 0) + coalesce(length(CAST(e.message_id AS BLOB)), 0) + coalesce(length(CAST(e.document_id AS BLOB)), 0) + coalesce(length(CAST(e.attachment_id AS BLOB)), 0) + 40)) FROM embeddings e WHERE CASE WHEN e.thread_id IS NULL THEN e.workspace_id ELSE (SELECT workspace_id FROM threads WHERE id = e.thread_id) END IS NOT NULL GROUP BY 2
    UNION ALL SELECT 'store', '', 'embeddings', count(*), coalesce(sum((coalesce(length(CAST(e.collection AS BLOB)), 0) + coalesce(length(CAST(e.model AS BLOB)), 0) + coalesce(length(CAST(e.precision AS BLOB)), 0) + 32)), 0) FROM vector_indexes e
    UNION ALL SELECT 'store', '', 'embeddings', count(*), coalesce(sum((coalesce(length(CAST(e.collection AS BLOB)), 0) + coalesce(length(CAST(e.model AS BLOB)), 0) + coalesce(length(CAST(e.graph AS BLOB)), 0) + 8)), 0) FROM vector_graphs e
) GROUP BY 1, 2, 3;
