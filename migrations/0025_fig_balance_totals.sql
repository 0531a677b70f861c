-- The platform's money totals as rows of their own (fig_sums, kinds bal_*,
-- key 0), counted beside each organisation's in the same write
-- (ledger/sqlite/figures.go, addBalance), so the funds page reads one row
-- per currency and kind instead of summing every organisation's. Filled
-- here from the organisations' rows; CheckFigures compares them with a
-- full replay like every other figure.
INSERT INTO fig_sums (kind, key, name, qty)
	SELECT kind, 0, name, sum(qty) FROM fig_sums
	WHERE kind IN ('bal_donated', 'bal_transferred_in', 'bal_disbursed', 'bal_spent', 'bal_written_off', 'bal_held', 'bal_in_transit') AND key != 0
	GROUP BY kind, name;
