-- Schema version 9: embeddings, the vectors semantic search compares, and the state of each
-- collection and model's index. Cascade rules: docs/data-model.md.

-- seq is the key the in-memory index knows a vector by: AUTOINCREMENT so that a key is
-- never used twice (a replaced vector gets a new one, so a saved graph never holds a key
-- whose vector changed).
CREATE TABLE embeddings (
    seq INTEGER PRIMARY KEY AUTOINCREMENT,
    id TEXT NOT NULL UNIQUE CHECK (length(id) = 36),
    owner_kind TEXT NOT NULL CHECK (owner_kind IN ('message', 'document', 'attachment')),
    owner_id TEXT NOT NULL CHECK (length(owner_id) = 36),
    collection TEXT NOT NULL CHECK (length(collection) BETWEEN 1 AND 200),
    model TEXT NOT NULL CHECK (length(model) BETWEEN 1 AND 200),
    dimensions INTEGER NOT NULL CHECK (dimensions BETWEEN 1 AND 4096),
    vector BLOB NOT NULL CHECK (length(vector) BETWEEN 4 AND 16384 AND length(vector) % 4 = 0),
    content_hash TEXT NOT NULL CHECK (length(CAST(content_hash AS BLOB)) BETWEEN 64 AND 64 AND content_hash NOT GLOB '*[^0-9a-f]*'),
    workspace_id TEXT NOT NULL REFERENCES workspaces (id) ON DELETE CASCADE,
    project_id TEXT REFERENCES projects (id) ON DELETE CASCADE,
    thread_id TEXT REFERENCES threads (id) ON DELETE CASCADE,
    owner_created_at INTEGER NOT NULL CHECK (owner_created_at BETWEEN 0 AND 253402300799999),
    created_at INTEGER NOT NULL CHECK (created_at BETWEEN 0 AND 253402300799999),
    updated_at INTEGER NOT NULL CHECK (updated_at BETWEEN 0 AND 253402300799999),
    message_id TEXT REFERENCES messages (id) ON DELETE CASCADE,
    document_id TEXT REFERENCES documents (id) ON DELETE CASCADE,
    attachment_id TEXT REFERENCES attachments (id) ON DELETE CASCADE,
    UNIQUE (collection, model, owner_kind, owner_id),
    CHECK (length(vector) = 4 * dimensions),
    CHECK (CASE owner_kind
                 WHEN 'message' THEN message_id IS owner_id AND document_id IS NULL AND attachment_id IS NULL
                 WHEN 'document' THEN document_id IS owner_id AND message_id IS NULL AND attachment_id IS NULL
                 ELSE attachment_id IS owner_id AND message_id IS NOT NULL AND document_id IS NULL END)
) STRICT;
-- Removing an owner's vectors, and each foreign key's cascade (a purged message would
-- otherwise scan every vector); the filters of a search use the same lists.
CREATE INDEX embeddings_by_owner ON embeddings (owner_id);
CREATE INDEX embeddings_by_workspace ON embeddings (workspace_id);
CREATE INDEX embeddings_by_project ON embeddings (project_id) WHERE project_id IS NOT NULL;
CREATE INDEX embeddings_by_thread ON embeddings (thread_id) WHERE thread_id IS NOT NULL;
CREATE INDEX embeddings_by_message ON embeddings (message_id) WHERE message_id IS NOT NULL;
CREATE INDEX embeddings_by_document ON embeddings (document_id) WHERE document_id IS NOT NULL;
CREATE INDEX embeddings_by_attachment ON embeddings (attachment_id) WHERE attachment_id IS NOT NULL;

CREATE TABLE vector_indexes (
    collection TEXT NOT NULL CHECK (length(collection) BETWEEN 1 AND 200),
    model TEXT NOT NULL CHECK (length(model) BETWEEN 1 AND 200),
    dimensions INTEGER NOT NULL CHECK (dimensions BETWEEN 1 AND 4096),
    precision TEXT NOT NULL CHECK (precision IN ('f32', 'int8')),
    memory_budget_bytes INTEGER CHECK (memory_budget_bytes BETWEEN 0 AND 9007199254740991),
    vector_count INTEGER NOT NULL CHECK (vector_count BETWEEN 0 AND 9223372036854775807),
    changes INTEGER NOT NULL CHECK (changes BETWEEN 0 AND 9223372036854775807),
    PRIMARY KEY (collection, model)
) STRICT;

CREATE TABLE vector_graphs (
    collection TEXT NOT NULL CHECK (length(collection) BETWEEN 1 AND 200),
    model TEXT NOT NULL CHECK (length(model) BETWEEN 1 AND 200),
    changes INTEGER NOT NULL CHECK (changes BETWEEN 0 AND 9223372036854775807),
    graph BLOB NOT NULL,
    PRIMARY KEY (collection, model)
) STRICT;

-- Every insert and delete of a vector, cascades included, is counted on its index's row: an
-- index in memory compares `changes` with the count it reflects to know it must catch up.
CREATE TRIGGER embeddings_counted_insert AFTER INSERT ON embeddings BEGIN
    UPDATE vector_indexes SET vector_count = vector_count + 1, changes = changes + 1
    WHERE collection = new.collection AND model = new.model;
END;
CREATE TRIGGER embeddings_counted_delete AFTER DELETE ON embeddings BEGIN
    UPDATE vector_indexes SET vector_count = vector_count - 1, changes = changes + 1
    WHERE collection = old.collection AND model = old.model;
END;
-- A vector is replaced (a new row, a new seq), never changed in place.
CREATE TRIGGER embeddings_replaced_not_updated BEFORE UPDATE OF seq, vector, collection, model ON embeddings BEGIN
    SELECT RAISE(ABORT, 'an embedding is replaced, never updated in place');
END;
-- A thread or document moved to another project takes its vectors' filter along.
CREATE TRIGGER embeddings_follow_thread AFTER UPDATE OF project_id ON threads BEGIN
    UPDATE embeddings SET project_id = new.project_id WHERE thread_id = new.id;
END;
CREATE TRIGGER embeddings_follow_document AFTER UPDATE OF project_id ON documents BEGIN
    UPDATE embeddings SET project_id = new.project_id WHERE document_id = new.id;
END;
