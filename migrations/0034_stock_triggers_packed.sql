-- 0033 keeps only packed lots in lots_by_pack (WHERE pack != ''), but the
-- stock_held triggers of 0023 look a pack's contents up by c.pack =
-- NEW.code alone, which that partial index cannot serve: every lot the
-- writer saved scanned all lots. The same triggers, each contents lookup
-- repeating the index's WHERE (TestQueryPlans now plans them).
DROP TRIGGER lots_stock_insert;
DROP TRIGGER lots_stock_update;
DROP TRIGGER lots_stock_delete;
CREATE TRIGGER lots_stock_insert AFTER INSERT ON lots BEGIN
	INSERT INTO stock_held (org, item, held) SELECT NEW.holder, NEW.item, NEW.held
		WHERE NEW.held > 0 AND NEW.item NOT IN ('', 'money') AND (NEW.pack = '' OR (SELECT held FROM lots WHERE code = NEW.pack) > 0)
		ON CONFLICT (org, item) DO UPDATE SET held = held + excluded.held;
	INSERT INTO stock_held (org, item, held) SELECT c.holder, c.item, c.held FROM lots c
		WHERE NEW.item = '' AND NEW.held > 0 AND c.pack = NEW.code AND c.pack != '' AND c.held > 0 AND c.item NOT IN ('', 'money')
		ON CONFLICT (org, item) DO UPDATE SET held = held + excluded.held;
END;
CREATE TRIGGER lots_stock_update AFTER UPDATE OF item, holder, held, pack ON lots
	WHEN OLD.item != NEW.item OR OLD.holder != NEW.holder OR OLD.held != NEW.held OR OLD.pack != NEW.pack BEGIN
	INSERT INTO stock_held (org, item, held) SELECT OLD.holder, OLD.item, -OLD.held
		WHERE OLD.held > 0 AND OLD.item NOT IN ('', 'money') AND (OLD.pack = '' OR (SELECT held FROM lots WHERE code = OLD.pack) > 0)
		ON CONFLICT (org, item) DO UPDATE SET held = held + excluded.held;
	INSERT INTO stock_held (org, item, held) SELECT NEW.holder, NEW.item, NEW.held
		WHERE NEW.held > 0 AND NEW.item NOT IN ('', 'money') AND (NEW.pack = '' OR (SELECT held FROM lots WHERE code = NEW.pack) > 0)
		ON CONFLICT (org, item) DO UPDATE SET held = held + excluded.held;
	INSERT INTO stock_held (org, item, held) SELECT c.holder, c.item, iif(NEW.held > 0, c.held, -c.held) FROM lots c
		WHERE NEW.item = '' AND (OLD.held > 0) != (NEW.held > 0) AND c.pack = NEW.code AND c.pack != '' AND c.held > 0 AND c.item NOT IN ('', 'money')
		ON CONFLICT (org, item) DO UPDATE SET held = held + excluded.held;
END;
CREATE TRIGGER lots_stock_delete AFTER DELETE ON lots BEGIN
	INSERT INTO stock_held (org, item, held) SELECT OLD.holder, OLD.item, -OLD.held
		WHERE OLD.held > 0 AND OLD.item NOT IN ('', 'money') AND (OLD.pack = '' OR (SELECT held FROM lots WHERE code = OLD.pack) > 0)
		ON CONFLICT (org, item) DO UPDATE SET held = held + excluded.held;
	INSERT INTO stock_held (org, item, held) SELECT c.holder, c.item, -c.held FROM lots c
		WHERE OLD.item = '' AND OLD.held > 0 AND c.pack = OLD.code AND c.pack != '' AND c.held > 0 AND c.item NOT IN ('', 'money')
		ON CONFLICT (org, item) DO UPDATE SET held = held + excluded.held;
END;
