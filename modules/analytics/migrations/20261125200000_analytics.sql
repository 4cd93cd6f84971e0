-- Analytics (issue 8 point 4): a read model of sales built only from the orders and payments
-- modules' events. Events of one order may arrive in any order: every row can be started by
-- whichever event comes first and is completed by the others. Money is integer minor units.

-- One row per order. placed_at and channel come with orders.order_created; the totals are
-- those of the newest event that carried them (totals_at: that event's occurred_at).
CREATE TABLE analytics.orders (
  tenant_id uuid NOT NULL,
  order_id uuid NOT NULL,
  channel text,
  placed_at timestamptz,
  total bigint,
  totals_at timestamptz,
  cancelled boolean NOT NULL DEFAULT false,
  PRIMARY KEY (tenant_id, order_id)
);
CREATE INDEX orders_placed ON analytics.orders (tenant_id, placed_at);
SELECT brigade.enforce_tenant_isolation('analytics.orders');

-- One row per order line. quantity and total are the line as placed (null until its creating
-- event arrives); voided_quantity sums the voids, which may arrive first.
CREATE TABLE analytics.order_lines (
  tenant_id uuid NOT NULL,
  line_id uuid NOT NULL,
  order_id uuid NOT NULL,
  menu_item_id uuid NOT NULL,
  name text NOT NULL,
  quantity integer,
  total bigint,
  voided_quantity integer NOT NULL DEFAULT 0,
  PRIMARY KEY (tenant_id, line_id)
);
CREATE INDEX order_lines_order ON analytics.order_lines (tenant_id, order_id);
SELECT brigade.enforce_tenant_isolation('analytics.order_lines');

-- Money taken (amount and tip) and given back, each on the instant it happened.
CREATE TABLE analytics.payments (
  tenant_id uuid NOT NULL,
  payment_id uuid NOT NULL,
  method text NOT NULL,
  amount bigint NOT NULL,
  tip bigint NOT NULL,
  completed_at timestamptz NOT NULL,
  PRIMARY KEY (tenant_id, payment_id)
);
CREATE INDEX payments_completed ON analytics.payments (tenant_id, completed_at);
SELECT brigade.enforce_tenant_isolation('analytics.payments');

CREATE TABLE analytics.refunds (
  tenant_id uuid NOT NULL,
  refund_id uuid NOT NULL,
  payment_id uuid NOT NULL,
  method text NOT NULL,
  amount bigint NOT NULL,
  refunded_at timestamptz NOT NULL,
  PRIMARY KEY (tenant_id, refund_id)
);
CREATE INDEX refunds_refunded ON analytics.refunds (tenant_id, refunded_at);
SELECT brigade.enforce_tenant_isolation('analytics.refunds');
