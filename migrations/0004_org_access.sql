-- Staff invitations, session revocation and the access log of private data.

-- Sessions issued before this instant (unix nanoseconds) are void: set at
-- logout, password change and removal from an organisation.
ALTER TABLE users ADD COLUMN sessions_after INTEGER NOT NULL DEFAULT 0;

-- One-time links an organisation's admin sends to staff. Only the token's
-- SHA-256 is kept, so a copy of the database cannot be used to join.
CREATE TABLE invites (
	token_sha256 TEXT PRIMARY KEY,
	org_id       INTEGER NOT NULL REFERENCES orgs (id),
	created_by   INTEGER NOT NULL REFERENCES users (id),
	created      TEXT NOT NULL,
	expires      INTEGER NOT NULL, -- unix seconds
	used_by      INTEGER REFERENCES users (id),
	used_at      TEXT
) STRICT;
CREATE INDEX invites_by_org ON invites (org_id);

-- Every view of private data (contacts, evidence files, donor identities).
CREATE TABLE access_log (
	id        INTEGER PRIMARY KEY,
	viewer    INTEGER NOT NULL REFERENCES users (id),
	what      TEXT NOT NULL,
	at        TEXT NOT NULL,
	client_ip TEXT NOT NULL DEFAULT ''
) STRICT;
