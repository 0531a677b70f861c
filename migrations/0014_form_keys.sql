-- A form's one-time key remembers the page of what its submission made,
-- so a reload, the back button or a double tap leads there instead of
-- making it twice.
ALTER TABLE form_nonces ADD COLUMN made TEXT NOT NULL DEFAULT '';
