-- How the login hands out refresh tokens ('api': body and refresh_token cookie; 'browser': only the
-- __Host-refresh_token cookie), so that every refresh of the family answers the same way.
ALTER TABLE refresh_families
    ADD COLUMN client varchar(16) NOT NULL DEFAULT 'api' CONSTRAINT refresh_families_client CHECK (client IN ('api', 'browser'));
