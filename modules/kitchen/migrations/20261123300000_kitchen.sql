-- Kitchen (issue 6 points 6–8): the kitchen display (tickets per order, station and course,
-- built from the orders module's events), kitchen workers (seed 004) and the queue of effects
-- the kitchen owes the orders module (line progress, ready), sent after each change commits.
--
-- The sweep (late tickets, vanished workers, pending effects) looks for work across tenants,
-- so tickets, workers and effects are readable in platform scope; every change is then made
-- in the tenant's own transaction.

-- What the kitchen knows of an order, from its events: enough to route, hold, fire and show it.
CREATE TABLE kitchen.orders (
  id uuid PRIMARY KEY,
  tenant_id uuid NOT NULL,
  number text NOT NULL,
  channel text NOT NULL CHECK (channel IN ('dine_in', 'takeout', 'delivery', 'online')),
  table_id uuid,
  -- The order's status as its newest event said, and when that event happened (status events
  -- have subscribers of their own and may be taken out of order: an older one never wins).
  status text NOT NULL,
  status_at timestamptz,
  -- Courses up to this one are fired (once the order is confirmed); later ones are held.
  fired_through integer NOT NULL DEFAULT 1 CHECK (fired_through BETWEEN 1 AND 9),
  -- Whether order_created arrived (a status event may come first and create the row).
  lines_received boolean NOT NULL DEFAULT false,
  placed_at timestamptz NOT NULL,
  created_at timestamptz NOT NULL,
  updated_at timestamptz NOT NULL
);
CREATE INDEX orders_open ON kitchen.orders (tenant_id, placed_at, id)
  WHERE status IN ('confirmed', 'preparing', 'ready');
SELECT brigade.enforce_tenant_isolation('kitchen.orders');

CREATE TABLE kitchen.workers (
  id uuid PRIMARY KEY,
  tenant_id uuid NOT NULL,
  name text NOT NULL CHECK (name ~ '^[A-Za-z0-9][A-Za-z0-9 ._-]{0,59}$'),
  -- Empty: every station / every order type.
  stations jsonb NOT NULL DEFAULT '[]'::jsonb,
  order_types jsonb NOT NULL DEFAULT '[]'::jsonb,
  prefetch integer NOT NULL CHECK (prefetch BETWEEN 1 AND 50),
  -- online until the sweep sees no heartbeat within the timeout (then offline, tickets released).
  status text NOT NULL CHECK (status IN ('online', 'offline')),
  orders_processed integer NOT NULL DEFAULT 0,
  last_seen_at timestamptz NOT NULL,
  created_at timestamptz NOT NULL,
  updated_at timestamptz NOT NULL
);
CREATE UNIQUE INDEX workers_name_key ON kitchen.workers (tenant_id, lower(name));
CREATE INDEX workers_online ON kitchen.workers (last_seen_at) WHERE status = 'online';
SELECT brigade.enforce_tenant_isolation('kitchen.workers', 'tenant_id', platform_access => true);

-- One ticket per (order, station, course); void tickets tell a station to stop making something.
CREATE TABLE kitchen.tickets (
  id uuid PRIMARY KEY,
  tenant_id uuid NOT NULL,
  order_id uuid NOT NULL REFERENCES kitchen.orders (id),
  station text NOT NULL,
  course integer NOT NULL CHECK (course BETWEEN 1 AND 9),
  type text NOT NULL CHECK (type IN ('food', 'void')),
  status text NOT NULL CHECK (status IN ('held', 'fired', 'started', 'bumped', 'cancelled')),
  rush boolean NOT NULL DEFAULT false,
  target_seconds integer NOT NULL CHECK (target_seconds > 0),
  claimed_by uuid REFERENCES kitchen.workers (id) ON DELETE SET NULL,
  claimed_at timestamptz,
  -- The worker that bumped it, counted in its orders_processed.
  processed_by uuid,
  fired_at timestamptz,
  started_at timestamptz,
  bumped_at timestamptz,
  -- Set once, when kitchen.preparation_time_exceeded.v1 was published for it.
  late_at timestamptz,
  reason text,
  created_at timestamptz NOT NULL,
  updated_at timestamptz NOT NULL,
  CONSTRAINT tickets_fired CHECK ((status = 'held') = (fired_at IS NULL) OR status = 'cancelled'),
  CONSTRAINT tickets_bumped CHECK ((status = 'bumped') = (bumped_at IS NOT NULL))
);
CREATE INDEX tickets_order ON kitchen.tickets (order_id);
CREATE INDEX tickets_board ON kitchen.tickets (tenant_id, station, fired_at)
  WHERE status IN ('held', 'fired', 'started');
