-- Indexes no statement reads (TestQueryPlans now checks pledges and need
-- lines too): pledges_by_holder (0012) was rewritten by every change of a
-- pledge's status or holder (0.3 of the pages a confirmation dirtied at
-- 1M entries), pledges being found by need, donor and code, and the
-- pledges an organisation expects through pledges_expected;
-- need_lines_by_item (0005): a need's lines are read by need, open ones
-- by item through need_lines_open_by_item and need_lines_short. Neither
-- parent (organisations, items) is ever deleted, so no foreign-key check
-- needs them.
DROP INDEX pledges_by_holder;
DROP INDEX need_lines_by_item;
