-- Money as read models (ledger/sqlite/figures.go): every organisation's
-- balances are sums in fig_sums (kinds bal_*), counted in each write's
-- transaction like the other public figures, so the funds page and the
-- money desk no longer sum every receipt, spending, transfer and money lot.
-- fig_money_lots is each money lot as last counted (to move its held and
-- in-transit amounts when it changes); fig_transfers the money passed on
-- between organisations. A log already counted (fig_cursor at its end) is
-- filled here from the domain rows, the same sums the funds page read;
-- one behind is rebuilt from a full replay at start anyway.
CREATE TABLE fig_money_lots (
	code       TEXT PRIMARY KEY,
	holder     INTEGER NOT NULL,
	currency   TEXT NOT NULL,
	held       INTEGER NOT NULL,
	in_transit INTEGER NOT NULL
) STRICT, WITHOUT ROWID;

CREATE TABLE fig_transfers (
	from_org INTEGER NOT NULL,
	to_org   INTEGER NOT NULL,
	currency TEXT NOT NULL,
	amount   INTEGER NOT NULL,
	PRIMARY KEY (from_org, to_org, currency)
) STRICT, WITHOUT ROWID;

INSERT INTO fig_money_lots (code, holder, currency, held, in_transit)
	SELECT code, holder, unit, held, in_transit FROM lots WHERE item = 'money';

INSERT INTO fig_transfers (from_org, to_org, currency, amount)
	SELECT h.from_org, h.to_org, l.unit, sum(hl.quantity) FROM handoff_lines hl JOIN handoffs h ON h.id = hl.handoff_id
	JOIN lots l ON l.code = hl.lot AND l.item = 'money' WHERE h.status != 'rejected' GROUP BY 1, 2, 3;

INSERT INTO fig_sums (kind, key, name, qty)
	SELECT 'bal_donated', org, currency, sum(amount_minor) FROM money_receipts GROUP BY 2, 3;
INSERT INTO fig_sums (kind, key, name, qty)
	SELECT 'bal_spent', org, currency || ' ' || category, sum(total_minor) FROM spendings GROUP BY 2, 3;
INSERT INTO fig_sums (kind, key, name, qty)
	SELECT 'bal_disbursed', h.from_org, l.unit, sum(hl.quantity) FROM handoff_lines hl JOIN handoffs h ON h.id = hl.handoff_id
	JOIN lots l ON l.code = hl.lot AND l.item = 'money' WHERE h.status != 'rejected' GROUP BY 2, 3;
INSERT INTO fig_sums (kind, key, name, qty)
	SELECT 'bal_transferred_in', h.to_org, l.unit, sum(hl.received) FROM handoff_lines hl JOIN handoffs h ON h.id = hl.handoff_id
	JOIN lots l ON l.code = hl.lot AND l.item = 'money' WHERE h.status = 'received' GROUP BY 2, 3;
INSERT INTO fig_sums (kind, key, name, qty)
	SELECT 'bal_written_off', f.org, l.unit, sum(f.quantity) FROM lot_finals f JOIN lots l ON l.code = f.lot AND l.item = 'money'
	WHERE f.type = 'lot.written_off' AND f.corrected_by = 0 GROUP BY 2, 3;
INSERT INTO fig_sums (kind, key, name, qty)
	SELECT 'bal_held', holder, unit, sum(held) FROM lots WHERE item = 'money' AND holder != 0 GROUP BY 2, 3;
INSERT INTO fig_sums (kind, key, name, qty)
	SELECT 'bal_in_transit', holder, unit, sum(in_transit) FROM lots WHERE item = 'money' AND holder != 0 GROUP BY 2, 3;
