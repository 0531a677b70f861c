-- Pledges name where they are delivered (deliver_to; holder is who
-- receives them now, after any hand-on), are received per line up to what
-- was pledged (received; over is the stated over-delivery beyond it) and
-- close once every line is received. SQLite cannot change a CHECK, so the
-- two tables are rebuilt; the views that read them are dropped and made
-- again unchanged.
DROP VIEW need_line_flows;
DROP VIEW lot_need_lines;

CREATE TABLE pledges_new (
	id           INTEGER PRIMARY KEY,
	code         TEXT NOT NULL UNIQUE,
	donor_user   INTEGER NOT NULL REFERENCES users (id),
	donor_org    INTEGER REFERENCES orgs (id), -- NULL for a personal donor
	donor_handle TEXT NOT NULL,
	kind         TEXT NOT NULL CHECK (kind IN ('goods', 'money')),
	status       TEXT NOT NULL CHECK (status IN ('pledged', 'received', 'closed', 'cancelled')),
	need_id      INTEGER REFERENCES needs (id),
	deliver_to   INTEGER NOT NULL REFERENCES orgs (id),
	holder       INTEGER NOT NULL REFERENCES orgs (id),
	display_name TEXT NOT NULL DEFAULT '', -- '' = anonymous
	currency     TEXT NOT NULL DEFAULT '',
	amount_minor INTEGER NOT NULL DEFAULT 0 CHECK (amount_minor >= 0),
	received     INTEGER NOT NULL DEFAULT 0, -- money received, in minor units
	over         INTEGER NOT NULL DEFAULT 0, -- of which beyond the pledge
	handover     TEXT NOT NULL,
	due          TEXT NOT NULL,
	secret_hash  TEXT NOT NULL,
	created      TEXT NOT NULL,
	cancelled    TEXT NOT NULL DEFAULT '',
	entry        INTEGER NOT NULL REFERENCES entries (idx)
) STRICT;
-- Older pledges named no place: they are held by the platform until handed on.
INSERT INTO pledges_new (id, code, donor_user, donor_org, donor_handle, kind, status, need_id, deliver_to, holder, display_name,
		currency, amount_minor, handover, due, secret_hash, created, cancelled, entry)
	SELECT id, code, donor_user, donor_org, donor_handle, kind, status, need_id, 1, 1, display_name,
		currency, amount_minor, handover, due, secret_hash, created, cancelled, entry FROM pledges;

CREATE TABLE pledge_lines_new (
	pledge_id    INTEGER NOT NULL REFERENCES pledges_new (id),
	line_no      INTEGER NOT NULL CHECK (line_no > 0),
	item_id      TEXT NOT NULL REFERENCES items (id),
	quantity     INTEGER NOT NULL CHECK (quantity > 0),
	need_line_id INTEGER REFERENCES need_lines (id),
	received     INTEGER NOT NULL DEFAULT 0 CHECK (received >= 0),
	over         INTEGER NOT NULL DEFAULT 0 CHECK (over >= 0),
	PRIMARY KEY (pledge_id, line_no)
) STRICT;
INSERT INTO pledge_lines_new (pledge_id, line_no, item_id, quantity, need_line_id)
	SELECT pledge_id, line_no, item_id, quantity, need_line_id FROM pledge_lines;

DROP TABLE pledge_lines;
DROP TABLE pledges;
ALTER TABLE pledges_new RENAME TO pledges;
ALTER TABLE pledge_lines_new RENAME TO pledge_lines;
CREATE INDEX pledges_by_donor ON pledges (donor_user, id);
CREATE INDEX pledges_by_need ON pledges (need_id, status);
CREATE INDEX pledges_by_holder ON pledges (holder, status);
CREATE INDEX pledges_money_by_need ON pledges (need_id, currency) WHERE kind = 'money';
CREATE INDEX pledges_by_donor_org ON pledges (donor_org, id);
CREATE INDEX pledge_lines_by_need_line ON pledge_lines (need_line_id);

CREATE VIEW lot_need_lines (lot, need_line_id, need_org) AS
	SELECT l.code, pl.need_line_id, n.org_id
	FROM lots l
	JOIN pledges p ON p.code = l.pledge
	JOIN pledge_lines pl ON pl.pledge_id = p.id AND pl.item_id = l.item
		AND pl.line_no = (SELECT min(x.line_no) FROM pledge_lines x WHERE x.pledge_id = p.id AND x.item_id = l.item)
	JOIN need_lines nl ON nl.id = pl.need_line_id
	JOIN needs n ON n.id = nl.need_id;

CREATE VIEW need_line_flows (need_line_id, stage, quantity) AS
	SELECT pl.need_line_id, 'pledged', pl.quantity
	FROM pledge_lines pl JOIN pledges p ON p.id = pl.pledge_id
	WHERE pl.need_line_id IS NOT NULL AND p.status != 'cancelled'
	UNION ALL
	SELECT x.need_line_id, 'received', l.quantity
	FROM lots l JOIN lot_need_lines x ON x.lot = l.code
	WHERE l.parent = ''
	UNION ALL
	SELECT x.need_line_id, 'delivered', l.quantity
	FROM lots l JOIN lot_need_lines x ON x.lot = l.code JOIN entries e ON e.idx = l.created
	WHERE l.parent = '' AND e.org = x.need_org
	UNION ALL
	SELECT x.need_line_id, 'delivered', hl.received
	FROM handoff_lines hl JOIN handoffs h ON h.id = hl.handoff_id JOIN lot_need_lines x ON x.lot = hl.lot
	WHERE h.status = 'received' AND h.to_org = x.need_org
	UNION ALL
	SELECT x.need_line_id, 'used', f.quantity
	FROM lot_finals f JOIN lot_need_lines x ON x.lot = f.lot
	WHERE f.type = 'lot.used' AND f.corrected_by = 0;
