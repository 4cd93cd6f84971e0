-- A size whose own recipe ran out is 86ed on its own (the menu's variant availability).
ALTER TABLE inventory.auto_86 DROP CONSTRAINT IF EXISTS auto_86_kind_check;
ALTER TABLE inventory.auto_86 ADD CONSTRAINT auto_86_kind_check CHECK (kind IN ('item', 'variant', 'option'));
ALTER TABLE inventory.menu_effects DROP CONSTRAINT IF EXISTS menu_effects_kind_check;
ALTER TABLE inventory.menu_effects ADD CONSTRAINT menu_effects_kind_check CHECK (kind IN ('item', 'variant', 'option'));
