-- Schema version 4: AI provider configurations, the ledger of AI calls, orchestration
-- flows and the results of their steps. Cascade rules: docs/data-model.md.

-- The API key is not here: it arrives sealed with the encryption work, never in plaintext.
CREATE TABLE ai_provider_configs (
    id             TEXT PRIMARY KEY NOT NULL,
    user_id        TEXT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    kind           TEXT NOT NULL CHECK (kind IN ('openai', 'anthropic', 'google', 'mistral', 'local', 'custom')),
    display_name   TEXT NOT NULL CHECK (length(display_name) BETWEEN 1 AND 200),
    base_url       TEXT CHECK (length(base_url) BETWEEN 1 AND 2048),
    default_model  TEXT CHECK (length(default_model) BETWEEN 1 AND 200),
    enabled        INTEGER NOT NULL CHECK (enabled IN (0, 1)),
    created_at     INTEGER NOT NULL,
    updated_at     INTEGER NOT NULL,
    UNIQUE (user_id, display_name)
) STRICT;
CREATE INDEX ai_provider_configs_newest ON ai_provider_configs (user_id, created_at DESC, id DESC);

-- One row per AI call. provider repeats the config's kind so the ledger keeps its meaning
-- after a config is deleted; cost is in integer micro-units of currency (ISO 4217).
-- created_at is when the call happened (an import may place it in the past; the id's UUIDv7
-- time matches it), updated_at when the row was written. Lists and usage queries are ranges
-- on created_at, alone or after one equality (provider, model, workspace, thread, config).
CREATE TABLE ai_interactions (
    id                 TEXT PRIMARY KEY NOT NULL,
    config_id          TEXT REFERENCES ai_provider_configs (id) ON DELETE SET NULL,
    provider           TEXT NOT NULL CHECK (provider IN ('openai', 'anthropic', 'google', 'mistral', 'local', 'custom')),
    workspace_id       TEXT REFERENCES workspaces (id) ON DELETE CASCADE,
    thread_id          TEXT REFERENCES threads (id) ON DELETE SET NULL,
    message_id         TEXT REFERENCES messages (id) ON DELETE SET NULL,
    model              TEXT NOT NULL CHECK (length(model) BETWEEN 1 AND 200),
    prompt_tokens      INTEGER NOT NULL CHECK (prompt_tokens >= 0),
    completion_tokens  INTEGER NOT NULL CHECK (completion_tokens >= 0),
    latency_ms         INTEGER NOT NULL CHECK (latency_ms >= 0),
    cost_micros        INTEGER NOT NULL CHECK (cost_micros >= 0),
    currency           TEXT NOT NULL CHECK (length(currency) = 3 AND currency NOT GLOB '*[^A-Z]*'),
    status             TEXT NOT NULL CHECK (status IN ('succeeded', 'failed', 'cancelled')),
    error              TEXT CHECK (length(error) <= 10000),
    created_at         INTEGER NOT NULL,
    updated_at         INTEGER NOT NULL
) STRICT;
CREATE INDEX ai_interactions_newest ON ai_interactions (created_at DESC, id DESC);
CREATE INDEX ai_interactions_by_provider ON ai_interactions (provider, created_at);
CREATE INDEX ai_interactions_by_model ON ai_interactions (model, created_at);
CREATE INDEX ai_interactions_by_workspace ON ai_interactions (workspace_id, created_at DESC, id DESC);
CREATE INDEX ai_interactions_by_thread ON ai_interactions (thread_id, created_at DESC, id DESC);
CREATE INDEX ai_interactions_by_config ON ai_interactions (config_id, created_at DESC, id DESC);
CREATE INDEX ai_interactions_by_message ON ai_interactions (message_id);

-- steps is a JSON array of typed steps (provider, model, prompt template, inputs),
-- validated by the store before it is written.
CREATE TABLE orchestration_flows (
    id            TEXT PRIMARY KEY NOT NULL,
    workspace_id  TEXT NOT NULL REFERENCES workspaces (id) ON DELETE CASCADE,
    name          TEXT NOT NULL CHECK (length(name) BETWEEN 1 AND 200),
    description   TEXT NOT NULL DEFAULT '' CHECK (length(description) <= 10000),
    steps         TEXT NOT NULL CHECK (json_valid(steps) AND json_type(steps) = 'array'),
    created_at    INTEGER NOT NULL,
    updated_at    INTEGER NOT NULL,
    UNIQUE (workspace_id, name)
) STRICT;
CREATE INDEX orchestration_flows_newest ON orchestration_flows (workspace_id, created_at DESC, id DESC);

CREATE TABLE orchestration_step_results (
    id              TEXT PRIMARY KEY NOT NULL,
    flow_id         TEXT NOT NULL REFERENCES orchestration_flows (id) ON DELETE CASCADE,
    run_id          TEXT NOT NULL,
    step_index      INTEGER NOT NULL CHECK (step_index >= 0),
    interaction_id  TEXT REFERENCES ai_interactions (id) ON DELETE SET NULL,
    output          TEXT,
    status          TEXT NOT NULL CHECK (status IN ('pending', 'running', 'succeeded', 'failed', 'skipped')),
    error           TEXT CHECK (length(error) <= 10000),
    started_at      INTEGER,
    finished_at     INTEGER CHECK (finished_at >= started_at),
    created_at      INTEGER NOT NULL,
    updated_at      INTEGER NOT NULL,
    UNIQUE (run_id, step_index)
) STRICT;
-- A run has no row of its own: its id (UUIDv7, so newest sorts last) is on its results.
-- This index lists a flow's runs newest first and serves the flow's cascade.
CREATE INDEX orchestration_step_results_by_flow ON orchestration_step_results (flow_id, run_id);
CREATE INDEX orchestration_step_results_by_interaction ON orchestration_step_results (interaction_id);
