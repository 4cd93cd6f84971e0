-- Orders (issue 6): one pipeline for every channel. Lines capture their price, tax and
-- kitchen data when ordered; every status change is kept in status_history; order numbers
-- count per restaurant per local business day. Every table is tenant-owned under row-level
-- security; guests reach their orders through signed tokens that name the tenant.

CREATE TABLE orders.orders (
  id uuid PRIMARY KEY,
  tenant_id uuid NOT NULL,
  number text NOT NULL CHECK (number ~ '^ORD_[0-9]{8}_[0-9]{3,}$'),
  business_date date NOT NULL,
  channel text NOT NULL CHECK (channel IN ('dine_in', 'takeout', 'delivery', 'online')),
  source text NOT NULL CHECK (source IN ('pos', 'qr', 'web', 'api')),
  status text NOT NULL CHECK (status IN ('pending', 'confirmed', 'preparing', 'ready', 'served',
    'picked_up', 'out_for_delivery', 'delivered', 'completed', 'cancelled', 'payment_failed')),
  table_id uuid,
  table_number text,
  session_id uuid,
  customer_id uuid,
  customer jsonb,
  delivery_address jsonb,
  notes text,
  promo_code text,
  currency text NOT NULL CHECK (currency ~ '^[A-Z]{3}$'),
  prices_include_tax boolean NOT NULL,
  discounts jsonb NOT NULL DEFAULT '[]'::jsonb,
  taxes jsonb NOT NULL DEFAULT '[]'::jsonb,
  subtotal bigint NOT NULL,
  discount_total bigint NOT NULL CHECK (discount_total >= 0),
  tax_total bigint NOT NULL,
  total bigint NOT NULL,
  cancel_reason text,
  placed_by text,
  version integer NOT NULL DEFAULT 1,
  created_at timestamptz NOT NULL,
  updated_at timestamptz NOT NULL,
  CONSTRAINT orders_dine_in_table CHECK (channel <> 'dine_in' OR session_id IS NOT NULL),
  CONSTRAINT orders_delivery_address CHECK (channel <> 'delivery' OR delivery_address IS NOT NULL)
);
-- Unique per restaurant: the counter below hands numbers out, this is the backstop.
CREATE UNIQUE INDEX orders_number_key ON orders.orders (tenant_id, number);
CREATE INDEX orders_newest ON orders.orders (tenant_id, created_at DESC, id DESC);
CREATE INDEX orders_session ON orders.orders (session_id) WHERE session_id IS NOT NULL;
CREATE INDEX orders_table ON orders.orders (tenant_id, table_id) WHERE table_id IS NOT NULL;
CREATE INDEX orders_customer ON orders.orders (tenant_id, customer_id) WHERE customer_id IS NOT NULL;
CREATE INDEX orders_open ON orders.orders (tenant_id, status)
  WHERE status NOT IN ('completed', 'cancelled');
SELECT brigade.enforce_tenant_isolation('orders.orders');

CREATE TABLE orders.order_lines (
  id uuid PRIMARY KEY,
  tenant_id uuid NOT NULL,
  order_id uuid NOT NULL REFERENCES orders.orders (id),
  position integer NOT NULL CHECK (position >= 1),
  menu_item_id uuid NOT NULL,
  category_id uuid NOT NULL,
  name text NOT NULL,
  variant_id uuid,
  variant_name text,
  -- [{ id, group_id, name, price_delta }] as priced.
  options jsonb NOT NULL DEFAULT '[]'::jsonb,
  quantity integer NOT NULL CHECK (quantity BETWEEN 1 AND 99),
  unit_price bigint NOT NULL,
  subtotal bigint NOT NULL,
  discount bigint NOT NULL DEFAULT 0,
  tax_category text NOT NULL,
  tax_name text NOT NULL,
  tax_rate_bps integer NOT NULL CHECK (tax_rate_bps BETWEEN 0 AND 10000),
  tax bigint NOT NULL,
  total bigint NOT NULL,
  notes text,
  seat integer,
  course integer NOT NULL DEFAULT 1,
  station text,
  prep_time_seconds integer,
  kitchen_state text NOT NULL DEFAULT 'queued' CHECK (kitchen_state IN ('queued', 'started', 'done')),
  status text NOT NULL DEFAULT 'active' CHECK (status IN ('active', 'voided')),
  void_reason text,
  voided_at timestamptz,
  voided_by text,
  created_at timestamptz NOT NULL,
  CONSTRAINT order_lines_position_key UNIQUE (order_id, position)
);
CREATE INDEX order_lines_tenant ON orders.order_lines (tenant_id, order_id);
SELECT brigade.enforce_tenant_isolation('orders.order_lines');

CREATE TABLE orders.status_history (
  id uuid PRIMARY KEY,
  tenant_id uuid NOT NULL,
  order_id uuid NOT NULL REFERENCES orders.orders (id),
  status text NOT NULL,
  from_status text,
  changed_by text NOT NULL,
  reason text,
  at timestamptz NOT NULL
);
CREATE INDEX status_history_order ON orders.status_history (order_id, at, id);
SELECT brigade.enforce_tenant_isolation('orders.status_history');

-- The last order number handed out per restaurant and local business day: incremented with
-- INSERT … ON CONFLICT DO UPDATE inside the order's transaction, so concurrent orders queue
-- on the row and never share a number, and a rolled-back order gives its number back.
CREATE TABLE orders.daily_counters (
  tenant_id uuid NOT NULL,
  business_date date NOT NULL,
  last_number integer NOT NULL,
  PRIMARY KEY (tenant_id, business_date)
);
SELECT brigade.enforce_tenant_isolation('orders.daily_counters');

SELECT messaging.create_outbox('orders');
