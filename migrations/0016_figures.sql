-- The public figures as read models (ledger/sqlite/figures.go): derived from
-- the ledger entries alone, by the same code as a full replay, and updated
-- in the transaction of each write, so a start needs no replay of the log.
-- fig_cursor.next is the index of the next entry the read models have not
-- counted: the store rebuilds them from a full replay when it is behind the
-- log (a log older than this migration starts at 0).
CREATE TABLE fig_cursor (
	id   INTEGER PRIMARY KEY CHECK (id = 1),
	next INTEGER NOT NULL
) STRICT;
INSERT INTO fig_cursor (id, next) VALUES (1, 0);

-- Sums by kind (pledged, received, ... by item; an organisation's received,
-- sent, used by item; money by currency; a need's counted and delivered
-- quantities by item). key is the organisation or need, 0 for totals.
CREATE TABLE fig_sums (
	kind TEXT NOT NULL,
	key  INTEGER NOT NULL,
	name TEXT NOT NULL,
	qty  INTEGER NOT NULL,
	PRIMARY KEY (kind, key, name)
) STRICT, WITHOUT ROWID;

-- Daily changes of the series drawn on the transparency page: needed and
-- delivered by item, used by item and recipient.
CREATE TABLE fig_daily (
	series TEXT NOT NULL,
	item   TEXT NOT NULL,
	org    INTEGER NOT NULL,
	day    TEXT NOT NULL,
	qty    INTEGER NOT NULL,
	PRIMARY KEY (series, item, org, day)
) STRICT, WITHOUT ROWID;

-- The flow chart's edges: from an organisation, or (from_org 0) from a
-- donor by public name, to an organisation.
CREATE TABLE fig_flows (
	item    TEXT NOT NULL,
	from_org INTEGER NOT NULL,
	donor   TEXT NOT NULL,
	to_org  INTEGER NOT NULL,
	qty     INTEGER NOT NULL,
	PRIMARY KEY (item, from_org, donor, to_org)
) STRICT, WITHOUT ROWID;

-- Handoff lines received short, over or not in good condition.
CREATE TABLE fig_discrepancies (
	idx      INTEGER NOT NULL,
	line     INTEGER NOT NULL, -- position in the entry's lines
	lot      TEXT NOT NULL,
	time     TEXT NOT NULL,
	handoff  INTEGER NOT NULL,
	from_org INTEGER NOT NULL,
	to_org   INTEGER NOT NULL,
	item     TEXT NOT NULL,
	sent     INTEGER NOT NULL,
	received INTEGER NOT NULL,
	reason   TEXT NOT NULL,
	note     TEXT NOT NULL,
	PRIMARY KEY (idx, line)
) STRICT;
CREATE INDEX fig_discrepancies_from ON fig_discrepancies (from_org, idx, line);
CREATE INDEX fig_discrepancies_to ON fig_discrepancies (to_org, idx, line);

-- Uses and write-offs counted, by entry, so a correction can uncount them.
CREATE TABLE fig_finals (
	idx  INTEGER PRIMARY KEY,
	type TEXT NOT NULL,
	item TEXT NOT NULL,
	org  INTEGER NOT NULL,
	qty  INTEGER NOT NULL,
	day  TEXT NOT NULL
) STRICT;

-- Organisations as registered in the ledger (org.registered).
CREATE TABLE fig_orgs (
	id   INTEGER PRIMARY KEY,
	name TEXT NOT NULL,
	kind TEXT NOT NULL
) STRICT;
