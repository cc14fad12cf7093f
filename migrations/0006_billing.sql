-- Schema version 6: subscriptions and invoices. Amounts are integer minor units of an
-- ISO 4217 currency. Cascade rules: docs/data-model.md.

CREATE TABLE subscription_plans (
    id                     TEXT PRIMARY KEY NOT NULL,
    owner_user_id          TEXT REFERENCES users (id) ON DELETE CASCADE,
    owner_organization_id  TEXT REFERENCES organizations (id) ON DELETE CASCADE,
    tier                   TEXT NOT NULL CHECK (tier IN ('free', 'plus', 'pro', 'team', 'enterprise')),
    status                 TEXT NOT NULL CHECK (status IN ('trialing', 'active', 'past_due', 'cancelled', 'expired')),
    period_start           INTEGER NOT NULL,
    period_end             INTEGER NOT NULL CHECK (period_end > period_start),
    storage_quota_bytes    INTEGER NOT NULL CHECK (storage_quota_bytes >= 0),
    created_at             INTEGER NOT NULL,
    updated_at             INTEGER NOT NULL,
    CHECK ((owner_user_id IS NULL) <> (owner_organization_id IS NULL))
) STRICT;
CREATE INDEX subscription_plans_by_user ON subscription_plans (owner_user_id, created_at DESC, id DESC);
CREATE INDEX subscription_plans_by_organization ON subscription_plans (owner_organization_id, created_at DESC, id DESC);

CREATE TABLE invoices (
    id               TEXT PRIMARY KEY NOT NULL,
    subscription_id  TEXT NOT NULL REFERENCES subscription_plans (id) ON DELETE CASCADE,
    number           TEXT NOT NULL UNIQUE CHECK (length(number) BETWEEN 1 AND 64),
    amount_minor     INTEGER NOT NULL CHECK (amount_minor >= 0),
    currency         TEXT NOT NULL CHECK (length(currency) = 3 AND currency NOT GLOB '*[^A-Z]*'),
    status           TEXT NOT NULL CHECK (status IN ('draft', 'open', 'paid', 'void', 'uncollectible')),
    issued_at        INTEGER NOT NULL,
    paid_at          INTEGER CHECK (paid_at >= issued_at),
    created_at       INTEGER NOT NULL,
    updated_at       INTEGER NOT NULL,
    CHECK ((status = 'paid') = (paid_at IS NOT NULL))
) STRICT;
CREATE INDEX invoices_by_subscription ON invoices (subscription_id, created_at DESC, id DESC);
