-- A login starts a family; every refresh spends one token of the family and issues its successor.
-- Revoking the family (logout, or a spent token presented again after the grace window) ends them all.
CREATE TABLE refresh_families (
    id             uuid        PRIMARY KEY,
    user_id        uuid        NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    created_at     timestamptz NOT NULL,
    revoked_at     timestamptz,
    revoked_reason varchar(32)
);
CREATE INDEX refresh_families_user ON refresh_families (user_id);

-- Only the SHA-256 of a token is stored: a leaked table gives no usable token.
CREATE TABLE refresh_tokens (
    id         uuid        PRIMARY KEY,
    family_id  uuid        NOT NULL REFERENCES refresh_families (id) ON DELETE CASCADE,
    token_hash bytea       NOT NULL CHECK (length(token_hash) = 32),
    created_at timestamptz NOT NULL,
    expires_at timestamptz NOT NULL,
    spent_at   timestamptz,
    CONSTRAINT refresh_tokens_hash_unique UNIQUE (token_hash)
);
CREATE INDEX refresh_tokens_family ON refresh_tokens (family_id);
CREATE INDEX refresh_tokens_expires ON refresh_tokens (expires_at);

-- Failed logins per key ('account:<username>' or 'ip:<address>') in a fixed window, shared by every replica.
CREATE TABLE login_failures (
    key          varchar(300) PRIMARY KEY,
    window_start timestamptz  NOT NULL,
    failures     integer      NOT NULL CHECK (failures >= 0)
);
CREATE INDEX login_failures_window ON login_failures (window_start);
