-- An organisation's shipments are only ever looked up while open (the
-- stock page and the money desk: openShipment), yet handoffs_to and
-- handoffs_from (0003) kept every shipment under (org, status): each
-- pickup, delivery and receipt moved the shipment's entry in both, the
-- receipt into the organisation's ever-growing 'received' range (at 1M
-- entries 1.3 of the 8.9 pages a receipt's rows dirty, each written to
-- the WAL and copied back by the checkpoint). Partial indexes of the open
-- shipments only, as handoffs_open_via is for carriers: a shipment enters
-- them when dispatched and leaves them when received or rejected, and the
-- open shipments come out in id order without a sort.
DROP INDEX handoffs_to;
DROP INDEX handoffs_from;
CREATE INDEX handoffs_open_to ON handoffs (to_org, id) WHERE status IN ('dispatched', 'picked_up', 'delivered');
CREATE INDEX handoffs_open_from ON handoffs (from_org, id) WHERE status IN ('dispatched', 'picked_up', 'delivered');
