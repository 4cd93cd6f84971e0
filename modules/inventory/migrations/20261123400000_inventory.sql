-- Inventory (issue 9): ingredients, lots, stock transactions and levels, recipes, consumption
-- by order events, alerts, suppliers and purchase orders, stock counts.
--
-- Quantities are kept in the ingredient's BASE unit (g for mass, ml for volume, piece for
-- count) as numeric; the level of an ingredient is always the sum of its transactions
-- (inventory.levels is that sum, kept in the same transaction as each movement for fast reads).
-- Money is integer minor units of the restaurant's currency.

CREATE TABLE inventory.settings (
  tenant_id uuid PRIMARY KEY,
  -- refuse: a stock-out that would take a level below zero is refused; consumption by an order
  -- (already accepted) takes what there is and records the shortage. allow: levels may go
  -- negative; the ingredient is flagged.
  negative_stock text NOT NULL DEFAULT 'refuse' CHECK (negative_stock IN ('refuse', 'allow')),
  expiry_warning_days integer NOT NULL DEFAULT 3 CHECK (expiry_warning_days BETWEEN 0 AND 365),
  updated_at timestamptz NOT NULL
);
SELECT brigade.enforce_tenant_isolation('inventory.settings');

CREATE TABLE inventory.suppliers (
  id uuid PRIMARY KEY,
  tenant_id uuid NOT NULL,
  name text NOT NULL,
  contact_name text,
  email text,
  phone text,
  lead_time_days integer NOT NULL DEFAULT 1 CHECK (lead_time_days BETWEEN 0 AND 365),
  notes text,
  created_at timestamptz NOT NULL,
  updated_at timestamptz NOT NULL
);
CREATE UNIQUE INDEX suppliers_name_key ON inventory.suppliers (tenant_id, lower(name));
SELECT brigade.enforce_tenant_isolation('inventory.suppliers');

CREATE TABLE inventory.ingredients (
  id uuid PRIMARY KEY,
  tenant_id uuid NOT NULL,
  name text NOT NULL,
  sku text,
  -- The unit it is bought and counted in; quantities are stored in its base unit.
  unit text NOT NULL CHECK (unit IN ('g', 'kg', 'ml', 'l', 'piece')),
  base_unit text NOT NULL CHECK (base_unit IN ('g', 'ml', 'piece')),
  -- Minor units per one `unit` (e.g. paise per kg).
  cost_per_unit integer NOT NULL CHECK (cost_per_unit >= 0),
  category text,
  storage_location text,
  -- In base units.
  reorder_point numeric(18, 3) NOT NULL DEFAULT 0 CHECK (reorder_point >= 0),
  par_level numeric(18, 3) NOT NULL DEFAULT 0 CHECK (par_level >= 0),
  supplier_id uuid REFERENCES inventory.suppliers (id),
  archived boolean NOT NULL DEFAULT false,
  created_at timestamptz NOT NULL,
  updated_at timestamptz NOT NULL
);
CREATE UNIQUE INDEX ingredients_name_key ON inventory.ingredients (tenant_id, lower(name));
SELECT brigade.enforce_tenant_isolation('inventory.ingredients');

-- The sum of the ingredient's transactions, and the alert state derived from it.
CREATE TABLE inventory.levels (
  ingredient_id uuid PRIMARY KEY REFERENCES inventory.ingredients (id),
  tenant_id uuid NOT NULL,
  quantity numeric(18, 3) NOT NULL DEFAULT 0,
  -- Below (or at) the reorder point: low_stock_detected was published for this crossing.
  low boolean NOT NULL DEFAULT false,
  -- Below zero (allowed by the policy) or short for an order.
  flagged boolean NOT NULL DEFAULT false,
  updated_at timestamptz NOT NULL
);
SELECT brigade.enforce_tenant_isolation('inventory.levels');

CREATE TABLE inventory.lots (
  id uuid PRIMARY KEY,
  tenant_id uuid NOT NULL,
  ingredient_id uuid NOT NULL REFERENCES inventory.ingredients (id),
  lot_code text,
  expires_on date,
  received_quantity numeric(18, 3) NOT NULL CHECK (received_quantity > 0),
  -- Taken first-expiry-first-out by outgoing movements.
  remaining numeric(18, 3) NOT NULL CHECK (remaining >= 0),
  -- Set once, when inventory.lot_expiring.v1 was published for it.
  alerted_at timestamptz,
  created_at timestamptz NOT NULL
);
CREATE INDEX lots_open ON inventory.lots (tenant_id, ingredient_id, expires_on) WHERE remaining > 0;
SELECT brigade.enforce_tenant_isolation('inventory.lots', 'tenant_id', platform_access => true);

