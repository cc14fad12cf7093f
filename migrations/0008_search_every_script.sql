-- Schema version 8: search in every script, and messages indexed per batch.
--
-- Both search tables are rebuilt with the `ustore` tokenizer (core/src/content/tokenizer.rs,
-- registered on every connection): unicode61 as before for text written with spaces,
-- overlapping character pairs for Chinese, Japanese, Korean, Thai and other scripts written
-- without them, emoji as words. An older store is reindexed once, here.
--
-- Messages lose their insert trigger: the store indexes each batch of new messages with one
-- statement in the batch's own transaction (messages::insert_rows), where a trigger flushed
-- the index once per row. Delete and update keep their triggers, since purge cascades remove
-- rows the store's code never sees. The message index also keeps every 3-letter prefix
-- (search-as-you-type) and merges its segments 8 at a time rather than 4 (docs/decisions.md,
-- "Messages indexed per batch").

DROP TRIGGER messages_fts_insert;
DROP TABLE messages_fts;
CREATE VIRTUAL TABLE messages_fts USING fts5 (
    content,
    content = 'messages',
    content_rowid = 'seq',
    tokenize = 'ustore remove_diacritics 2',
    prefix = '3'
);
INSERT INTO messages_fts (messages_fts) VALUES ('rebuild');
INSERT INTO messages_fts (messages_fts, rank) VALUES ('automerge', 8);

DROP TABLE documents_fts;
CREATE VIRTUAL TABLE documents_fts USING fts5 (
    title,
    body,
    content = 'documents',
    content_rowid = 'seq',
    tokenize = 'ustore remove_diacritics 2'
);
INSERT INTO documents_fts (documents_fts) VALUES ('rebuild');

-- Children are looked up by parent (`parent_id = ?`), so messages without one need no entry.
DROP INDEX messages_by_parent;
CREATE INDEX messages_by_parent ON messages (parent_id, created_at DESC, id DESC) WHERE parent_id IS NOT NULL;
