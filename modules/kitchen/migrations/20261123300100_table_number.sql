-- The table's label ("T2") on tickets and the expo: cooks call orders by table, not by id.
ALTER TABLE kitchen.orders ADD COLUMN table_number text;
