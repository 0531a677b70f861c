-- Indexes for lookups that must not grow with the data. A partial index
-- (WHERE pack != '') cannot serve `WHERE pack = ?` with a bound parameter,
-- so every custody write and trace scanned all lots: these are full. The
-- trailing columns give the lists their order without a sort.
DROP INDEX lots_by_pack;
CREATE INDEX lots_by_pack ON lots (pack, code);
DROP INDEX lots_by_parent;
CREATE INDEX lots_by_parent ON lots (parent, created, code);
DROP INDEX lots_by_pledge;
CREATE INDEX lots_by_pledge ON lots (pledge, created, code);
-- A holder's stock and money, in the order the pages list them; the
-- queries repeat each partial index's WHERE, so SQLite can use it.
CREATE INDEX lots_in_stock ON lots (holder, item, expiry = '', expiry, since, code) WHERE pack = '' AND held > 0;
CREATE INDEX lots_money_held ON lots (holder, unit, since, code) WHERE item = 'money' AND held > 0;
CREATE INDEX handoffs_open_via ON handoffs (via_org, id) WHERE status IN ('dispatched', 'picked_up');
CREATE INDEX spendings_by_org_entry ON spendings (org, entry);
CREATE INDEX pledges_money_by_need ON pledges (need_id, currency) WHERE kind = 'money';
CREATE INDEX pledges_by_donor_org ON pledges (donor_org, id);
