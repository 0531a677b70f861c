-- Indexes on the tables every custody write grows that no statement reads
-- (TestQueryPlans fails on an index of those tables no plan uses): each
-- cost a B-tree write for every entry, subject or lot the writer stored.
-- entries_by_org: an organisation's entries are found through entry_orgs
-- (0022); entry_subjects_by_idx: subjects are looked up by subject;
-- lots_by_holder and lots_held_since: the stock pages walk lots_in_stock
-- and lots_by_expiry; handoffs_via: carriers' open shipments are found
-- through handoffs_open_via.
DROP INDEX entries_by_org;
DROP INDEX entry_subjects_by_idx;
DROP INDEX lots_by_holder;
DROP INDEX lots_held_since;
DROP INDEX handoffs_via;
