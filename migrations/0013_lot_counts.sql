-- Stock counts (lot.counted, lot.count_reviewed): what a count found where
-- the books held; status matched, adjusted, pending, approved or rejected.
-- A pending count freezes its lot until a second member reviews it.
CREATE TABLE lot_counts (
	entry INTEGER PRIMARY KEY,
	lot TEXT NOT NULL REFERENCES lots (code),
	org INTEGER NOT NULL,
	user INTEGER NOT NULL,
	held INTEGER NOT NULL,
	counted INTEGER NOT NULL,
	reason TEXT NOT NULL,
	status TEXT NOT NULL
) STRICT;
CREATE INDEX lot_counts_by_lot ON lot_counts (lot, status);
CREATE INDEX lot_counts_by_org ON lot_counts (org, status);
