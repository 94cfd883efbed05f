-- Accounts. Usernames are stored lower-case, so the unique constraint makes them case-insensitively unique.
CREATE TABLE users (
    id            uuid         PRIMARY KEY,
    username      varchar(32)  NOT NULL,
    password_hash varchar(255) NOT NULL,
    disabled      boolean      NOT NULL DEFAULT false,
    created_at    timestamptz  NOT NULL,
    CONSTRAINT users_username_unique UNIQUE (username),
    CONSTRAINT users_username_lower CHECK (username = lower(username))
);

CREATE TABLE user_roles (
    user_id uuid        NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    role    varchar(32) NOT NULL,
    PRIMARY KEY (user_id, role)
);
