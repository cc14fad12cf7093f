-- Schema version 7: the secrets of provider configs (API keys, OAuth tokens), each sealed in
-- a versioned AES-256-GCM envelope under the store's secrets key (core/src/crypto/envelope.rs),
-- never in plaintext. Written by scripts/new-migration from core/src/schema/tables.rs; the
-- UNIQUE key serves the lookups by config. A config's purge cascades to its secrets.

CREATE TABLE provider_secrets (
    id TEXT PRIMARY KEY NOT NULL CHECK (length(id) = 36),
    config_id TEXT NOT NULL REFERENCES ai_provider_configs (id) ON DELETE CASCADE,
    kind TEXT NOT NULL CHECK (kind IN ('api_key', 'access_token', 'refresh_token')),
    sealed BLOB NOT NULL CHECK (length(sealed) >= 37),
    created_at INTEGER NOT NULL CHECK (created_at BETWEEN 0 AND 253402300799999),
    updated_at INTEGER NOT NULL CHECK (updated_at BETWEEN 0 AND 253402300799999),
    UNIQUE (config_id, kind)
) STRICT;
