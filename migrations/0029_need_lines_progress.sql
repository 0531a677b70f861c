-- Each need line keeps its whole progress, as it keeps what was delivered
-- (0027): pledged, received and used too, so that a page of the needs
-- board reads its lines' figures instead of walking each line's pledges,
-- lots, shipments and uses at every request (issue 13: at 1M entries those
-- walks missed the page cache on every page). need_line_progress is the one
-- rule; triggers recompute a line's figures in the writer's transaction
-- when a row they read changes.
ALTER TABLE need_lines ADD COLUMN pledged INTEGER NOT NULL DEFAULT 0;
ALTER TABLE need_lines ADD COLUMN received INTEGER NOT NULL DEFAULT 0;
ALTER TABLE need_lines ADD COLUMN used INTEGER NOT NULL DEFAULT 0;

DROP TRIGGER need_lines_delivered_lot;
DROP TRIGGER need_lines_delivered_handoff;
DROP TRIGGER need_lines_delivered_receipt;
DROP VIEW need_line_delivered;

-- A need line's progress: pledged against it (pledges not cancelled);
-- received by the first custodians (lots made from its pledges, not split
-- from another); delivered (0027's rule); used (uses of its pledges' lots,
-- not corrected). A pledge's lot counts for its first line of the lot's
-- item. Each figure starts from the line's pledge lines; CROSS JOIN keeps
-- that order and a unary + keeps SQLite from starting at every lot.
CREATE VIEW need_line_progress (id, pledged, received, delivered, used) AS
	SELECT nl.id,
		(SELECT coalesce(sum(pl.quantity), 0) FROM pledge_lines pl JOIN pledges p ON p.id = pl.pledge_id
			WHERE pl.need_line_id = nl.id AND p.status != 'cancelled'),
		(SELECT coalesce(sum(l.quantity), 0) FROM pledge_lines pl CROSS JOIN pledges p ON p.id = pl.pledge_id CROSS JOIN lots l ON l.pledge = p.code AND +l.item = pl.item_id
			WHERE pl.need_line_id = nl.id AND pl.line_no = (SELECT min(x.line_no) FROM pledge_lines x WHERE x.pledge_id = p.id AND x.item_id = l.item) AND +l.parent = ''),
		(SELECT coalesce(sum(l.quantity), 0) FROM pledge_lines pl CROSS JOIN pledges p ON p.id = pl.pledge_id CROSS JOIN lots l ON l.pledge = p.code AND +l.item = pl.item_id
			WHERE pl.need_line_id = nl.id AND pl.line_no = (SELECT min(x.line_no) FROM pledge_lines x WHERE x.pledge_id = p.id AND x.item_id = l.item) AND +l.parent = ''
			AND EXISTS (SELECT 1 FROM entry_orgs eo WHERE eo.org = n.org_id AND eo.idx = l.created))
		+ (SELECT coalesce(sum(hl.received), 0) FROM pledge_lines pl CROSS JOIN pledges p ON p.id = pl.pledge_id CROSS JOIN lots l ON l.pledge = p.code AND +l.item = pl.item_id
			CROSS JOIN handoff_lines hl ON hl.lot = l.code CROSS JOIN handoffs h ON h.id = hl.handoff_id
			WHERE pl.need_line_id = nl.id AND pl.line_no = (SELECT min(x.line_no) FROM pledge_lines x WHERE x.pledge_id = p.id AND x.item_id = l.item)
			AND +h.status = 'received' AND +h.to_org = n.org_id),
		(SELECT coalesce(sum(f.quantity), 0) FROM pledge_lines pl CROSS JOIN pledges p ON p.id = pl.pledge_id CROSS JOIN lots l ON l.pledge = p.code AND +l.item = pl.item_id
			CROSS JOIN lot_finals f ON f.lot = l.code
			WHERE pl.need_line_id = nl.id AND pl.line_no = (SELECT min(x.line_no) FROM pledge_lines x WHERE x.pledge_id = p.id AND x.item_id = l.item)
			AND +f.type = 'lot.used' AND +f.corrected_by = 0)
	FROM need_lines nl JOIN needs n ON n.id = nl.need_id;