CREATE INDEX tickets_open_timers ON kitchen.tickets (fired_at)
  WHERE status IN ('fired', 'started') AND type = 'food' AND late_at IS NULL;
CREATE INDEX tickets_claimed ON kitchen.tickets (claimed_by) WHERE claimed_by IS NOT NULL;
CREATE INDEX tickets_bumped ON kitchen.tickets (tenant_id, bumped_at) WHERE status = 'bumped';
SELECT brigade.enforce_tenant_isolation('kitchen.tickets', 'tenant_id', platform_access => true);

CREATE TABLE kitchen.ticket_items (
  id uuid PRIMARY KEY,
  tenant_id uuid NOT NULL,
  ticket_id uuid NOT NULL REFERENCES kitchen.tickets (id),
  position integer NOT NULL,
  line_id uuid NOT NULL,
  name text NOT NULL,
  variant_name text,
  options jsonb NOT NULL DEFAULT '[]'::jsonb,
  quantity integer NOT NULL CHECK (quantity >= 0),
  notes text,
  seat integer,
  prep_time_seconds integer,
  status text NOT NULL CHECK (status IN ('active', 'voided'))
);
CREATE INDEX ticket_items_ticket ON kitchen.ticket_items (ticket_id, position);
CREATE INDEX ticket_items_line ON kitchen.ticket_items (line_id);
SELECT brigade.enforce_tenant_isolation('kitchen.ticket_items');

-- Changes to an order (orders.order_modified.v1) taken before the order itself: each event type
-- has its own subscriber, so nothing orders them. They wait here and are applied, in the order
-- they happened, right after the order's tickets are made.
CREATE TABLE kitchen.early_changes (
  event_id uuid PRIMARY KEY,
  tenant_id uuid NOT NULL,
  order_id uuid NOT NULL REFERENCES kitchen.orders (id),
  occurred_at timestamptz NOT NULL,
  payload jsonb NOT NULL
);
CREATE INDEX early_changes_order ON kitchen.early_changes (order_id, occurred_at);
SELECT brigade.enforce_tenant_isolation('kitchen.early_changes');

-- What the kitchen owes the orders module, written with the change that causes it and sent
-- after it commits (the orders service cannot be called inside the kitchen's transaction),
-- in order per order, until the orders module accepts it.
CREATE TABLE kitchen.order_effects (
  id bigserial PRIMARY KEY,
  tenant_id uuid NOT NULL,
  order_id uuid NOT NULL,
  -- queued / started / done: recordKitchenProgress on line_ids; preparing / ready: changeStatus.
  action text NOT NULL CHECK (action IN ('queued', 'started', 'done', 'preparing', 'ready')),
  line_ids jsonb NOT NULL DEFAULT '[]'::jsonb,
  -- Who to name in the order's history: `kitchen` or `kitchen:<worker>`.
  actor text NOT NULL,
  correlation_id text NOT NULL,
  attempts integer NOT NULL DEFAULT 0,
  next_attempt_at timestamptz NOT NULL,
  leased_until timestamptz,
  last_error text,
  created_at timestamptz NOT NULL
);
CREATE INDEX order_effects_order ON kitchen.order_effects (order_id, id);
SELECT brigade.enforce_tenant_isolation('kitchen.order_effects', 'tenant_id', platform_access => true);

SELECT messaging.create_outbox('kitchen');
