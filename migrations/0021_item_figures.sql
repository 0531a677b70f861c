-- An item's figures a page at a time, largest first (ledger/sqlite/
-- figures_items.go): the organisations that used most of it, the flows
-- that carried most of it. The transparency page draws the top of each;
-- the item's page lists them all. The use index is partial: its query
-- repeats kind = 'org_used'.
CREATE INDEX fig_sums_org_used ON fig_sums (name, qty, key) WHERE kind = 'org_used';
CREATE INDEX fig_flows_by_qty ON fig_flows (item, qty, from_org, donor, to_org);
