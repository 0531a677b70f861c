-- A form's content (a hash of who sent it, where, and every field but its
-- key): the same form sent again with a NEW key within minutes (the back
-- button re-fetched the form, then submit) is asked about instead of
-- making a second pledge, lot or need.
ALTER TABLE form_nonces ADD COLUMN content TEXT NOT NULL DEFAULT '';
CREATE INDEX form_nonces_by_content ON form_nonces (content, used);
