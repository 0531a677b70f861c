-- Money. Money lots are rows of lots (item 'money', unit = the currency,
-- quantities in minor units) and disbursements are handoffs. These tables
-- mirror money.received and money.spent for queries and are re-derivable
-- from the ledger, except bank_refs: the bank reference is private; the
-- entry holds only its SHA-256.
CREATE TABLE money_receipts (
	entry        INTEGER PRIMARY KEY REFERENCES entries (idx),
	pledge       TEXT NOT NULL UNIQUE,
	lot          TEXT NOT NULL REFERENCES lots (code),
	org          INTEGER NOT NULL REFERENCES orgs (id),
	currency     TEXT NOT NULL,
	amount_minor INTEGER NOT NULL CHECK (amount_minor > 0),
	value_date   TEXT NOT NULL,
	ref_sha256   TEXT NOT NULL
) STRICT;
CREATE INDEX money_receipts_by_org ON money_receipts (org);

CREATE TABLE bank_refs (
	entry     INTEGER PRIMARY KEY REFERENCES money_receipts (entry),
	reference TEXT NOT NULL
) STRICT;

CREATE TABLE spendings (
	entry          INTEGER PRIMARY KEY REFERENCES entries (idx),
	org            INTEGER NOT NULL REFERENCES orgs (id),
	category       TEXT NOT NULL CHECK (category IN ('supplies', 'bank_fee', 'transport', 'storage', 'admin', 'other')),
	currency       TEXT NOT NULL,
	total_minor    INTEGER NOT NULL CHECK (total_minor > 0),
	supplier       TEXT NOT NULL DEFAULT '',
	invoice_sha256 TEXT NOT NULL DEFAULT '',
	purpose        TEXT NOT NULL DEFAULT '',
	spent_on       TEXT NOT NULL
) STRICT;
CREATE INDEX spendings_by_org ON spendings (org, category);

-- The money lots a spending drew on; the lots bought are the lots whose
-- created is the spending's entry.
CREATE TABLE spending_lines (
	entry        INTEGER NOT NULL REFERENCES spendings (entry),
	lot          TEXT NOT NULL REFERENCES lots (code),
	amount_minor INTEGER NOT NULL CHECK (amount_minor > 0),
	PRIMARY KEY (entry, lot)
) STRICT;
CREATE INDEX spending_lines_by_lot ON spending_lines (lot);
