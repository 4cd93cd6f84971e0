-- When orders take stock (issue 9 point 3): `placed` (orders.order_created.v1) or `confirmed`
-- (orders.order_confirmed.v1 — an online order waiting for its payment holds no stock, and a
-- failed payment has nothing to give back). Other channels are confirmed when placed.
ALTER TABLE inventory.settings
  ADD COLUMN consume_on text NOT NULL DEFAULT 'placed' CHECK (consume_on IN ('placed', 'confirmed'));
-- Whether the order was confirmed (its confirmation event, or placed already confirmed).
ALTER TABLE inventory.orders ADD COLUMN confirmed boolean NOT NULL DEFAULT false;
