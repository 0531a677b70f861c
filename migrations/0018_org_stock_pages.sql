-- An organisation's public stock list, oldest first, a page at a time:
-- the lots it holds in the order the page lists them.
CREATE INDEX lots_held_since ON lots (holder, since, code) WHERE held > 0;
