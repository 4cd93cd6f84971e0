-- A failed payment releases what the order held (seed 001 §7.4): `released` while the order
-- waits in payment_failed; `status_version` is the order version of the last payment-hold
-- event applied, so a stale one arriving late changes nothing.
ALTER TABLE inventory.orders
  ADD COLUMN released boolean NOT NULL DEFAULT false,
  ADD COLUMN status_version integer NOT NULL DEFAULT 0;
-- An order's movements (releasing them, the transactions list filtered by order).
CREATE INDEX transactions_order ON inventory.transactions (order_id) WHERE order_id IS NOT NULL;
