-- Schema version 13: what erasure needs (docs/decisions.md, "Erasure").
--
-- Who wrote a thread, message or document: the acting user, none from the device handle.
-- No foreign key: erasing a user decides what happens to what they wrote (a cascade would
-- take others' replies with a thread), and rows written before this version have none.
ALTER TABLE threads ADD COLUMN author_user_id TEXT;
ALTER TABLE messages ADD COLUMN author_user_id TEXT;
ALTER TABLE documents ADD COLUMN author_user_id TEXT;
CREATE INDEX threads_by_author ON threads (author_user_id) WHERE author_user_id IS NOT NULL;
CREATE INDEX messages_by_author ON messages (author_user_id) WHERE author_user_id IS NOT NULL;
CREATE INDEX documents_by_author ON documents (author_user_id) WHERE author_user_id IS NOT NULL;

-- Audit chain version 2: an entry hashes details_sha256, a digest of its details, so the
-- details themselves may be erased (replaced by {"erased":true}) and the chain still
-- verifies. v1_hash keeps the head of the version-1 chain this migration re-chained.
ALTER TABLE audit_log ADD COLUMN details_sha256 TEXT CHECK (length(details_sha256) = 64);
ALTER TABLE audit_head ADD COLUMN v1_hash TEXT CHECK (length(v1_hash) = 64);
DROP TRIGGER audit_log_no_update;
-- step: audit_chain_v2
-- (Rust, db.rs: verifies the version-1 chain and re-chains every entry as version 2; a
-- broken chain is left as it is, for verify() to keep reporting.)
CREATE TRIGGER audit_log_no_update BEFORE UPDATE ON audit_log
WHEN NOT (OLD.details_sha256 IS NOT NULL AND NEW.details = '{"erased":true}'
    AND NEW.seq IS OLD.seq AND NEW.id IS OLD.id AND NEW.actor_user_id IS OLD.actor_user_id
    AND NEW.action IS OLD.action AND NEW.entity IS OLD.entity AND NEW.entity_id IS OLD.entity_id
    AND NEW.created_at IS OLD.created_at AND NEW.prev_hash IS OLD.prev_hash AND NEW.hash IS OLD.hash
    AND NEW.details_sha256 IS OLD.details_sha256)
BEGIN
    SELECT RAISE(ABORT, 'the audit log is append-only');
END;

-- The seam's triggers of the tables that gained a column count it (schema/seam.rs), and
-- the counters are counted again.
DROP TRIGGER documents_seam_insert;
DROP TRIGGER documents_seam_update;
DROP TRIGGER documents_seam_delete;
DROP TRIGGER threads_seam_insert;
DROP TRIGGER threads_seam_update;
DROP TRIGGER threads_seam_delete;
DROP TRIGGER messages_seam_update;
DROP TRIGGER messages_seam_delete;
DROP TRIGGER audit_log_seam_insert;
DROP TRIGGER audit_log_seam_update;
DROP TRIGGER audit_log_seam_delete;
DROP TRIGGER audit_head_seam_insert;
DROP TRIGGER audit_head_seam_update;
DROP TRIGGER audit_head_seam_delete;
DROP TRIGGER threads_seam_settle;
DROP TRIGGER threads_seam_sweep;

CREATE TRIGGER documents_seam_insert AFTER INSERT ON documents BEGIN
  UPDATE storage_usage SET rows = rows + 1, bytes = bytes + (coalesce(length(CAST(NEW.id AS BLOB)), 0) + coalesce(length(CAST(NEW.workspace_id AS BLOB)), 0) + coalesce(length(CAST(NEW.project_id AS BLOB)), 0) + coalesce(length(CAST(NEW.title AS BLOB)), 0) + coalesce(length(CAST(NEW.body AS BLOB)), 0) + coalesce(length(CAST(NEW.mime AS BLOB)), 0) + coalesce(length(CAST(NEW.author_user_id AS BLOB)), 0) + 40)
    WHERE scope_kind = 'store' AND scope_id = '' AND category = 'messages';
  INSERT INTO storage_usage (scope_kind, scope_id, category, rows, bytes)
    SELECT 'workspace', NEW.workspace_id, 'messages', 1, (coalesce(length(CAST(NEW.id AS BLOB)), 0) + coalesce(length(CAST(NEW.workspace_id AS BLOB)), 0) + coalesce(length(CAST(NEW.project_id AS BLOB)), 0) + coalesce(length(CAST(NEW.title AS BLOB)), 0) + coalesce(length(CAST(NEW.body AS BLOB)), 0) + coalesce(length(CAST(NEW.mime AS BLOB)), 0) + coalesce(length(CAST(NEW.author_user_id AS BLOB)), 0) + 40) WHERE NEW.workspace_id IS NOT NULL
    ON CONFLICT DO UPDATE SET rows = rows + 1, bytes = bytes + excluded.bytes;
END;
CREATE TRIGGER documents_seam_update AFTER UPDATE ON documents WHEN (coalesce(length(CAST(OLD.id AS BLOB)), 0) + coalesce(length(CAST(OLD.workspace_id AS BLOB)), 0) + coalesce(length(CAST(OLD.project_id AS BLOB)), 0) + coalesce(length(CAST(OLD.title AS BLOB)), 0) + coalesce(length(CAST(OLD.body AS BLOB)), 0) + coalesce(length(CAST(OLD.mime AS BLOB)), 0) + coalesce(length(CAST(OLD.author_user_id AS BLOB)), 0) + 40) IS NOT (coalesce(length(CAST(NEW.id AS BLOB)), 0) + coalesce(length(CAST(NEW.workspace_id AS BLOB)), 0) + coalesce(length(CAST(NEW.project_id AS BLOB)), 0) + coalesce(length(CAST(NEW.title AS BLOB)), 0) + coalesce(length(CAST(NEW.body AS BLOB)), 0) + coalesce(length(CAST(NEW.mime AS BLOB)), 0) + coalesce(length(CAST(NEW.author_user_id AS BLOB)), 0) + 40)
    OR OLD.workspace_id IS NOT NEW.workspace_id BEGIN
  UPDATE storage_usage SET rows = rows - 1, bytes = bytes - (coalesce(length(CAST(OLD.id AS BLOB)), 0) + coalesce(length(CAST(OLD.workspace_id AS BLOB)), 0) + coalesce(length(CAST(OLD.project_id AS BLOB)), 0) + coalesce(length(CAST(OLD.title AS BLOB)), 0) + coalesce(length(CAST(OLD.body AS BLOB)), 0) + coalesce(length(CAST(OLD.mime AS BLOB)), 0) + coalesce(length(CAST(OLD.author_user_id AS BLOB)), 0) + 40)
    WHERE scope_kind = 'store' AND scope_id = '' AND category = 'messages';
  UPDATE storage_usage SET rows = rows - 1, bytes = bytes - (coalesce(length(CAST(OLD.id AS BLOB)), 0) + coalesce(length(CAST(OLD.workspace_id AS BLOB)), 0) + coalesce(length(CAST(OLD.project_id AS BLOB)), 0) + coalesce(length(CAST(OLD.title AS BLOB)), 0) + coalesce(length(CAST(OLD.body AS BLOB)), 0) + coalesce(length(CAST(OLD.mime AS BLOB)), 0) + coalesce(length(CAST(OLD.author_user_id AS BLOB)), 0) + 40)
    WHERE scope_kind = 'workspace' AND scope_id = OLD.workspace_id AND category = 'messages';
  UPDATE storage_usage SET rows = rows + 1, bytes = bytes + (coalesce(length(CAST(NEW.id AS BLOB)), 0) + coalesce(length(CAST(NEW.workspace_id AS BLOB)), 0) + coalesce(length(CAST(NEW.project_id AS BLOB)), 0) + coalesce(length(CAST(NEW.title AS BLOB)), 0) + coalesce(length(CAST(NEW.body AS BLOB)), 0) + coalesce(length(CAST(NEW.mime AS BLOB)), 0) + coalesce(length(CAST(NEW.author_user_id AS BLOB)), 0) + 40)
    WHERE scope_kind = 'store' AND scope_id = '' AND category = 'messages';
  INSERT INTO storage_usage (scope_kind, scope_id, category, rows, bytes)
    SELECT 'workspace', NEW.workspace_id, 'messages', 1, (coalesce(length(CAST(NEW.id AS BLOB)), 0) + coalesce(length(CAST(NEW.workspace_id AS BLOB)), 0) + coalesce(length(CAST(NEW.project_id AS BLOB)), 0) + coalesce(length(CAST(NEW.title AS BLOB)), 0) + coalesce(length(CAST(NEW.body AS BLOB)), 0) + coalesce(length(CAST(NEW.mime AS BLOB)), 0) + coalesce(length(CAST(NEW.author_user_id AS BLOB)), 0) + 40) WHERE NEW.workspace_id IS NOT NULL
    ON CONFLICT DO UPDATE SET rows = rows + 1, bytes = bytes + excluded.bytes;
END;
CREATE TRIGGER documents_seam_delete AFTER DELETE ON documents BEGIN
  UPDATE storage_usage SET rows = rows - 1, bytes = bytes - (coalesce(length(CAST(OLD.id AS BLOB)), 0) + coalesce(length(CAST(OLD.workspace_id AS BLOB)), 0) + coalesce(length(CAST(OLD.project_id AS BLOB)), 0) + coalesce(length(CAST(OLD.title AS BLOB)), 0) + coalesce(length(CAST(OLD.body AS BLOB)), 0) + coalesce(length(CAST(OLD.mime AS BLOB)), 0) + coalesce(length(CAST(OLD.author_user_id AS BLOB)), 0) + 40)
    WHERE scope_kind = 'store' AND scope_id = '' AND category = 'messages';
  UPDATE storage_usage SET rows = rows - 1, bytes = bytes - (coalesce(length(CAST(OLD.id AS BLOB)), 0) + coalesce(length(CAST(OLD.workspace_id AS BLOB)), 0) + coalesce(length(CAST(OLD.project_id AS BLOB)), 0) + coalesce(length(CAST(OLD.title AS BLOB)), 0) + coalesce(length(CAST(OLD.body AS BLOB)), 0) + coalesce(length(CAST(OLD.mime AS BLOB)), 0) + coalesce(length(CAST(OLD.author_user_id AS BLOB)), 0) + 40)
    WHERE scope_kind = 'workspace' AND scope_id = OLD.workspace_id AND category = 'messages';
END;
CREATE TRIGGER threads_seam_insert AFTER INSERT ON threads BEGIN
  UPDATE storage_usage SET rows = rows + 1, bytes = bytes + (coalesce(length(CAST(NEW.id AS BLOB)), 0) + coalesce(length(CAST(NEW.workspace_id AS BLOB)), 0) + coalesce(length(CAST(NEW.project_id AS BLOB)), 0) + coalesce(length(CAST(NEW.title AS BLOB)), 0) + coalesce(length(CAST(NEW.author_user_id AS BLOB)), 0) + 48)
    WHERE scope_kind = 'store' AND scope_id = '' AND category = 'messages';
  INSERT INTO storage_usage (scope_kind, scope_id, category, rows, bytes)
    SELECT 'thread', NEW.id, 'messages', 1, (coalesce(length(CAST(NEW.id AS BLOB)), 0) + coalesce(length(CAST(NEW.workspace_id AS BLOB)), 0) + coalesce(length(CAST(NEW.project_id AS BLOB)), 0) + coalesce(length(CAST(NEW.title AS BLOB)), 0) + coalesce(length(CAST(NEW.author_user_id AS BLOB)), 0) + 48) WHERE NEW.id IS NOT NULL
    ON CONFLICT DO UPDATE SET rows = rows + 1, bytes = bytes + excluded.bytes;
  INSERT INTO storage_usage (scope_kind, scope_id, category, rows, bytes)
    SELECT 'workspace', NEW.workspace_id, 'messages', 1, (coalesce(length(CAST(NEW.id AS BLOB)), 0) + coalesce(length(CAST(NEW.workspace_id AS BLOB)), 0) + coalesce(length(CAST(NEW.project_id AS BLOB)), 0) + coalesce(length(CAST(NEW.title AS BLOB)), 0) + coalesce(length(CAST(NEW.author_user_id AS BLOB)), 0) + 48) WHERE NEW.workspace_id IS NOT NULL
    ON CONFLICT DO UPDATE SET rows = rows + 1, bytes = bytes + excluded.bytes;
END;
CREATE TRIGGER threads_seam_update AFTER UPDATE ON threads WHEN (coalesce(length(CAST(OLD.id AS BLOB)), 0) + coalesce(length(CAST(OLD.workspace_id AS BLOB)), 0) + coalesce(length(CAST(OLD.project_id AS BLOB)), 0) + coalesce(length(CAST(OLD.title AS BLOB)), 0) + coalesce(length(CAST(OLD.author_user_id AS BLOB)), 0) + 48) IS NOT (coalesce(length(CAST(NEW.id AS BLOB)), 0) + coalesce(length(CAST(NEW.workspace_id AS BLOB)), 0) + coalesce(length(CAST(NEW.project_id AS BLOB)), 0) + coalesce(length(CAST(NEW.title AS BLOB)), 0) + coalesce(length(CAST(NEW.author_user_id AS BLOB)), 0) + 48)
    OR OLD.id IS NOT NEW.id
    OR OLD.workspace_id IS NOT NEW.workspace_id BEGIN
  UPDATE storage_usage SET rows = rows - 1, bytes = bytes - (coalesce(length(CAST(OLD.id AS BLOB)), 0) + coalesce(length(CAST(OLD.workspace_id AS BLOB)), 0) + coalesce(length(CAST(OLD.project_id AS BLOB)), 0) + coalesce(length(CAST(OLD.title AS BLOB)), 0) + coalesce(length(CAST(OLD.author_user_id AS BLOB)), 0) + 48)
    WHERE scope_kind = 'store' AND scope_id = '' AND category = 'messages';
  UPDATE storage_usage SET rows = rows - 1, bytes = bytes - (coalesce(length(CAST(OLD.id AS BLOB)), 0) + coalesce(length(CAST(OLD.workspace_id AS BLOB)), 0) + coalesce(length(CAST(OLD.project_id AS BLOB)), 0) + coalesce(length(CAST(OLD.title AS BLOB)), 0) + coalesce(length(CAST(OLD.author_user_id AS BLOB)), 0) + 48)
    WHERE scope_kind = 'thread' AND scope_id = OLD.id AND category = 'messages';
  UPDATE storage_usage SET rows = rows - 1, bytes = bytes - (coalesce(length(CAST(OLD.id AS BLOB)), 0) + coalesce(length(CAST(OLD.workspace_id AS BLOB)), 0) + coalesce(length(CAST(OLD.project_id AS BLOB)), 0) + coalesce(length(CAST(OLD.title AS BLOB)), 0) + coalesce(length(CAST(OLD.author_user_id AS BLOB)), 0) + 48)
    WHERE scope_kind = 'workspace' AND scope_id = OLD.workspace_id AND category = 'messages';
  UPDATE storage_usage SET rows = rows + 1, bytes = bytes + (coalesce(length(CAST(NEW.id AS BLOB)), 0) + coalesce(length(CAST(NEW.workspace_id AS BLOB)), 0) + coalesce(length(CAST(NEW.project_id AS BLOB)), 0) + coalesce(length(CAST(NEW.title AS BLOB)), 0) + coalesce(length(CAST(NEW.author_user_id AS BLOB)), 0) + 48)
    WHERE scope_kind = 'store' AND scope_id = '' AND category = 'messages';
  INSERT INTO storage_usage (scope_kind, scope_id, category, rows, bytes)
    SELECT 'thread', NEW.id, 'messages', 1, (coalesce(length(CAST(NEW.id AS BLOB)), 0) + coalesce(length(CAST(NEW.workspace_id AS BLOB)), 0) + coalesce(length(CAST(NEW.project_id AS BLOB)), 0) + coalesce(length(CAST(NEW.title AS BLOB)), 0) + coalesce(length(CAST(NEW.author_user_id AS BLOB)), 0) + 48) WHERE NEW.id IS NOT NULL
    ON CONFLICT DO UPDATE SET rows = rows + 1, bytes = bytes + excluded.bytes;
  INSERT INTO storage_usage (scope_kind, scope_id, category, rows, bytes)
    SELECT 'workspace', NEW.workspace_id, 'messages', 1, (coalesce(length(CAST(NEW.id AS BLOB)), 0) + coalesce(length(CAST(NEW.workspace_id AS BLOB)), 0) + coalesce(length(CAST(NEW.project_id AS BLOB)), 0) + coalesce(length(CAST(NEW.title AS BLOB)), 0) + coalesce(length(CAST(NEW.author_user_id AS BLOB)), 0) + 48) WHERE NEW.workspace_id IS NOT NULL
    ON CONFLICT DO UPDATE SET rows = rows + 1, bytes = bytes + excluded.bytes;
END;
CREATE TRIGGER threads_seam_delete AFTER DELETE ON threads BEGIN
  UPDATE storage_usage SET rows = rows - 1, bytes = bytes - (coalesce(length(CAST(OLD.id AS BLOB)), 0) + coalesce(length(CAST(OLD.workspace_id AS BLOB)), 0) + coalesce(length(CAST(OLD.project_id AS BLOB)), 0) + coalesce(length(CAST(OLD.title AS BLOB)), 0) + coalesce(length(CAST(OLD.author_user_id AS BLOB)), 0) + 48)
    WHERE scope_kind = 'store' AND scope_id = '' AND category = 'messages';
  UPDATE storage_usage SET rows = rows - 1, bytes = bytes - (coalesce(length(CAST(OLD.id AS BLOB)), 0) + coalesce(length(CAST(OLD.workspace_id AS BLOB)), 0) + coalesce(length(CAST(OLD.project_id AS BLOB)), 0) + coalesce(length(CAST(OLD.title AS BLOB)), 0) + coalesce(length(CAST(OLD.author_user_id AS BLOB)), 0) + 48)
    WHERE scope_kind = 'thread' AND scope_id = OLD.id AND category = 'messages';
END;
CREATE TRIGGER messages_seam_update AFTER UPDATE ON messages WHEN (coalesce(length(CAST(OLD.id AS BLOB)), 0) + coalesce(length(CAST(OLD.thread_id AS BLOB)), 0) + coalesce(length(CAST(OLD.role AS BLOB)), 0) + coalesce(length(CAST(OLD.content AS BLOB)), 0) + coalesce(length(CAST(OLD.parent_id AS BLOB)), 0) + coalesce(length(CAST(OLD.provider AS BLOB)), 0) + coalesce(length(CAST(OLD.model AS BLOB)), 0) + coalesce(length(CAST(OLD.author_user_id AS BLOB)), 0) + 48) IS NOT (coalesce(length(CAST(NEW.id AS BLOB)), 0) + coalesce(length(CAST(NEW.thread_id AS BLOB)), 0) + coalesce(length(CAST(NEW.role AS BLOB)), 0) + coalesce(length(CAST(NEW.content AS BLOB)), 0) + coalesce(length(CAST(NEW.parent_id AS BLOB)), 0) + coalesce(length(CAST(NEW.provider AS BLOB)), 0) + coalesce(length(CAST(NEW.model AS BLOB)), 0) + coalesce(length(CAST(NEW.author_user_id AS BLOB)), 0) + 48)
    OR OLD.thread_id IS NOT NEW.thread_id
    OR (SELECT workspace_id FROM threads WHERE id = OLD.thread_id) IS NOT (SELECT workspace_id FROM threads WHERE id = NEW.thread_id) BEGIN
  UPDATE storage_usage SET rows = rows - 1, bytes = bytes - (coalesce(length(CAST(OLD.id AS BLOB)), 0) + coalesce(length(CAST(OLD.thread_id AS BLOB)), 0) + coalesce(length(CAST(OLD.role AS BLOB)), 0) + coalesce(length(CAST(OLD.content AS BLOB)), 0) + coalesce(length(CAST(OLD.parent_id AS BLOB)), 0) + coalesce(length(CAST(OLD.provider AS BLOB)), 0) + coalesce(length(CAST(OLD.model AS BLOB)), 0) + coalesce(length(CAST(OLD.author_user_id AS BLOB)), 0) + 48)
    WHERE scope_kind = 'store' AND scope_id = '' AND category = 'messages';
  UPDATE storage_usage SET rows = rows - 1, bytes = bytes - (coalesce(length(CAST(OLD.id AS BLOB)), 0) + coalesce(length(CAST(OLD.thread_id AS BLOB)), 0) + coalesce(length(CAST(OLD.role AS BLOB)), 0) + coalesce(length(CAST(OLD.content AS BLOB)), 0) + coalesce(length(CAST(OLD.parent_id AS BLOB)), 0) + coalesce(length(CAST(OLD.provider AS BLOB)), 0) + coalesce(length(CAST(OLD.model AS BLOB)), 0) + coalesce(length(CAST(OLD.author_user_id AS BLOB)), 0) + 48)
    WHERE scope_kind = 'thread' AND scope_id = OLD.thread_id AND category = 'messages';
  UPDATE storage_usage SET rows = rows - 1, bytes = bytes - (coalesce(length(CAST(OLD.id AS BLOB)), 0) + coalesce(length(CAST(OLD.thread_id AS BLOB)), 0) + coalesce(length(CAST(OLD.role AS BLOB)), 0) + coalesce(length(CAST(OLD.content AS BLOB)), 0) + coalesce(length(CAST(OLD.parent_id AS BLOB)), 0) + coalesce(length(CAST(OLD.provider AS BLOB)), 0) + coalesce(length(CAST(OLD.model AS BLOB)), 0) + coalesce(length(CAST(OLD.author_user_id AS BLOB)), 0) + 48)
    WHERE scope_kind = 'workspace' AND scope_id = (SELECT workspace_id FROM threads WHERE id = OLD.thread_id) AND category = 'messages';
  UPDATE storage_usage SET rows = rows + 1, bytes = bytes + (coalesce(length(CAST(NEW.id AS BLOB)), 0) + coalesce(length(CAST(NEW.thread_id AS BLOB)), 0) + coalesce(length(CAST(NEW.role AS BLOB)), 0) + coalesce(length(CAST(NEW.content AS BLOB)), 0) + coalesce(length(CAST(NEW.parent_id AS BLOB)), 0) + coalesce(length(CAST(NEW.provider AS BLOB)), 0) + coalesce(length(CAST(NEW.model AS BLOB)), 0) + coalesce(length(CAST(NEW.author_user_id AS BLOB)), 0) + 48)
    WHERE scope_kind = 'store' AND scope_id = '' AND category = 'messages';
  INSERT INTO storage_usage (scope_kind, scope_id, category, rows, bytes)
    SELECT 'thread', NEW.thread_id, 'messages', 1, (coalesce(length(CAST(NEW.id AS BLOB)), 0) + coalesce(length(CAST(NEW.thread_id AS BLOB)), 0) + coalesce(length(CAST(NEW.role AS BLOB)), 0) + coalesce(length(CAST(NEW.content AS BLOB)), 0) + coalesce(length(CAST(NEW.parent_id AS BLOB)), 0) + coalesce(length(CAST(NEW.provider AS BLOB)), 0) + coalesce(length(CAST(NEW.model AS BLOB)), 0) + coalesce(length(CAST(NEW.author_user_id AS BLOB)), 0) + 48) WHERE NEW.thread_id IS NOT NULL
    ON CONFLICT DO UPDATE SET rows = rows + 1, bytes = bytes + excluded.bytes;
  INSERT INTO storage_usage (scope_kind, scope_id, category, rows, bytes)
    SELECT 'workspace', (SELECT workspace_id FROM threads WHERE id = NEW.thread_id), 'messages', 1, (coalesce(length(CAST(NEW.id AS BLOB)), 0) + coalesce(length(CAST(NEW.thread_id AS BLOB)), 0) + coalesce(length(CAST(NEW.role AS BLOB)), 0) + coalesce(length(CAST(NEW.content AS BLOB)), 0) + coalesce(length(CAST(NEW.parent_id AS BLOB)), 0) + coalesce(length(CAST(NEW.provider AS BLOB)), 0) + coalesce(length(CAST(NEW.model AS BLOB)), 0) + coalesce(length(CAST(NEW.author_user_id AS BLOB)), 0) + 48) WHERE (SELECT workspace_id FROM threads WHERE id = NEW.thread_id) IS NOT NULL
    ON CONFLICT DO UPDATE SET rows = rows + 1, bytes = bytes + excluded.bytes;
END;
CREATE TRIGGER messages_seam_delete AFTER DELETE ON messages BEGIN
  UPDATE storage_usage SET rows = rows - 1, bytes = bytes - (coalesce(length(CAST(OLD.id AS BLOB)), 0) + coalesce(length(CAST(OLD.thread_id AS BLOB)), 0) + coalesce(length(CAST(OLD.role AS BLOB)), 0) + coalesce(length(CAST(OLD.content AS BLOB)), 0) + coalesce(length(CAST(OLD.parent_id AS BLOB)), 0) + coalesce(length(CAST(OLD.provider AS BLOB)), 0) + coalesce(length(CAST(OLD.model AS BLOB)), 0) + coalesce(length(CAST(OLD.author_user_id AS BLOB)), 0) + 48)
    WHERE scope_kind = 'store' AND scope_id = '' AND category = 'messages';
  UPDATE storage_usage SET rows = rows - 1, bytes = bytes - (coalesce(length(CAST(OLD.id AS BLOB)), 0) + coalesce(length(CAST(OLD.thread_id AS BLOB)), 0) + coalesce(length(CAST(OLD.role AS BLOB)), 0) + coalesce(length(CAST(OLD.content AS BLOB)), 0) + coalesce(length(CAST(OLD.parent_id AS BLOB)), 0) + coalesce(length(CAST(OLD.provider AS BLOB)), 0) + coalesce(length(CAST(OLD.model AS BLOB)), 0) + coalesce(length(CAST(OLD.author_user_id AS BLOB)), 0) + 48)
    WHERE scope_kind = 'thread' AND scope_id = OLD.thread_id AND category = 'messages';
  UPDATE storage_usage SET rows = rows - 1, bytes = bytes - (coalesce(length(CAST(OLD.id AS BLOB)), 0) + coalesce(length(CAST(OLD.thread_id AS BLOB)), 0) + coalesce(length(CAST(OLD.role AS BLOB)), 0) + coalesce(length(CAST(OLD.content AS BLOB)), 0) + coalesce(length(CAST(OLD.parent_id AS BLOB)), 0) + coalesce(length(CAST(OLD.provider AS BLOB)), 0) + coalesce(length(CAST(OLD.model AS BLOB)), 0) + coalesce(length(CAST(OLD.author_user_id AS BLOB)), 0) + 48)
    WHERE scope_kind = 'workspace' AND scope_id = (SELECT workspace_id FROM threads WHERE id = OLD.thread_id) AND category = 'messages';
END;
CREATE TRIGGER audit_log_seam_insert AFTER INSERT ON audit_log BEGIN
  UPDATE storage_usage SET rows = rows + 1, bytes = bytes + (coalesce(length(CAST(NEW.id AS BLOB)), 0) + coalesce(length(CAST(NEW.actor_user_id AS BLOB)), 0) + coalesce(length(CAST(NEW.action AS BLOB)), 0) + coalesce(length(CAST(NEW.entity AS BLOB)), 0) + coalesce(length(CAST(NEW.entity_id AS BLOB)), 0) + coalesce(length(CAST(NEW.details AS BLOB)), 0) + coalesce(length(CAST(NEW.prev_hash AS BLOB)), 0) + coalesce(length(CAST(NEW.hash AS BLOB)), 0) + coalesce(length(CAST(NEW.details_sha256 AS BLOB)), 0) + 16)
    WHERE scope_kind = 'store' AND scope_id = '' AND category = 'metadata';
END;
CREATE TRIGGER audit_log_seam_update AFTER UPDATE ON audit_log WHEN (coalesce(length(CAST(OLD.id AS BLOB)), 0) + coalesce(length(CAST(OLD.actor_user_id AS BLOB)), 0) + coalesce(length(CAST(OLD.action AS BLOB)), 0) + coalesce(length(CAST(OLD.entity AS BLOB)), 0) + coalesce(length(CAST(OLD.entity_id AS BLOB)), 0) + coalesce(length(CAST(OLD.details AS BLOB)), 0) + coalesce(length(CAST(OLD.prev_hash AS BLOB)), 0) + coalesce(length(CAST(OLD.hash AS BLOB)), 0) + coalesce(length(CAST(OLD.details_sha256 AS BLOB)), 0) + 16) IS NOT (coalesce(length(CAST(NEW.id AS BLOB)), 0) + coalesce(length(CAST(NEW.actor_user_id AS BLOB)), 0) + coalesce(length(CAST(NEW.action AS BLOB)), 0) + coalesce(length(CAST(NEW.entity AS BLOB)), 0) + coalesce(length(CAST(NEW.entity_id AS BLOB)), 0) + coalesce(length(CAST(NEW.details AS BLOB)), 0) + coalesce(length(CAST(NEW.prev_hash AS BLOB)), 0) + coalesce(length(CAST(NEW.hash AS BLOB)), 0) + coalesce(length(CAST(NEW.details_sha256 AS BLOB)), 0) + 16) BEGIN
  UPDATE storage_usage SET rows = rows - 1, bytes = bytes - (coalesce(length(CAST(OLD.id AS BLOB)), 0) + coalesce(length(CAST(OLD.actor_user_id AS BLOB)), 0) + coalesce(length(CAST(OLD.action AS BLOB)), 0) + coalesce(length(CAST(OLD.entity AS BLOB)), 0) + coalesce(length(CAST(OLD.entity_id AS BLOB)), 0) + coalesce(length(CAST(OLD.details AS BLOB)), 0) + coalesce(length(CAST(OLD.prev_hash AS BLOB)), 0) + coalesce(length(CAST(OLD.hash AS BLOB)), 0) + coalesce(length(CAST(OLD.details_sha256 AS BLOB)), 0) + 16)
    WHERE scope_kind = 'store' AND scope_id = '' AND category = 'metadata';
  UPDATE storage_usage SET rows = rows + 1, bytes = bytes + (coalesce(length(CAST(NEW.id AS BLOB)), 0) + coalesce(length(CAST(NEW.actor_user_id AS BLOB)), 0) + coalesce(length(CAST(NEW.action AS BLOB)), 0) + coalesce(length(CAST(NEW.entity AS BLOB)), 0) + coalesce(length(CAST(NEW.entity_id AS BLOB)), 0) + coalesce(length(CAST(NEW.details AS BLOB)), 0) + coalesce(length(CAST(NEW.prev_hash AS BLOB)), 0) + coalesce(length(CAST(NEW.hash AS BLOB)), 0) + coalesce(length(CAST(NEW.details_sha256 AS BLOB)), 0) + 16)
    WHERE scope_kind = 'store' AND scope_id = '' AND category = 'metadata';
END;
CREATE TRIGGER audit_log_seam_delete AFTER DELETE ON audit_log BEGIN
  UPDATE storage_usage SET rows = rows - 1, bytes = bytes - (coalesce(length(CAST(OLD.id AS BLOB)), 0) + coalesce(length(CAST(OLD.actor_user_id AS BLOB)), 0) + coalesce(length(CAST(OLD.action AS BLOB)), 0) + coalesce(length(CAST(OLD.entity AS BLOB)), 0) + coalesce(length(CAST(OLD.entity_id AS BLOB)), 0) + coalesce(length(CAST(OLD.details AS BLOB)), 0) + coalesce(length(CAST(OLD.prev_hash AS BLOB)), 0) + coalesce(length(CAST(OLD.hash AS BLOB)), 0) + coalesce(length(CAST(OLD.details_sha256 AS BLOB)), 0) + 16)
    WHERE scope_kind = 'store' AND scope_id = '' AND category = 'metadata';
END;
CREATE TRIGGER audit_head_seam_insert AFTER INSERT ON audit_head BEGIN
  UPDATE storage_usage SET rows = rows + 1, bytes = bytes + (coalesce(length(CAST(NEW.hash AS BLOB)), 0) + coalesce(length(CAST(NEW.v1_hash AS BLOB)), 0) + 16)
    WHERE scope_kind = 'store' AND scope_id = '' AND category = 'metadata';
END;
CREATE TRIGGER audit_head_seam_update AFTER UPDATE ON audit_head WHEN (coalesce(length(CAST(OLD.hash AS BLOB)), 0) + coalesce(length(CAST(OLD.v1_hash AS BLOB)), 0) + 16) IS NOT (coalesce(length(CAST(NEW.hash AS BLOB)), 0) + coalesce(length(CAST(NEW.v1_hash AS BLOB)), 0) + 16) BEGIN
  UPDATE storage_usage SET rows = rows - 1, bytes = bytes - (coalesce(length(CAST(OLD.hash AS BLOB)), 0) + coalesce(length(CAST(OLD.v1_hash AS BLOB)), 0) + 16)
    WHERE scope_kind = 'store' AND scope_id = '' AND category = 'metadata';
  UPDATE storage_usage SET rows = rows + 1, bytes = bytes + (coalesce(length(CAST(NEW.hash AS BLOB)), 0) + coalesce(length(CAST(NEW.v1_hash AS BLOB)), 0) + 16)
    WHERE scope_kind = 'store' AND scope_id = '' AND category = 'metadata';
END;
CREATE TRIGGER audit_head_seam_delete AFTER DELETE ON audit_head BEGIN
  UPDATE storage_usage SET rows = rows - 1, bytes = bytes - (coalesce(length(CAST(OLD.hash AS BLOB)), 0) + coalesce(length(CAST(OLD.v1_hash AS BLOB)), 0) + 16)
    WHERE scope_kind = 'store' AND scope_id = '' AND category = 'metadata';
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
    UNION ALL SELECT 'store', '', 'messages', count(*), coalesce(sum((coalesce(length(CAST(e.id AS BLOB)), 0) + coalesce(length(CAST(e.workspace_id AS BLOB)), 0) + coalesce(length(CAST(e.project_id AS BLOB)), 0) + coalesce(length(CAST(e.title AS BLOB)), 0) + coalesce(length(CAST(e.body AS BLOB)), 0) + coalesce(length(CAST(e.mime AS BLOB)), 0) + coalesce(length(CAST(e.author_user_id AS BLOB)), 0) + 40)), 0) FROM documents e
    UNION ALL SELECT 'workspace', e.workspace_id, 'messages', count(*), sum((coalesce(length(CAST(e.id AS BLOB)), 0) + coalesce(length(CAST(e.workspace_id AS BLOB)), 0) + coalesce(length(CAST(e.project_id AS BLOB)), 0) + coalesce(length(CAST(e.title AS BLOB)), 0) + coalesce(length(CAST(e.body AS BLOB)), 0) + coalesce(length(CAST(e.mime AS BLOB)), 0) + coalesce(length(CAST(e.author_user_id AS BLOB)), 0) + 40)) FROM documents e WHERE e.workspace_id IS NOT NULL GROUP BY 2
    UNION ALL SELECT 'store', '', 'messages', count(*), coalesce(sum((coalesce(length(CAST(e.id AS BLOB)), 0) + coalesce(length(CAST(e.workspace_id AS BLOB)), 0) + coalesce(length(CAST(e.project_id AS BLOB)), 0) + coalesce(length(CAST(e.title AS BLOB)), 0) + coalesce(length(CAST(e.author_user_id AS BLOB)), 0) + 48)), 0) FROM threads e
    UNION ALL SELECT 'thread', e.id, 'messages', count(*), sum((coalesce(length(CAST(e.id AS BLOB)), 0) + coalesce(length(CAST(e.workspace_id AS BLOB)), 0) + coalesce(length(CAST(e.project_id AS BLOB)), 0) + coalesce(length(CAST(e.title AS BLOB)), 0) + coalesce(length(CAST(e.author_user_id AS BLOB)), 0) + 48)) FROM threads e WHERE e.id IS NOT NULL GROUP BY 2
    UNION ALL SELECT 'workspace', e.workspace_id, 'messages', count(*), sum((coalesce(length(CAST(e.id AS BLOB)), 0) + coalesce(length(CAST(e.workspace_id AS BLOB)), 0) + coalesce(length(CAST(e.project_id AS BLOB)), 0) + coalesce(length(CAST(e.title AS BLOB)), 0) + coalesce(length(CAST(e.author_user_id AS BLOB)), 0) + 48)) FROM threads e WHERE e.workspace_id IS NOT NULL GROUP BY 2
    UNION ALL SELECT 'store', '', 'messages', count(*), coalesce(sum((coalesce(length(CAST(e.id AS BLOB)), 0) + coalesce(length(CAST(e.thread_id AS BLOB)), 0) + coalesce(length(CAST(e.role AS BLOB)), 0) + coalesce(length(CAST(e.content AS BLOB)), 0) + coalesce(length(CAST(e.parent_id AS BLOB)), 0) + coalesce(length(CAST(e.provider AS BLOB)), 0) + coalesce(length(CAST(e.model AS BLOB)), 0) + coalesce(length(CAST(e.author_user_id AS BLOB)), 0) + 48)), 0) FROM messages e
    UNION ALL SELECT 'thread', e.thread_id, 'messages', count(*), sum((coalesce(length(CAST(e.id AS BLOB)), 0) + coalesce(length(CAST(e.thread_id AS BLOB)), 0) + coalesce(length(CAST(e.role AS BLOB)), 0) + coalesce(length(CAST(e.content AS BLOB)), 0) + coalesce(length(CAST(e.parent_id AS BLOB)), 0) + coalesce(length(CAST(e.provider AS BLOB)), 0) + coalesce(length(CAST(e.model AS BLOB)), 0) + coalesce(length(CAST(e.author_user_id AS BLOB)), 0) + 48)) FROM messages e WHERE e.thread_id IS NOT NULL GROUP BY 2
    UNION ALL SELECT 'workspace', (SELECT workspace_id FROM threads WHERE id = e.thread_id), 'messages', count(*), sum((coalesce(length(CAST(e.id AS BLOB)), 0) + coalesce(length(CAST(e.thread_id AS BLOB)), 0) + coalesce(length(CAST(e.role AS BLOB)), 0) + coalesce(length(CAST(e.content AS BLOB)), 0) + coalesce(length(CAST(e.parent_id AS BLOB)), 0) + coalesce(length(CAST(e.provider AS BLOB)), 0) + coalesce(length(CAST(e.model AS BLOB)), 0) + coalesce(length(CAST(e.author_user_id AS BLOB)), 0) + 48)) FROM messages e WHERE (SELECT workspace_id FROM threads WHERE id = e.thread_id) IS NOT NULL GROUP BY 2
    UNION ALL SELECT 'store', '', 'attachments', count(*), coalesce(sum((coalesce(length(CAST(e.id AS BLOB)), 0) + coalesce(length(CAST(e.message_id AS BLOB)), 0) + coalesce(length(CAST(e.thread_id AS BLOB)), 0) + coalesce(length(CAST(e.filename AS BLOB)), 0) + coalesce(length(CAST(e.mime AS BLOB)), 0) + coalesce(length(CAST(e.sha256 AS BLOB)), 0) + coalesce(length(CAST(e.bytes AS BLOB)), 0) + 32 + CASE WHEN e.bytes = 'local' THEN e.size_bytes ELSE 0 END)), 0) FROM attachments e
    UNION ALL SELECT 'thread', e.thread_id, 'attachments', count(*), sum((coalesce(length(CAST(e.id AS BLOB)), 0) + coalesce(length(CAST(e.message_id AS BLOB)), 0) + coalesce(length(CAST(e.thread_id AS BLOB)), 0) + coalesce(length(CAST(e.filename AS BLOB)), 0) + coalesce(length(CAST(e.mime AS BLOB)), 0) + coalesce(length(CAST(e.sha256 AS BLOB)), 0) + coalesce(length(CAST(e.bytes AS BLOB)), 0) + 32 + CASE WHEN e.bytes = 'local' THEN e.size_bytes ELSE 0 END)) FROM attachments e WHERE e.thread_id IS NOT NULL GROUP BY 2
    UNION ALL SELECT 'workspace', (SELECT workspace_id FROM threads WHERE id = e.thread_id), 'attachments', count(*), sum((coalesce(length(CAST(e.id AS BLOB)), 0) + coalesce(length(CAST(e.message_id AS BLOB)), 0) + coalesce(length(CAST(e.thread_id AS BLOB)), 0) + coalesce(length(CAST(e.filename AS BLOB)), 0) + coalesce(length(CAST(e.mime AS BLOB)), 0) + coalesce(length(CAST(e.sha256 AS BLOB)), 0) + coalesce(length(CAST(e.bytes AS BLOB)), 0) + 32 + CASE WHEN e.bytes = 'local' THEN e.size_bytes ELSE 0 END)) FROM attachments e WHERE (SELECT workspace_id FROM threads WHERE id = e.thread_id) IS NOT NULL GROUP BY 2
    UNION ALL SELECT 'store', '', 'attachments', count(*), coalesce(sum((coalesce(length(CAST(e.sha256 AS BLOB)), 0) + coalesce(length(CAST(e.file AS BLOB)), 0) + 32)), 0) FROM blobs e
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
    UNION ALL SELECT 'store', '', 'metadata', count(*), coalesce(sum((coalesce(length(CAST(e.id AS BLOB)), 0) + coalesce(length(CAST(e.actor_user_id AS BLOB)), 0) + coalesce(length(CAST(e.action AS BLOB)), 0) + coalesce(length(CAST(e.entity AS BLOB)), 0) + coalesce(length(CAST(e.entity_id AS BLOB)), 0) + coalesce(length(CAST(e.details AS BLOB)), 0) + coalesce(length(CAST(e.prev_hash AS BLOB)), 0) + coalesce(length(CAST(e.hash AS BLOB)), 0) + coalesce(length(CAST(e.details_sha256 AS BLOB)), 0) + 16)), 0) FROM audit_log e
    UNION ALL SELECT 'store', '', 'metadata', count(*), coalesce(sum((coalesce(length(CAST(e.hash AS BLOB)), 0) + coalesce(length(CAST(e.v1_hash AS BLOB)), 0) + 16)), 0) FROM audit_head e
    UNION ALL SELECT 'store', '', 'metadata', count(*), coalesce(sum((coalesce(length(CAST(e.id AS BLOB)), 0) + coalesce(length(CAST(e.owner_user_id AS BLOB)), 0) + coalesce(length(CAST(e.owner_organization_id AS BLOB)), 0) + coalesce(length(CAST(e.tier AS BLOB)), 0) + coalesce(length(CAST(e.status AS BLOB)), 0) + 40)), 0) FROM subscription_plans e
    UNION ALL SELECT 'store', '', 'metadata', count(*), coalesce(sum((coalesce(length(CAST(e.id AS BLOB)), 0) + coalesce(length(CAST(e.subscription_id AS BLOB)), 0) + coalesce(length(CAST(e.number AS BLOB)), 0) + coalesce(length(CAST(e.currency AS BLOB)), 0) + coalesce(length(CAST(e.status AS BLOB)), 0) + 40)), 0) FROM invoices e
    UNION ALL SELECT 'store', '', 'embeddings', count(*), coalesce(sum((coalesce(length(CAST(e.id AS BLOB)), 0) + coalesce(length(CAST(e.owner_kind AS BLOB)), 0) + coalesce(length(CAST(e.owner_id AS BLOB)), 0) + coalesce(length(CAST(e.collection AS BLOB)), 0) + coalesce(length(CAST(e.model AS BLOB)), 0) + coalesce(length(CAST(e.vector AS BLOB)), 0) + coalesce(length(CAST(e.content_hash AS BLOB)), 0) + coalesce(length(CAST(e.workspace_id AS BLOB)), 0) + coalesce(length(CAST(e.project_id AS BLOB)), 0) + coalesce(length(CAST(e.thread_id AS BLOB)), 0) + coalesce(length(CAST(e.message_id AS BLOB)), 0) + coalesce(length(CAST(e.document_id AS BLOB)), 0) + coalesce(length(CAST(e.attachment_id AS BLOB)), 0) + 40)), 0) FROM embeddings e
    UNION ALL SELECT 'thread', e.thread_id, 'embeddings', count(*), sum((coalesce(length(CAST(e.id AS BLOB)), 0) + coalesce(length(CAST(e.owner_kind AS BLOB)), 0) + coalesce(length(CAST(e.owner_id AS BLOB)), 0) + coalesce(length(CAST(e.collection AS BLOB)), 0) + coalesce(length(CAST(e.model AS BLOB)), 0) + coalesce(length(CAST(e.vector AS BLOB)), 0) + coalesce(length(CAST(e.content_hash AS BLOB)), 0) + coalesce(length(CAST(e.workspace_id AS BLOB)), 0) + coalesce(length(CAST(e.project_id AS BLOB)), 0) + coalesce(length(CAST(e.thread_id AS BLOB)), 0) + coalesce(length(CAST(e.message_id AS BLOB)), 0) + coalesce(length(CAST(e.document_id AS BLOB)), 0) + coalesce(length(CAST(e.attachment_id AS BLOB)), 0) + 40)) FROM embeddings e WHERE e.thread_id IS NOT NULL GROUP BY 2
    UNION ALL SELECT 'workspace', CASE WHEN e.thread_id IS NULL THEN e.workspace_id ELSE (SELECT workspace_id FROM threads WHERE id = e.thread_id) END, 'embeddings', count(*), sum((coalesce(length(CAST(e.id AS BLOB)), 0) + coalesce(length(CAST(e.owner_kind AS BLOB)), 0) + coalesce(length(CAST(e.owner_id AS BLOB)), 0) + coalesce(length(CAST(e.collection AS BLOB)), 0) + coalesce(length(CAST(e.model AS BLOB)), 0) + coalesce(length(CAST(e.vector AS BLOB)), 0) + coalesce(length(CAST(e.content_hash AS BLOB)), 0) + coalesce(length(CAST(e.workspace_id AS BLOB)), 0) + coalesce(length(CAST(e.project_id AS BLOB)), 0) + coalesce(length(CAST(e.thread_id AS BLOB)), 0) + coalesce(length(CAST(e.message_id AS BLOB)), 0) + coalesce(length(CAST(e.document_id AS BLOB)), 0) + coalesce(length(CAST(e.attachment_id AS BLOB)), 0) + 40)) FROM embeddings e WHERE CASE WHEN e.thread_id IS NULL THEN e.workspace_id ELSE (SELECT workspace_id FROM threads WHERE id = e.thread_id) END IS NOT NULL GROUP BY 2
    UNION ALL SELECT 'store', '', 'embeddings', count(*), coalesce(sum((coalesce(length(CAST(e.collection AS BLOB)), 0) + coalesce(length(CAST(e.model AS BLOB)), 0) + coalesce(length(CAST(e.precision AS BLOB)), 0) + 32)), 0) FROM vector_indexes e
    UNION ALL SELECT 'store', '', 'embeddings', count(*), coalesce(sum((coalesce(length(CAST(e.collection AS BLOB)), 0) + coalesce(length(CAST(e.model AS BLOB)), 0) + coalesce(length(CAST(e.graph AS BLOB)), 0) + 8)), 0) FROM vector_graphs e
) GROUP BY 1, 2, 3;
