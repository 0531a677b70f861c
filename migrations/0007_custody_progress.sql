-- Custody's stages of need progress. A lot counts for the need line its
-- origin pledge's line of the same item answers; received is what the
-- first custodian recorded, delivered what reached the need's own
-- organisation (by handoff, or received there directly), used what it
-- recorded as used (corrected uses excluded).
ALTER TABLE lots ADD COLUMN quantity INTEGER NOT NULL DEFAULT 0; -- quantity when made

CREATE VIEW lot_need_lines (lot, need_line_id, need_org) AS
	SELECT l.code, pl.need_line_id, n.org_id
	FROM lots l
	JOIN pledges p ON p.code = l.pledge
	JOIN pledge_lines pl ON pl.pledge_id = p.id AND pl.item_id = l.item
		AND pl.line_no = (SELECT min(x.line_no) FROM pledge_lines x WHERE x.pledge_id = p.id AND x.item_id = l.item)
	JOIN need_lines nl ON nl.id = pl.need_line_id
	JOIN needs n ON n.id = nl.need_id;

DROP VIEW need_line_flows;
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
