-- The organisations each entry concerns, for the ledger browser's
-- organisation filter: the one that made it, any it is about (org:N
-- subjects), and a shipment's receiver and carrier. Kept by the writer
-- beside entry_subjects (ledger/sqlite/log.go); a page of one
-- organisation's entries is a walk of this index, newest first, instead of
-- every shipment's JSON searched for its id. Filled here from the log.
CREATE TABLE entry_orgs (
	org INTEGER NOT NULL,
	idx INTEGER NOT NULL,
	PRIMARY KEY (org, idx)
) STRICT, WITHOUT ROWID;

INSERT OR IGNORE INTO entry_orgs (org, idx) SELECT org, idx FROM entries WHERE org > 0;
INSERT OR IGNORE INTO entry_orgs (org, idx)
	SELECT CAST(substr(subject, 5) AS INTEGER), idx FROM entry_subjects WHERE subject >= 'org:' AND subject < 'org;';
INSERT OR IGNORE INTO entry_orgs (org, idx)
	SELECT json_extract(CAST(data AS TEXT), '$.body.to'), idx FROM entries
	WHERE type = 'handoff.dispatched' AND json_extract(CAST(data AS TEXT), '$.body.to') > 0;
INSERT OR IGNORE INTO entry_orgs (org, idx)
	SELECT json_extract(CAST(data AS TEXT), '$.body.via'), idx FROM entries
	WHERE type = 'handoff.dispatched' AND json_extract(CAST(data AS TEXT), '$.body.via') > 0;
