-- A size can be sold out on its own (issue 9: its recipe ran out while the others' did not).
ALTER TABLE menu.variants ADD COLUMN is_available boolean NOT NULL DEFAULT true;