UPDATE need_lines SET (pledged, received, delivered, used) = (SELECT v.pledged, v.received, v.delivered, v.used FROM need_line_progress v WHERE v.id = need_lines.id);

-- What moves a line's figures: a pledge against it made or cancelled, a
-- lot received from its pledges, a shipment of their lots received (or its
-- receipt's quantities), a use of them recorded or corrected.
CREATE TRIGGER need_lines_progress_pledge AFTER INSERT ON pledge_lines WHEN NEW.need_line_id IS NOT NULL BEGIN
	UPDATE need_lines SET (pledged, received, delivered, used) = (SELECT v.pledged, v.received, v.delivered, v.used FROM need_line_progress v WHERE v.id = need_lines.id)
	WHERE id = NEW.need_line_id;
END;
CREATE TRIGGER need_lines_progress_pledge_status AFTER UPDATE OF status ON pledges BEGIN
	UPDATE need_lines SET (pledged, received, delivered, used) = (SELECT v.pledged, v.received, v.delivered, v.used FROM need_line_progress v WHERE v.id = need_lines.id)
	WHERE id IN (SELECT pl.need_line_id FROM pledge_lines pl WHERE pl.pledge_id = NEW.id);
END;
CREATE TRIGGER need_lines_progress_lot AFTER INSERT ON lots WHEN NEW.pledge != '' AND NEW.parent = '' BEGIN
	UPDATE need_lines SET (pledged, received, delivered, used) = (SELECT v.pledged, v.received, v.delivered, v.used FROM need_line_progress v WHERE v.id = need_lines.id)
	WHERE id IN (SELECT pl.need_line_id FROM pledges p JOIN pledge_lines pl ON pl.pledge_id = p.id WHERE p.code = NEW.pledge);
END;
CREATE TRIGGER need_lines_progress_handoff AFTER UPDATE OF status ON handoffs WHEN (NEW.status = 'received') != (OLD.status = 'received') BEGIN
	UPDATE need_lines SET (pledged, received, delivered, used) = (SELECT v.pledged, v.received, v.delivered, v.used FROM need_line_progress v WHERE v.id = need_lines.id)
	WHERE id IN (SELECT pl.need_line_id FROM handoff_lines hl JOIN lots l ON l.code = hl.lot JOIN pledges p ON p.code = l.pledge
		JOIN pledge_lines pl ON pl.pledge_id = p.id WHERE hl.handoff_id = NEW.id);
END;
CREATE TRIGGER need_lines_progress_receipt AFTER UPDATE OF received ON handoff_lines BEGIN
	UPDATE need_lines SET (pledged, received, delivered, used) = (SELECT v.pledged, v.received, v.delivered, v.used FROM need_line_progress v WHERE v.id = need_lines.id)
	WHERE id IN (SELECT pl.need_line_id FROM lots l JOIN pledges p ON p.code = l.pledge JOIN pledge_lines pl ON pl.pledge_id = p.id WHERE l.code = NEW.lot);
END;
CREATE TRIGGER need_lines_progress_use AFTER INSERT ON lot_finals WHEN NEW.type = 'lot.used' BEGIN
	UPDATE need_lines SET (pledged, received, delivered, used) = (SELECT v.pledged, v.received, v.delivered, v.used FROM need_line_progress v WHERE v.id = need_lines.id)
	WHERE id IN (SELECT pl.need_line_id FROM lots l JOIN pledges p ON p.code = l.pledge JOIN pledge_lines pl ON pl.pledge_id = p.id WHERE l.code = NEW.lot);
END;
CREATE TRIGGER need_lines_progress_use_corrected AFTER UPDATE OF corrected_by ON lot_finals WHEN NEW.type = 'lot.used' BEGIN
	UPDATE need_lines SET (pledged, received, delivered, used) = (SELECT v.pledged, v.received, v.delivered, v.used FROM need_line_progress v WHERE v.id = need_lines.id)
	WHERE id IN (SELECT pl.need_line_id FROM lots l JOIN pledges p ON p.code = l.pledge JOIN pledge_lines pl ON pl.pledge_id = p.id WHERE l.code = NEW.lot);
END;
