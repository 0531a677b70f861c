-- The needs board lists published needs most urgent first, then by the
-- earliest deadline, a page at a time (keyset). Each need keeps its board
-- order in two columns, kept by triggers from its open lines (the urgency
-- ranks are ledger.Urgencies' order; 3 = no open line, as UrgencyRank
-- gives), so a page is a walk of an index instead of a sort of every need.
ALTER TABLE needs ADD COLUMN board_rank INTEGER NOT NULL DEFAULT 3;
ALTER TABLE needs ADD COLUMN board_deadline TEXT NOT NULL DEFAULT '';

UPDATE needs SET (board_rank, board_deadline) = (SELECT coalesce(min(CASE l.urgency WHEN 'critical' THEN 0 WHEN 'high' THEN 1 WHEN 'normal' THEN 2 END), 3), coalesce(min(l.deadline), '')
	FROM need_lines l WHERE l.need_id = needs.id AND l.removed = 0);

CREATE TRIGGER need_lines_board_insert AFTER INSERT ON need_lines BEGIN
	UPDATE needs SET (board_rank, board_deadline) = (SELECT coalesce(min(CASE l.urgency WHEN 'critical' THEN 0 WHEN 'high' THEN 1 WHEN 'normal' THEN 2 END), 3), coalesce(min(l.deadline), '')
		FROM need_lines l WHERE l.need_id = NEW.need_id AND l.removed = 0) WHERE id = NEW.need_id;
END;
CREATE TRIGGER need_lines_board_update AFTER UPDATE OF urgency, deadline, removed ON need_lines BEGIN
	UPDATE needs SET (board_rank, board_deadline) = (SELECT coalesce(min(CASE l.urgency WHEN 'critical' THEN 0 WHEN 'high' THEN 1 WHEN 'normal' THEN 2 END), 3), coalesce(min(l.deadline), '')
		FROM need_lines l WHERE l.need_id = NEW.need_id AND l.removed = 0) WHERE id = NEW.need_id;
END;
CREATE TRIGGER need_lines_board_delete AFTER DELETE ON need_lines BEGIN
	UPDATE needs SET (board_rank, board_deadline) = (SELECT coalesce(min(CASE l.urgency WHEN 'critical' THEN 0 WHEN 'high' THEN 1 WHEN 'normal' THEN 2 END), 3), coalesce(min(l.deadline), '')
		FROM need_lines l WHERE l.need_id = OLD.need_id AND l.removed = 0) WHERE id = OLD.need_id;
END;

CREATE INDEX needs_board ON needs (board_rank, board_deadline, id) WHERE status = 'published';
CREATE INDEX needs_board_by_org ON needs (org_id, board_rank, board_deadline, id) WHERE status = 'published';
-- The filters: recipients with open needs; items open needs ask for.
CREATE INDEX need_lines_open_by_item ON need_lines (item_id, need_id) WHERE removed = 0;
