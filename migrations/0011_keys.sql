-- Party keys (passkeys enrolled as ledger entries), organisations' signature
-- policies and the statement nonces already signed. All re-derivable from
-- the ledger except credential_id, which the browser needs to ask for the
-- right passkey (the ledger keeps only its SHA-256).
CREATE TABLE party_keys (
	id            TEXT PRIMARY KEY,          -- hex SHA-256 of the credential id
	credential_id TEXT NOT NULL,             -- base64url
	org_id        INTEGER NOT NULL REFERENCES orgs (id),
	user_id       INTEGER NOT NULL REFERENCES users (id),
	public_key    TEXT NOT NULL,             -- base64url COSE_Key
	alg           INTEGER NOT NULL,
	rp_id         TEXT NOT NULL,
	origin        TEXT NOT NULL,
	status        TEXT NOT NULL,             -- pending | active | revoked
	enrolled      INTEGER NOT NULL,          -- entry index
	approved      INTEGER NOT NULL DEFAULT -1,
	revoked       INTEGER NOT NULL DEFAULT -1,
	approver      INTEGER NOT NULL DEFAULT 0
) STRICT;
CREATE INDEX party_keys_by_org ON party_keys (org_id, status);
CREATE INDEX party_keys_by_user ON party_keys (user_id, status);

CREATE TABLE org_policies (
	org_id             INTEGER PRIMARY KEY REFERENCES orgs (id),
	require_signatures INTEGER NOT NULL,
	entry              INTEGER NOT NULL
) STRICT;

CREATE TABLE sig_nonces (
	nonce TEXT PRIMARY KEY,
	entry INTEGER NOT NULL
) STRICT;