CREATE TABLE inventory.transactions (
  id uuid PRIMARY KEY,
  tenant_id uuid NOT NULL,
  ingredient_id uuid NOT NULL REFERENCES inventory.ingredients (id),
  type text NOT NULL CHECK (type IN ('stock_in', 'stock_out', 'waste', 'adjustment', 'consumption', 'return')),
  -- Signed, in base units: stock_in and return add, the others take (an adjustment either).
  quantity numeric(18, 3) NOT NULL,
  -- Minor units per ingredient unit at the time, and the movement's value (signed, rounded).
  unit_cost integer NOT NULL,
  value bigint NOT NULL,
  -- Consumption the stock could not cover (refuse policy), in base units.
  shortage numeric(18, 3) NOT NULL DEFAULT 0 CHECK (shortage >= 0),
  reason text,
  note text,
  lot_id uuid REFERENCES inventory.lots (id),
  order_id uuid,
  line_id uuid,
  purchase_order_id uuid,
  count_id uuid,
  actor text,
  created_at timestamptz NOT NULL
);
CREATE INDEX transactions_ingredient ON inventory.transactions (tenant_id, ingredient_id, created_at, id);
CREATE INDEX transactions_time ON inventory.transactions (tenant_id, created_at, id);
CREATE INDEX transactions_line ON inventory.transactions (line_id) WHERE line_id IS NOT NULL;
SELECT brigade.enforce_tenant_isolation('inventory.transactions');

-- What a menu item, variant or modifier option uses. A variant's recipe replaces its item's;
-- options add to it (a negative quantity removes from it: "no onion").
CREATE TABLE inventory.recipes (
  id uuid PRIMARY KEY,
  tenant_id uuid NOT NULL,
  kind text NOT NULL CHECK (kind IN ('item', 'variant', 'option')),
  target_id uuid NOT NULL,
  -- For items: which item a variant or option recipe belongs to is not needed (ids are unique).
  name text,
  updated_at timestamptz NOT NULL
);
CREATE UNIQUE INDEX recipes_target_key ON inventory.recipes (tenant_id, kind, target_id);
SELECT brigade.enforce_tenant_isolation('inventory.recipes');

CREATE TABLE inventory.recipe_lines (
  recipe_id uuid NOT NULL REFERENCES inventory.recipes (id) ON DELETE CASCADE,
  tenant_id uuid NOT NULL,
  ingredient_id uuid NOT NULL REFERENCES inventory.ingredients (id),
  -- Base units per portion as served (negative: removed from the base recipe).
  quantity numeric(18, 3) NOT NULL CHECK (quantity <> 0),
  -- Usable share of what is taken from stock, in percent (trim, cooking loss): 80 takes 1.25×.
  yield_pct numeric(5, 2) NOT NULL DEFAULT 100 CHECK (yield_pct > 0 AND yield_pct <= 100),
  PRIMARY KEY (recipe_id, ingredient_id)
);
SELECT brigade.enforce_tenant_isolation('inventory.recipe_lines');

-- Orders as inventory saw them: cancelled ones consume nothing, whatever arrives first.
CREATE TABLE inventory.orders (
  id uuid PRIMARY KEY,
  tenant_id uuid NOT NULL,
  cancelled boolean NOT NULL DEFAULT false,
  created_at timestamptz NOT NULL
);
SELECT brigade.enforce_tenant_isolation('inventory.orders');

CREATE TABLE inventory.order_lines (
  line_id uuid PRIMARY KEY,
  tenant_id uuid NOT NULL,
  order_id uuid NOT NULL,
  menu_item_id uuid,
  variant_id uuid,
  option_ids jsonb NOT NULL DEFAULT '[]'::jsonb,
  name text,
  -- null until the line itself arrived (a void may come first).
  quantity integer,
  voided integer NOT NULL DEFAULT 0,
  -- Line revenue in minor units (net of voids, pro rata), for food cost.
  total bigint NOT NULL DEFAULT 0,
  consumed boolean NOT NULL DEFAULT false,
  placed_at timestamptz,
  created_at timestamptz NOT NULL
);
CREATE INDEX order_lines_order ON inventory.order_lines (order_id);
CREATE INDEX order_lines_placed ON inventory.order_lines (tenant_id, placed_at);
SELECT brigade.enforce_tenant_isolation('inventory.order_lines');

