-- Schema version 3: projects, documents (with full-text search), attachment metadata, and
-- the fields threads and messages were missing. Cascade rules: docs/data-model.md.

CREATE TABLE projects (
    id            TEXT PRIMARY KEY NOT NULL,
    workspace_id  TEXT NOT NULL REFERENCES workspaces (id) ON DELETE CASCADE,
    name          TEXT NOT NULL CHECK (length(name) BETWEEN 1 AND 200),
    description   TEXT NOT NULL DEFAULT '' CHECK (length(description) <= 10000),
    created_at    INTEGER NOT NULL,
    updated_at    INTEGER NOT NULL,
    deleted_at    INTEGER
) STRICT;
CREATE INDEX projects_by_workspace_newest ON projects (workspace_id, created_at DESC, id DESC);

-- seq is the stable key of the FTS index, as for messages.
CREATE TABLE documents (
    seq           INTEGER PRIMARY KEY,
    id            TEXT NOT NULL UNIQUE,
    workspace_id  TEXT NOT NULL REFERENCES workspaces (id) ON DELETE CASCADE,
    project_id    TEXT REFERENCES projects (id) ON DELETE CASCADE,
    title         TEXT NOT NULL CHECK (length(title) BETWEEN 1 AND 200),
    body          TEXT NOT NULL,
    mime          TEXT NOT NULL CHECK (length(mime) BETWEEN 3 AND 255),
    version       INTEGER NOT NULL CHECK (version >= 1),
    created_at    INTEGER NOT NULL,
    updated_at    INTEGER NOT NULL,
    deleted_at    INTEGER
) STRICT;
CREATE INDEX documents_by_workspace_newest ON documents (workspace_id, created_at DESC, id DESC);
CREATE INDEX documents_by_project_newest ON documents (project_id, created_at DESC, id DESC);

CREATE VIRTUAL TABLE documents_fts USING fts5 (
    title,
    body,
    content = 'documents',
    content_rowid = 'seq',
    tokenize = 'unicode61 remove_diacritics 2'
);
CREATE TRIGGER documents_fts_insert AFTER INSERT ON documents BEGIN
    INSERT INTO documents_fts (rowid, title, body) VALUES (new.seq, new.title, new.body);
END;
CREATE TRIGGER documents_fts_delete AFTER DELETE ON documents BEGIN
    INSERT INTO documents_fts (documents_fts, rowid, title, body) VALUES ('delete', old.seq, old.title, old.body);
END;
CREATE TRIGGER documents_fts_update AFTER UPDATE OF title, body ON documents BEGIN
    INSERT INTO documents_fts (documents_fts, rowid, title, body) VALUES ('delete', old.seq, old.title, old.body);
    INSERT INTO documents_fts (rowid, title, body) VALUES (new.seq, new.title, new.body);
END;

-- A thread may sit in a project of its workspace; last_message_at orders an inbox.
ALTER TABLE threads ADD COLUMN project_id TEXT REFERENCES projects (id) ON DELETE CASCADE;
ALTER TABLE threads ADD COLUMN pinned INTEGER NOT NULL DEFAULT 0 CHECK (pinned IN (0, 1));
ALTER TABLE threads ADD COLUMN archived INTEGER NOT NULL DEFAULT 0 CHECK (archived IN (0, 1));
ALTER TABLE threads ADD COLUMN last_message_at INTEGER;
UPDATE threads SET last_message_at = (SELECT max(created_at) FROM messages WHERE thread_id = threads.id);
CREATE INDEX threads_by_project_newest ON threads (project_id, created_at DESC, id DESC);

-- A message may answer another (branches); provider, model and token counts say what made it.
ALTER TABLE messages ADD COLUMN parent_id TEXT REFERENCES messages (id) ON DELETE SET NULL;
ALTER TABLE messages ADD COLUMN provider TEXT CHECK (length(provider) BETWEEN 1 AND 100);
ALTER TABLE messages ADD COLUMN model TEXT CHECK (length(model) BETWEEN 1 AND 200);
ALTER TABLE messages ADD COLUMN prompt_tokens INTEGER CHECK (prompt_tokens >= 0);
ALTER TABLE messages ADD COLUMN completion_tokens INTEGER CHECK (completion_tokens >= 0);
CREATE INDEX messages_by_parent ON messages (parent_id, created_at DESC, id DESC);

-- Metadata only: the bytes arrive with the attachment storage work.
CREATE TABLE attachments (
    id          TEXT PRIMARY KEY NOT NULL,
    message_id  TEXT NOT NULL REFERENCES messages (id) ON DELETE CASCADE,
    filename    TEXT NOT NULL CHECK (length(filename) BETWEEN 1 AND 255),
    mime        TEXT NOT NULL CHECK (length(mime) BETWEEN 3 AND 255),
    size_bytes  INTEGER NOT NULL CHECK (size_bytes >= 0),
    sha256      TEXT NOT NULL CHECK (length(sha256) = 64 AND sha256 NOT GLOB '*[^0-9a-f]*'),
    created_at  INTEGER NOT NULL,
    updated_at  INTEGER NOT NULL
) STRICT;
CREATE INDEX attachments_by_message_newest ON attachments (message_id, created_at DESC, id DESC);
