-- The stock page, a page at a time (keyset): an organisation's loose lots
-- soonest expiry first (no expiry last), and the pledges of goods it is
-- to receive, soonest handover date first. Partial indexes whose WHERE the
-- queries repeat (ledger/sqlite/custody_read.go, Store.Stock).
CREATE INDEX lots_by_expiry ON lots (holder, expiry = '', expiry, code) WHERE pack = '' AND held > 0;
CREATE INDEX pledges_expected ON pledges (holder, due, id) WHERE kind = 'goods' AND status IN ('pledged', 'received');
