-- Metadata of the images of blog posts; the bytes live in S3 under object_key.
CREATE TABLE images (
    id                uuid         PRIMARY KEY,
    post_id           varchar(64)  NOT NULL CHECK (post_id ~ '^[A-Za-z0-9_-]{1,64}$'),
    object_key        varchar(64)  NOT NULL,
    original_filename varchar(255),
    content_type      varchar(32)  NOT NULL,
    size_bytes        bigint       NOT NULL CHECK (size_bytes >= 0),
    width             integer      NOT NULL CHECK (width > 0),
    height            integer      NOT NULL CHECK (height > 0),
    sha256            varchar(64)  NOT NULL CHECK (sha256 ~ '^[0-9a-f]{64}$'),
    thumbnail         boolean      NOT NULL DEFAULT false,
    position          integer      NOT NULL CHECK (position >= 0),
    created_at        timestamptz  NOT NULL,
    CONSTRAINT images_object_key_unique UNIQUE (object_key),
    CONSTRAINT images_post_position_unique UNIQUE (post_id, position)
);

-- The database itself guarantees at most one thumbnail per post, whatever races the application loses.
CREATE UNIQUE INDEX images_one_thumbnail_per_post ON images (post_id) WHERE thumbnail;