-- Menu items and options inventory 86'd because an ingredient ran out (only these are
-- brought back by a restock: a manual 86 stays).
CREATE TABLE inventory.auto_86 (
  tenant_id uuid NOT NULL,
  kind text NOT NULL CHECK (kind IN ('item', 'option')),
  target_id uuid NOT NULL,
  ingredient_id uuid NOT NULL,
  created_at timestamptz NOT NULL,
  PRIMARY KEY (tenant_id, kind, target_id)
);
SELECT brigade.enforce_tenant_isolation('inventory.auto_86');

-- What inventory owes the menu module (86 / back), written with the change that causes it and
-- sent through the menu contract after it commits, in order, until the menu accepts it.
CREATE TABLE inventory.menu_effects (
  id bigserial PRIMARY KEY,
  tenant_id uuid NOT NULL,
  kind text NOT NULL CHECK (kind IN ('item', 'option')),
  target_id uuid NOT NULL,
  available boolean NOT NULL,
  correlation_id text NOT NULL,
  attempts integer NOT NULL DEFAULT 0,
  next_attempt_at timestamptz NOT NULL,
  leased_until timestamptz,
  last_error text,
  created_at timestamptz NOT NULL
);
SELECT brigade.enforce_tenant_isolation('inventory.menu_effects', 'tenant_id', platform_access => true);

CREATE TABLE inventory.purchase_orders (
  id uuid PRIMARY KEY,
  tenant_id uuid NOT NULL,
  supplier_id uuid NOT NULL REFERENCES inventory.suppliers (id),
  status text NOT NULL CHECK (status IN ('draft', 'sent', 'partially_received', 'received', 'closed', 'cancelled')),
  notes text,
  expected_on date,
  sent_at timestamptz,
  closed_at timestamptz,
  created_at timestamptz NOT NULL,
  updated_at timestamptz NOT NULL
);
CREATE INDEX purchase_orders_list ON inventory.purchase_orders (tenant_id, created_at, id);
SELECT brigade.enforce_tenant_isolation('inventory.purchase_orders');

CREATE TABLE inventory.purchase_order_lines (
  id uuid PRIMARY KEY,
  tenant_id uuid NOT NULL,
  purchase_order_id uuid NOT NULL REFERENCES inventory.purchase_orders (id),
  ingredient_id uuid NOT NULL REFERENCES inventory.ingredients (id),
  -- Base units.
  ordered numeric(18, 3) NOT NULL CHECK (ordered > 0),
  received numeric(18, 3) NOT NULL DEFAULT 0 CHECK (received >= 0),
  -- Minor units per ingredient unit.
  unit_cost integer NOT NULL CHECK (unit_cost >= 0),
  position integer NOT NULL
);
CREATE INDEX purchase_order_lines_po ON inventory.purchase_order_lines (purchase_order_id, position);
SELECT brigade.enforce_tenant_isolation('inventory.purchase_order_lines');

CREATE TABLE inventory.counts (
  id uuid PRIMARY KEY,
  tenant_id uuid NOT NULL,
  status text NOT NULL CHECK (status IN ('open', 'posted')),
  note text,
  posted_at timestamptz,
  created_at timestamptz NOT NULL
);
SELECT brigade.enforce_tenant_isolation('inventory.counts');

CREATE TABLE inventory.count_lines (
  count_id uuid NOT NULL REFERENCES inventory.counts (id),
  tenant_id uuid NOT NULL,
  ingredient_id uuid NOT NULL REFERENCES inventory.ingredients (id),
  -- Base units: what the books said when the count was posted, and what was counted.
  expected numeric(18, 3),
  counted numeric(18, 3) NOT NULL CHECK (counted >= 0),
  PRIMARY KEY (count_id, ingredient_id)
);
SELECT brigade.enforce_tenant_isolation('inventory.count_lines');

SELECT messaging.create_outbox('inventory');
