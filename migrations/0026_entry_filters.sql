-- The ledger browser's item and date filters as indexes, so that a page of
-- a rare item's entries or of an old date is found directly instead of by
-- a walk from the newest entry through every entry's JSON (issue 13).
-- Both are kept by the writer beside entry_orgs (ledger/sqlite/log.go) and
-- filled here from the log.

-- The catalogue items an entry names ("item":"id" anywhere in its JSON).
CREATE TABLE entry_items (
	item TEXT NOT NULL,
	idx  INTEGER NOT NULL,
	PRIMARY KEY (item, idx)
) STRICT, WITHOUT ROWID;

-- The log cut into runs of consecutive entries dated the same day (UTC):
-- one row a day while the clock moves forward, one more for each entry
-- dated out of order. A date range is the runs of its days.
CREATE TABLE entry_days (
	first INTEGER PRIMARY KEY,
	last  INTEGER NOT NULL,
	day   TEXT NOT NULL
) STRICT;

INSERT OR IGNORE INTO entry_items (item, idx)
	SELECT j.value, e.idx FROM entries e, json_tree(CAST(e.data AS TEXT)) j
	WHERE instr(e.data, CAST('"item":"' AS BLOB)) > 0 AND j.key = 'item' AND j.type = 'text';
INSERT INTO entry_days (first, last, day)
	SELECT min(idx), max(idx), day FROM (
		SELECT idx, substr(time, 1, 10) AS day, idx - row_number() OVER (PARTITION BY substr(time, 1, 10) ORDER BY idx) AS run FROM entries)
	GROUP BY day, run;
