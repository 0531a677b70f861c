-- A need line's progress (0029) moves by the changed row's part alone.
-- 0029's triggers recomputed a line's four figures from need_line_progress,
-- which sums over all the line's pledges, their lots, shipments and uses:
-- each custody write of a popular need's lot (~2,000 pledges) walked them
-- all (issue 13). Each trigger below adds or takes away only what its row
-- counts for under need_line_progress, which stays the one rule (tests
-- compare the columns with it); the figures are already right, so there is
-- nothing to refill.
--
-- The lot's line: a pledge's lot counts for its pledge's first line of the
-- lot's item (that line's need line, if it answers one). Pledge lines are
-- written only with their pledge, before any lot of it, and no row the
-- rule reads changes in a column the triggers do not watch (a lot's
-- pledge, item, parent, quantity and created; a shipment's receiver; a
-- shipment line's lot; a use's lot, type and quantity; a need's
-- organisation). An upsert that updates fires the UPDATE triggers only.
DROP TRIGGER need_lines_progress_pledge;
DROP TRIGGER need_lines_progress_pledge_status;
DROP TRIGGER need_lines_progress_lot;
DROP TRIGGER need_lines_progress_handoff;
DROP TRIGGER need_lines_progress_receipt;
DROP TRIGGER need_lines_progress_use;
DROP TRIGGER need_lines_progress_use_corrected;

-- Pledged: a pledge line made (unless its pledge is cancelled), a pledge
-- cancelled or taken back from cancelled (± its lines).
CREATE TRIGGER need_lines_pledged_line AFTER INSERT ON pledge_lines WHEN NEW.need_line_id IS NOT NULL BEGIN
	UPDATE need_lines SET pledged = pledged + NEW.quantity
	WHERE id = NEW.need_line_id AND (SELECT p.status FROM pledges p WHERE p.id = NEW.pledge_id) != 'cancelled';
END;
CREATE TRIGGER need_lines_pledged_status AFTER UPDATE OF status ON pledges WHEN (NEW.status = 'cancelled') != (OLD.status = 'cancelled') BEGIN
	UPDATE need_lines SET pledged = pledged + iif(NEW.status = 'cancelled', -1, 1)
		* (SELECT sum(pl.quantity) FROM pledge_lines pl WHERE pl.pledge_id = NEW.id AND +pl.need_line_id = need_lines.id)
	WHERE id IN (SELECT pl.need_line_id FROM pledge_lines pl WHERE pl.pledge_id = NEW.id);
END;

-- Received, and delivered when the need's organisation made the lot
-- itself (its organisation is in entry_orgs of the lot's entry): a lot
-- made from a pledge, not split from another.
CREATE TRIGGER need_lines_received_lot AFTER INSERT ON lots WHEN NEW.pledge != '' AND NEW.parent = '' BEGIN
	UPDATE need_lines SET received = received + NEW.quantity,
		delivered = delivered + iif(EXISTS (SELECT 1 FROM needs n JOIN entry_orgs eo ON eo.org = n.org_id AND eo.idx = NEW.created WHERE n.id = need_lines.need_id), NEW.quantity, 0)
	WHERE id = (SELECT pl.need_line_id FROM pledges p JOIN pledge_lines pl ON pl.pledge_id = p.id
		WHERE p.code = NEW.pledge AND pl.item_id = NEW.item ORDER BY pl.line_no LIMIT 1);
END;

-- Delivered: what the need's organisation received in a shipment of the
-- line's lots. A shipment turning received (or back) adds (takes away)
-- its lines' received; a line's received changed on a received shipment,
-- or a line written to one already received, adds the difference.
CREATE TRIGGER need_lines_delivered_handoff AFTER UPDATE OF status ON handoffs WHEN (NEW.status = 'received') != (OLD.status = 'received') BEGIN
	UPDATE need_lines SET delivered = delivered + iif(NEW.status = 'received', 1, -1)
		* (SELECT sum(hl.received) FROM handoff_lines hl JOIN lots l ON l.code = hl.lot WHERE hl.handoff_id = NEW.id
			AND (SELECT pl.need_line_id FROM pledges p JOIN pledge_lines pl ON pl.pledge_id = p.id
				WHERE p.code = l.pledge AND pl.item_id = l.item ORDER BY pl.line_no LIMIT 1) = need_lines.id)
	WHERE id IN (SELECT (SELECT pl.need_line_id FROM pledges p JOIN pledge_lines pl ON pl.pledge_id = p.id
				WHERE p.code = l.pledge AND pl.item_id = l.item ORDER BY pl.line_no LIMIT 1)
			FROM handoff_lines hl JOIN lots l ON l.code = hl.lot WHERE hl.handoff_id = NEW.id AND l.pledge != '')
		AND (SELECT n.org_id FROM needs n WHERE n.id = need_lines.need_id) = NEW.to_org;
END;
CREATE TRIGGER need_lines_delivered_receipt AFTER UPDATE OF received ON handoff_lines WHEN NEW.received != OLD.received BEGIN
	UPDATE need_lines SET delivered = delivered + NEW.received - OLD.received
	WHERE id = (SELECT pl.need_line_id FROM lots l JOIN pledges p ON p.code = l.pledge JOIN pledge_lines pl ON pl.pledge_id = p.id
			WHERE l.code = NEW.lot AND pl.item_id = l.item ORDER BY pl.line_no LIMIT 1)
		AND (SELECT n.org_id FROM needs n WHERE n.id = need_lines.need_id)
			= (SELECT h.to_org FROM handoffs h WHERE h.id = NEW.handoff_id AND h.status = 'received');
END;
CREATE TRIGGER need_lines_delivered_receipt_new AFTER INSERT ON handoff_lines WHEN NEW.received != 0 BEGIN
	UPDATE need_lines SET delivered = delivered + NEW.received
	WHERE id = (SELECT pl.need_line_id FROM lots l JOIN pledges p ON p.code = l.pledge JOIN pledge_lines pl ON pl.pledge_id = p.id
			WHERE l.code = NEW.lot AND pl.item_id = l.item ORDER BY pl.line_no LIMIT 1)
		AND (SELECT n.org_id FROM needs n WHERE n.id = need_lines.need_id)
			= (SELECT h.to_org FROM handoffs h WHERE h.id = NEW.handoff_id AND h.status = 'received');
END;

-- Used: a use of the line's lots recorded (not already corrected), or
-- corrected (or its correction undone).
CREATE TRIGGER need_lines_used AFTER INSERT ON lot_finals WHEN NEW.type = 'lot.used' AND NEW.corrected_by = 0 BEGIN
	UPDATE need_lines SET used = used + NEW.quantity
	WHERE id = (SELECT pl.need_line_id FROM lots l JOIN pledges p ON p.code = l.pledge JOIN pledge_lines pl ON pl.pledge_id = p.id
		WHERE l.code = NEW.lot AND pl.item_id = l.item ORDER BY pl.line_no LIMIT 1);
END;
CREATE TRIGGER need_lines_used_corrected AFTER UPDATE OF corrected_by ON lot_finals
	WHEN NEW.type = 'lot.used' AND (NEW.corrected_by = 0) != (OLD.corrected_by = 0) BEGIN
	UPDATE need_lines SET used = used + iif(NEW.corrected_by = 0, 1, -1) * NEW.quantity
	WHERE id = (SELECT pl.need_line_id FROM lots l JOIN pledges p ON p.code = l.pledge JOIN pledge_lines pl ON pl.pledge_id = p.id
		WHERE l.code = NEW.lot AND pl.item_id = l.item ORDER BY pl.line_no LIMIT 1);
END;
