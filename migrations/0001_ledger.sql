-- The log: entries stored byte-exact, the RFC 6962 stored hashes of
-- golang.org/x/mod/sumdb/tlog, each subject's chain, and every signed checkpoint.
CREATE TABLE log_meta (
	key   TEXT PRIMARY KEY,
	value TEXT NOT NULL
) STRICT;

CREATE TABLE entries (
	idx  INTEGER PRIMARY KEY,
	data BLOB NOT NULL,
	type TEXT NOT NULL,
	time TEXT NOT NULL,
	org  INTEGER NOT NULL
) STRICT;
CREATE INDEX entries_by_type ON entries (type, idx);
CREATE INDEX entries_by_org ON entries (org, idx);

-- id is tlog.StoredHashIndex(level, n).
CREATE TABLE hashes (
	id   INTEGER PRIMARY KEY,
	hash BLOB NOT NULL
) STRICT;

CREATE TABLE entry_subjects (
	subject TEXT NOT NULL,
	idx     INTEGER NOT NULL,
	PRIMARY KEY (subject, idx)
) STRICT, WITHOUT ROWID;
CREATE INDEX entry_subjects_by_idx ON entry_subjects (idx);

CREATE TABLE checkpoints (
	size    INTEGER PRIMARY KEY,
	root    BLOB NOT NULL,
	note    BLOB NOT NULL,
	created TEXT NOT NULL
) STRICT;

-- Nothing is ever rewritten or deleted from the ledger.
CREATE TRIGGER entries_append_only_u BEFORE UPDATE ON entries BEGIN SELECT RAISE(ABORT, 'ledger entries are append-only'); END;
CREATE TRIGGER entries_append_only_d BEFORE DELETE ON entries BEGIN SELECT RAISE(ABORT, 'ledger entries are append-only'); END;
CREATE TRIGGER hashes_append_only_u BEFORE UPDATE ON hashes BEGIN SELECT RAISE(ABORT, 'ledger hashes are append-only'); END;
CREATE TRIGGER hashes_append_only_d BEFORE DELETE ON hashes BEGIN SELECT RAISE(ABORT, 'ledger hashes are append-only'); END;
CREATE TRIGGER checkpoints_append_only_u BEFORE UPDATE ON checkpoints BEGIN SELECT RAISE(ABORT, 'checkpoints are append-only'); END;
CREATE TRIGGER checkpoints_append_only_d BEFORE DELETE ON checkpoints BEGIN SELECT RAISE(ABORT, 'checkpoints are append-only'); END;

-- The item catalogue: entries name items by their stable id.
CREATE TABLE items (
	id       TEXT PRIMARY KEY,
	name_en  TEXT NOT NULL,
	name_zh  TEXT NOT NULL,
	unit     TEXT NOT NULL,
	standard TEXT NOT NULL DEFAULT '',
	category TEXT NOT NULL DEFAULT '',
	entry    INTEGER NOT NULL REFERENCES entries (idx)
) STRICT;
