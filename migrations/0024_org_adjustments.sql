-- An organisation's stock adjustments (its counts that differed from the
-- books), newest first, a page at a time (keyset on the count's entry):
-- a walk of this index, which the query's WHERE repeats, instead of a sort
-- of every count it made (ledger/sqlite/counts.go, orgAdjustments). It
-- replaces the index by status that only that list used.
CREATE INDEX lot_counts_adjusted ON lot_counts (org, entry) WHERE status != 'matched';
DROP INDEX lot_counts_by_org;
