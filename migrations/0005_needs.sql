-- Needs and pledges. Drafts are private rows; everything else mirrors the
-- ledger (need.*, pledge.*, review.decided) and is re-derivable from it.
CREATE TABLE needs (
	id           INTEGER PRIMARY KEY,
	org_id       INTEGER NOT NULL REFERENCES orgs (id),
	title        TEXT NOT NULL,
	status       TEXT NOT NULL CHECK (status IN ('draft', 'submitted', 'published', 'rejected', 'closed')),
	approvals    INTEGER NOT NULL DEFAULT 1 CHECK (approvals IN (1, 2)),
	created_by   INTEGER NOT NULL REFERENCES users (id),
	submitted_by INTEGER REFERENCES users (id),
	created      TEXT NOT NULL,
	submitted    TEXT NOT NULL DEFAULT '',
	published    TEXT NOT NULL DEFAULT '',
	close_reason TEXT NOT NULL DEFAULT '',
	entry        INTEGER REFERENCES entries (idx) -- the latest need.* entry
) STRICT;
CREATE INDEX needs_by_status ON needs (status, id);
CREATE INDEX needs_by_org ON needs (org_id, id);

-- The current lines of each need. line_no is stable across updates; a line
-- dropped by an update stays (removed = 1) so pledges against it still show.
-- approved_qty is the quantity the auditors approved: updates may not exceed it.
CREATE TABLE need_lines (
	id           INTEGER PRIMARY KEY,
	need_id      INTEGER NOT NULL REFERENCES needs (id),
	line_no      INTEGER NOT NULL CHECK (line_no > 0),
	item_id      TEXT NOT NULL REFERENCES items (id),
	spec         TEXT NOT NULL DEFAULT '',
	quantity     INTEGER NOT NULL CHECK (quantity > 0),
	approved_qty INTEGER NOT NULL DEFAULT 0,
	urgency      TEXT NOT NULL CHECK (urgency IN ('critical', 'high', 'normal')),
	deadline     TEXT NOT NULL,
	place        TEXT NOT NULL,
	notes        TEXT NOT NULL DEFAULT '',
	removed      INTEGER NOT NULL DEFAULT 0,
	UNIQUE (need_id, line_no)
) STRICT;
CREATE INDEX need_lines_by_item ON need_lines (item_id);

-- A donor's pseudonymous handle: the only donor identity in the ledger.
-- donor is 'user:<id>' for a person, 'org:<id>' for a donor company.
CREATE TABLE donor_handles (
	donor  TEXT PRIMARY KEY,
	handle TEXT NOT NULL UNIQUE
) STRICT;

CREATE TABLE pledges (
	id           INTEGER PRIMARY KEY,
	code         TEXT NOT NULL UNIQUE,
	donor_user   INTEGER NOT NULL REFERENCES users (id),
	donor_org    INTEGER REFERENCES orgs (id), -- NULL for a personal donor
	donor_handle TEXT NOT NULL,
	kind         TEXT NOT NULL CHECK (kind IN ('goods', 'money')),
	status       TEXT NOT NULL CHECK (status IN ('pledged', 'received', 'cancelled')),
	need_id      INTEGER REFERENCES needs (id),
	display_name TEXT NOT NULL DEFAULT '', -- '' = anonymous
	currency     TEXT NOT NULL DEFAULT '',
	amount_minor INTEGER NOT NULL DEFAULT 0 CHECK (amount_minor >= 0),
	handover     TEXT NOT NULL,
	due          TEXT NOT NULL,
	secret_hash  TEXT NOT NULL,
	created      TEXT NOT NULL,
	cancelled    TEXT NOT NULL DEFAULT '',
	entry        INTEGER NOT NULL REFERENCES entries (idx)
) STRICT;
CREATE INDEX pledges_by_donor ON pledges (donor_user, id);
CREATE INDEX pledges_by_need ON pledges (need_id, status);

CREATE TABLE pledge_lines (
	pledge_id    INTEGER NOT NULL REFERENCES pledges (id),
	line_no      INTEGER NOT NULL CHECK (line_no > 0),
	item_id      TEXT NOT NULL REFERENCES items (id),
	quantity     INTEGER NOT NULL CHECK (quantity > 0),
	need_line_id INTEGER REFERENCES need_lines (id),
	PRIMARY KEY (pledge_id, line_no)
) STRICT;
CREATE INDEX pledge_lines_by_need_line ON pledge_lines (need_line_id);

-- need_line_flows is the one source of need progress: a row per quantity
-- of a need line at a stage (pledged, received, delivered, used). Custody
-- extends it in its own migration (DROP VIEW and re-create it with its
-- stages added by UNION ALL); NeedProgress reads only this view.
CREATE VIEW need_line_flows (need_line_id, stage, quantity) AS
	SELECT pl.need_line_id, 'pledged', pl.quantity
	FROM pledge_lines pl JOIN pledges p ON p.id = pl.pledge_id
	WHERE pl.need_line_id IS NOT NULL AND p.status != 'cancelled';
