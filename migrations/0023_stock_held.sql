-- What each organisation holds of each item, the totals its stock page and
-- its public page open with: the lots of goods it holds at hand (loose, or
-- in a pack it holds at hand; a pack in transit takes its contents out of
-- the sender's stock). A page used to sum every lot the organisation ever
-- held on each request, which grows with the data; these rows are kept by
-- triggers on lots in the transaction of every write, so they always equal
-- that sum (TestStockHeldEqualsTheLots).
CREATE TABLE stock_held (
	org  INTEGER NOT NULL,
	item TEXT NOT NULL,
	held INTEGER NOT NULL,
	PRIMARY KEY (org, item)
) STRICT, WITHOUT ROWID;

INSERT INTO stock_held (org, item, held)
	SELECT l.holder, l.item, sum(l.held) FROM lots l LEFT JOIN lots p ON p.code = l.pack
	WHERE l.held > 0 AND l.item NOT IN ('', 'money') AND (l.pack = '' OR p.held > 0) GROUP BY l.holder, l.item;

-- A lot counts while it holds some of an item at hand; a pack's contents
-- count while the pack is at hand (held > 0). Each trigger adds what one
-- row's change does to that sum: the row's own part before and after, and
-- its contents' parts when a pack leaves or comes back to hand.
CREATE TRIGGER lots_stock_insert AFTER INSERT ON lots BEGIN
	INSERT INTO stock_held (org, item, held) SELECT NEW.holder, NEW.item, NEW.held
		WHERE NEW.held > 0 AND NEW.item NOT IN ('', 'money') AND (NEW.pack = '' OR (SELECT held FROM lots WHERE code = NEW.pack) > 0)
		ON CONFLICT (org, item) DO UPDATE SET held = held + excluded.held;
	INSERT INTO stock_held (org, item, held) SELECT c.holder, c.item, c.held FROM lots c
		WHERE NEW.item = '' AND NEW.held > 0 AND c.pack = NEW.code AND c.held > 0 AND c.item NOT IN ('', 'money')
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
		WHERE NEW.item = '' AND (OLD.held > 0) != (NEW.held > 0) AND c.pack = NEW.code AND c.held > 0 AND c.item NOT IN ('', 'money')
		ON CONFLICT (org, item) DO UPDATE SET held = held + excluded.held;
END;
CREATE TRIGGER lots_stock_delete AFTER DELETE ON lots BEGIN
	INSERT INTO stock_held (org, item, held) SELECT OLD.holder, OLD.item, -OLD.held
		WHERE OLD.held > 0 AND OLD.item NOT IN ('', 'money') AND (OLD.pack = '' OR (SELECT held FROM lots WHERE code = OLD.pack) > 0)
		ON CONFLICT (org, item) DO UPDATE SET held = held + excluded.held;
	INSERT INTO stock_held (org, item, held) SELECT c.holder, c.item, -c.held FROM lots c
		WHERE OLD.item = '' AND OLD.held > 0 AND c.pack = OLD.code AND c.held > 0 AND c.item NOT IN ('', 'money')
		ON CONFLICT (org, item) DO UPDATE SET held = held + excluded.held;
END;

-- With triggers on lots, a lot's write plans the foreign-key lookups of the
-- tables that refer to it (run only after a violation); each has an index
-- but money_receipts, which the plan test would see scanned.
CREATE INDEX money_receipts_by_lot ON money_receipts (lot);
