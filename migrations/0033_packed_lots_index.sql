-- lots_by_pack (0010) listed every lot under its pack, the loose ones
-- (nearly all: none at all in a simulated operation of 1M entries) under
-- '' in code order: every new lot, and every lot the writer saves (its
-- upsert sets pack), rewrote a leaf of that index at the place of its
-- code, a random one (1.6 of the ~19 pages a confirmation dirtied at 1M
-- entries, each written to the WAL and copied back by the checkpoint).
-- Only a pack's contents are ever looked up by it, so only packed lots
-- are kept; the queries repeat the WHERE (pack = +? AND pack != '') so
-- SQLite can use it.
DROP INDEX lots_by_pack;
CREATE INDEX lots_by_pack ON lots (pack, code) WHERE pack != '';
