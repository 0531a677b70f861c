-- Witness cosignatures: each cosignature/v1 line a witness returned for
-- the checkpoint of a size, verified with the witness's key before it was
-- stored. witness is the key's name, key_hash its note key hash.
CREATE TABLE cosignatures (
	witness  TEXT NOT NULL,
	key_hash INTEGER NOT NULL,
	size     INTEGER NOT NULL,
	line     TEXT NOT NULL,
	signed   TEXT NOT NULL, -- the cosignature's own timestamp
	PRIMARY KEY (witness, key_hash, size)
) STRICT, WITHOUT ROWID;
CREATE INDEX cosignatures_by_size ON cosignatures (size);
