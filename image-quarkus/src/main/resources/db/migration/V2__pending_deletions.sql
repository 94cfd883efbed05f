-- Objects that must leave the bucket: keys of deleted images (recorded in the same transaction that removes
-- their rows) and objects of failed uploads whose clean-up could not reach S3. A scheduled job deletes them
-- in batches and removes each row once S3 confirms, so nothing stays behind when S3 is away for a while.
CREATE TABLE pending_deletions (
    object_key  varchar(128) PRIMARY KEY,
    reason      varchar(32)  NOT NULL,
    attempts    integer      NOT NULL DEFAULT 0 CHECK (attempts >= 0),
    created_at  timestamptz  NOT NULL,
    last_error  varchar(500)
);

CREATE INDEX pending_deletions_created_at ON pending_deletions (created_at);
