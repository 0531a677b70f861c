-- The GTIN a manufacturer printed on a lot's packaging (GS1 barcode), as
-- scanned or typed at receipt; '' when unknown. Splits keep it.
ALTER TABLE lots ADD COLUMN gtin TEXT NOT NULL DEFAULT '';
