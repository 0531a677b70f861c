-- Organisations and accounts. Contacts, e-mails and evidence files are
-- private: they never enter the ledger.
CREATE TABLE orgs (
	id              INTEGER PRIMARY KEY,
	kind            TEXT NOT NULL CHECK (kind IN ('platform', 'donor', 'logistics', 'warehouse', 'recipient')),
	name            TEXT NOT NULL,
	registration_no TEXT NOT NULL DEFAULT '',
	contact         TEXT NOT NULL DEFAULT '',
	evidence_sha256 TEXT NOT NULL DEFAULT '',
	status          TEXT NOT NULL CHECK (status IN ('pending', 'verified', 'rejected')),
	status_reason   TEXT NOT NULL DEFAULT '',
	registered_by   INTEGER,
	entry           INTEGER REFERENCES entries (idx)
) STRICT;
INSERT INTO orgs (id, kind, name, status) VALUES (1, 'platform', 'Aidtrail', 'verified');

CREATE TABLE users (
	id           INTEGER PRIMARY KEY,
	email        TEXT NOT NULL UNIQUE COLLATE NOCASE,
	pw_hash      TEXT NOT NULL,
	display_name TEXT NOT NULL DEFAULT '',
	org_id       INTEGER REFERENCES orgs (id),
	role         TEXT NOT NULL CHECK (role IN ('admin', 'staff', 'auditor', 'donor')),
	created      TEXT NOT NULL,
	removed      INTEGER NOT NULL DEFAULT 0
) STRICT;
CREATE INDEX users_by_org ON users (org_id);

-- Review decisions per submission; the ledger has them too (review.decided).
CREATE TABLE reviews (
	subject  TEXT NOT NULL,
	stage    INTEGER NOT NULL CHECK (stage IN (1, 2)),
	decision TEXT NOT NULL CHECK (decision IN ('approve', 'reject')),
	reason   TEXT NOT NULL DEFAULT '',
	user_id  INTEGER NOT NULL REFERENCES users (id),
	entry    INTEGER NOT NULL REFERENCES entries (idx),
	PRIMARY KEY (subject, stage)
) STRICT;

-- Evidence files, content-addressed; private unless published.
CREATE TABLE files (
	sha256  TEXT PRIMARY KEY,
	name    TEXT NOT NULL,
	type    TEXT NOT NULL,
	data    BLOB NOT NULL,
	public  INTEGER NOT NULL DEFAULT 0,
	org_id  INTEGER REFERENCES orgs (id),
	created TEXT NOT NULL
) STRICT;
