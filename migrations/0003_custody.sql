-- Custody: lots, handoffs and final uses. Every row here is re-derivable
-- from the ledger (ledger.Custody); the store keeps them for queries.
CREATE TABLE lots (
	code       TEXT PRIMARY KEY,
	item       TEXT NOT NULL DEFAULT '', -- '' for a pack
	spec       TEXT NOT NULL DEFAULT '', -- for a pack: its description
	unit       TEXT NOT NULL DEFAULT '',
	batch      TEXT NOT NULL DEFAULT '',
	expiry     TEXT NOT NULL DEFAULT '', -- YYYY-MM-DD or ''
	condition  TEXT NOT NULL,
	pledge     TEXT NOT NULL DEFAULT '', -- origin pledge code
	parent     TEXT NOT NULL DEFAULT '', -- split or received from
	pack       TEXT NOT NULL DEFAULT '', -- the pack it is in
	holder     INTEGER NOT NULL,          -- organisation; 0 = nobody (lost)
	held       INTEGER NOT NULL CHECK (held >= 0),
	in_transit INTEGER NOT NULL CHECK (in_transit >= 0),
	since      TEXT NOT NULL,
	created    INTEGER NOT NULL REFERENCES entries (idx)
) STRICT;
CREATE INDEX lots_by_holder ON lots (holder, item, expiry);
CREATE INDEX lots_by_pack ON lots (pack) WHERE pack != '';
CREATE INDEX lots_by_pledge ON lots (pledge);
CREATE INDEX lots_by_parent ON lots (parent) WHERE parent != '';

CREATE TABLE handoffs (
	id         INTEGER PRIMARY KEY,
	from_org   INTEGER NOT NULL REFERENCES orgs (id),
	to_org     INTEGER NOT NULL REFERENCES orgs (id),
	via_org    INTEGER NOT NULL DEFAULT 0, -- carrier; 0 = none
	status     TEXT NOT NULL CHECK (status IN ('dispatched', 'picked_up', 'delivered', 'received', 'rejected')),
	dispatched TEXT NOT NULL
) STRICT;
CREATE INDEX handoffs_to ON handoffs (to_org, status);
CREATE INDEX handoffs_from ON handoffs (from_org, status);
CREATE INDEX handoffs_via ON handoffs (via_org, status);

-- One line per lot sent; received, condition and reason once the receiver
-- confirmed. quantity - received is the line's discrepancy.
CREATE TABLE handoff_lines (
	handoff_id INTEGER NOT NULL REFERENCES handoffs (id),
	line_no    INTEGER NOT NULL,
	lot        TEXT NOT NULL REFERENCES lots (code),
	quantity   INTEGER NOT NULL CHECK (quantity > 0),
	whole      INTEGER NOT NULL,
	received   INTEGER NOT NULL DEFAULT 0,
	condition  TEXT NOT NULL DEFAULT '',
	reason     TEXT NOT NULL DEFAULT '',
	note       TEXT NOT NULL DEFAULT '',
	new_lot    TEXT NOT NULL DEFAULT '',
	PRIMARY KEY (handoff_id, line_no)
) STRICT;
CREATE INDEX handoff_lines_by_lot ON handoff_lines (lot);

-- Uses and write-offs (lot.used, lot.written_off), for totals and corrections.
CREATE TABLE lot_finals (
	entry        INTEGER PRIMARY KEY REFERENCES entries (idx),
	type         TEXT NOT NULL,
	lot          TEXT NOT NULL REFERENCES lots (code),
	org          INTEGER NOT NULL,
	quantity     INTEGER NOT NULL CHECK (quantity > 0),
	corrected_by INTEGER NOT NULL DEFAULT 0
) STRICT;
CREATE INDEX lot_finals_by_lot ON lot_finals (lot);

-- One-time form nonces: a form submitted twice is applied once.
CREATE TABLE form_nonces (
	nonce TEXT PRIMARY KEY,
	used  TEXT NOT NULL
) STRICT, WITHOUT ROWID;
