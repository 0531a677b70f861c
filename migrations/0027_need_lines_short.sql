-- Each need line keeps what has been delivered against it and its need's
-- place on the board, so that "the open needs an item could fill" is a
-- walk of the item's lines still short, in the board's order, that never
-- passes a need already met (issue 13: met needs are never closed, and a
-- walk past them grew with every one).
ALTER TABLE need_lines ADD COLUMN delivered INTEGER NOT NULL DEFAULT 0;
ALTER TABLE need_lines ADD COLUMN published INTEGER NOT NULL DEFAULT 0;
ALTER TABLE need_lines ADD COLUMN board_rank INTEGER NOT NULL DEFAULT 3;
ALTER TABLE need_lines ADD COLUMN board_deadline TEXT NOT NULL DEFAULT '';

-- Delivered to a need line (the one rule; need progress reads the column):
-- what the need's organisation received itself from the line's pledges (a
-- lot a lot.received entry of its made: that entry's only organisation in
-- entry_orgs is its actor's), and what it received in shipments of those
-- pledges' lots. A pledge's lot counts for its first line of the lot's item.
CREATE VIEW need_line_delivered (id, delivered) AS
	SELECT nl.id,
		(SELECT coalesce(sum(l.quantity), 0) FROM pledge_lines pl CROSS JOIN pledges p ON p.id = pl.pledge_id CROSS JOIN lots l ON l.pledge = p.code AND +l.item = pl.item_id
			WHERE pl.need_line_id = nl.id AND pl.line_no = (SELECT min(x.line_no) FROM pledge_lines x WHERE x.pledge_id = p.id AND x.item_id = l.item) AND +l.parent = ''
			AND EXISTS (SELECT 1 FROM entry_orgs eo WHERE eo.org = n.org_id AND eo.idx = l.created))
		+ (SELECT coalesce(sum(hl.received), 0) FROM pledge_lines pl CROSS JOIN pledges p ON p.id = pl.pledge_id CROSS JOIN lots l ON l.pledge = p.code AND +l.item = pl.item_id
			CROSS JOIN handoff_lines hl ON hl.lot = l.code CROSS JOIN handoffs h ON h.id = hl.handoff_id
			WHERE pl.need_line_id = nl.id AND pl.line_no = (SELECT min(x.line_no) FROM pledge_lines x WHERE x.pledge_id = p.id AND x.item_id = l.item)
			AND +h.status = 'received' AND +h.to_org = n.org_id)
	FROM need_lines nl JOIN needs n ON n.id = nl.need_id;

UPDATE need_lines SET delivered = (SELECT d.delivered FROM need_line_delivered d WHERE d.id = need_lines.id),
	(published, board_rank, board_deadline) = (SELECT n.status = 'published', n.board_rank, n.board_deadline FROM needs n WHERE n.id = need_lines.need_id);

-- What moves delivered: a lot received from a pledge, a shipment received
-- (or its receipt's quantities).
CREATE TRIGGER need_lines_delivered_lot AFTER INSERT ON lots WHEN NEW.pledge != '' AND NEW.parent = '' BEGIN
	UPDATE need_lines SET delivered = (SELECT d.delivered FROM need_line_delivered d WHERE d.id = need_lines.id)
	WHERE id IN (SELECT pl.need_line_id FROM pledges p JOIN pledge_lines pl ON pl.pledge_id = p.id WHERE p.code = NEW.pledge);
END;
CREATE TRIGGER need_lines_delivered_handoff AFTER UPDATE OF status ON handoffs WHEN (NEW.status = 'received') != (OLD.status = 'received') BEGIN
	UPDATE need_lines SET delivered = (SELECT d.delivered FROM need_line_delivered d WHERE d.id = need_lines.id)
	WHERE id IN (SELECT pl.need_line_id FROM handoff_lines hl JOIN lots l ON l.code = hl.lot JOIN pledges p ON p.code = l.pledge
		JOIN pledge_lines pl ON pl.pledge_id = p.id WHERE hl.handoff_id = NEW.id);
END;
CREATE TRIGGER need_lines_delivered_receipt AFTER UPDATE OF received ON handoff_lines BEGIN
	UPDATE need_lines SET delivered = (SELECT d.delivered FROM need_line_delivered d WHERE d.id = need_lines.id)
	WHERE id IN (SELECT pl.need_line_id FROM lots l JOIN pledges p ON p.code = l.pledge JOIN pledge_lines pl ON pl.pledge_id = p.id WHERE l.code = NEW.lot);
END;

-- The need's board place, copied to its lines (needs_board's triggers keep
-- the need's from its lines).
CREATE TRIGGER need_lines_board_copy AFTER UPDATE OF status, board_rank, board_deadline ON needs BEGIN
	UPDATE need_lines SET published = NEW.status = 'published', board_rank = NEW.board_rank, board_deadline = NEW.board_deadline WHERE need_id = NEW.id;
END;
CREATE TRIGGER need_lines_board_new AFTER INSERT ON need_lines BEGIN
	UPDATE need_lines SET (published, board_rank, board_deadline) = (SELECT n.status = 'published', n.board_rank, n.board_deadline FROM needs n WHERE n.id = NEW.need_id)
	WHERE id = NEW.id;
END;

CREATE INDEX need_lines_short ON need_lines (item_id, board_rank, board_deadline, need_id, line_no)
	WHERE published = 1 AND removed = 0 AND delivered < quantity;
