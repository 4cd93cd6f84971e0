-- Payments (issue 7): checks and their split parts, payments with provider references only
-- (never card data), refunds, provider webhooks (deduplicated by provider event id), the
-- restaurant's provider keys (encrypted at rest) and cash drawers with their movements.
-- Every table is tenant-owned under row-level security.

-- What a table session or an order owes: lines copied from the orders contract when the check
-- is opened (and again while nothing is paid on it), the service charge, tips, what was paid.
-- An order is on one check at most: its own, or its table session's.
CREATE TABLE payments.checks (
  id uuid PRIMARY KEY,
  tenant_id uuid NOT NULL,
  order_id uuid,
  session_id uuid,
  table_id uuid,
  order_ids jsonb NOT NULL DEFAULT '[]'::jsonb,
  status text NOT NULL CHECK (status IN ('open', 'closed')),
  currency text NOT NULL CHECK (currency ~ '^[A-Z]{3}$'),
  -- [{ line_id, order_id, name, quantity, seat, total, tax }] as the orders module priced them.
  lines jsonb NOT NULL DEFAULT '[]'::jsonb,
  subtotal bigint NOT NULL CHECK (subtotal >= 0),
  tax_total bigint NOT NULL,
  discount_total bigint NOT NULL DEFAULT 0,
  service_charge_bps integer NOT NULL DEFAULT 0 CHECK (service_charge_bps BETWEEN 0 AND 10000),
  service_charge_taxable boolean NOT NULL DEFAULT false,
  service_charge_tax_bps integer NOT NULL DEFAULT 0 CHECK (service_charge_tax_bps BETWEEN 0 AND 10000),
  service_charge bigint NOT NULL DEFAULT 0,
  service_charge_tax bigint NOT NULL DEFAULT 0,
  total bigint NOT NULL CHECK (total >= 0),
  paid bigint NOT NULL DEFAULT 0 CHECK (paid >= 0 AND paid <= total),
  tip_total bigint NOT NULL DEFAULT 0 CHECK (tip_total >= 0),
  split_mode text,
  opened_by text,
  created_at timestamptz NOT NULL,
  updated_at timestamptz NOT NULL,
  closed_at timestamptz,
  CONSTRAINT checks_target CHECK (order_id IS NOT NULL OR session_id IS NOT NULL)
);
-- One open check per order and per table session.
CREATE UNIQUE INDEX checks_open_order ON payments.checks (tenant_id, order_id)
  WHERE order_id IS NOT NULL AND status = 'open';
CREATE UNIQUE INDEX checks_open_session ON payments.checks (tenant_id, session_id)
  WHERE session_id IS NOT NULL AND order_id IS NULL AND status = 'open';
SELECT brigade.enforce_tenant_isolation('payments.checks');

-- A split: each part is paid separately; the parts of a check add up to what was due when split.
CREATE TABLE payments.check_parts (
  id uuid PRIMARY KEY,
  tenant_id uuid NOT NULL,
  check_id uuid NOT NULL REFERENCES payments.checks (id),
  position integer NOT NULL CHECK (position >= 1),
  label text NOT NULL,
  amount bigint NOT NULL CHECK (amount >= 0),
  paid bigint NOT NULL DEFAULT 0 CHECK (paid >= 0 AND paid <= amount),
  -- [{ line_id, name, numerator, denominator, amount }] for splits by seat or item.
  items jsonb NOT NULL DEFAULT '[]'::jsonb,
  CONSTRAINT check_parts_position_key UNIQUE (check_id, position)
);
SELECT brigade.enforce_tenant_isolation('payments.check_parts');

CREATE TABLE payments.payments (
  id uuid PRIMARY KEY,
  tenant_id uuid NOT NULL,
  check_id uuid NOT NULL REFERENCES payments.checks (id),
  part_id uuid REFERENCES payments.check_parts (id),
  method text NOT NULL CHECK (method IN ('cash', 'card_terminal', 'stripe', 'razorpay')),
  -- processing: recorded, the provider not yet answered (or the answer was lost: reconciled later).
  status text NOT NULL CHECK (status IN ('processing', 'requires_action', 'pending', 'succeeded', 'failed')),
  -- What settles the check; the tip comes on top; cash adds its rounding.
  amount bigint NOT NULL CHECK (amount > 0),
  tip bigint NOT NULL DEFAULT 0 CHECK (tip >= 0),
  rounding_adjustment bigint NOT NULL DEFAULT 0,
  currency text NOT NULL CHECK (currency ~ '^[A-Z]{3}$'),
  tendered bigint,
  change_due bigint,
  refunded bigint NOT NULL DEFAULT 0 CHECK (refunded >= 0),
  idempotency_key text NOT NULL,
  provider_ref text,
  payment_ref text,
  raw_status text,
  failure_reason text,
  -- What the browser needs to finish (client secret / Razorpay order), never a secret of ours.
  checkout jsonb,
  created_by text,
  created_at timestamptz NOT NULL,
  updated_at timestamptz NOT NULL,
  succeeded_at timestamptz,
  CONSTRAINT payments_refunds_within CHECK (refunded <= amount + tip + rounding_adjustment)
);
CREATE UNIQUE INDEX payments_idempotency_key ON payments.payments (tenant_id, idempotency_key);
CREATE UNIQUE INDEX payments_provider_ref ON payments.payments (tenant_id, method, provider_ref)
  WHERE provider_ref IS NOT NULL;
CREATE INDEX payments_check ON payments.payments (check_id);
CREATE INDEX payments_day ON payments.payments (tenant_id, succeeded_at) WHERE status = 'succeeded';
CREATE INDEX payments_unsettled ON payments.payments (tenant_id, updated_at)
  WHERE status IN ('processing', 'requires_action', 'pending');
-- The reconciliation sweep looks for unsettled payments across tenants (platform scope, read
-- only); each payment is then reconciled in its tenant's own transaction.
SELECT brigade.enforce_tenant_isolation('payments.payments', 'tenant_id', platform_access => true);

-- A paid payment never moves backwards, whatever order webhooks, polls and clients arrive in.
CREATE FUNCTION payments.payment_never_backwards() RETURNS trigger
  LANGUAGE plpgsql AS $$
BEGIN
  IF OLD.status = 'succeeded' AND NEW.status <> 'succeeded' THEN
    RAISE EXCEPTION 'payment % is succeeded and cannot become %', OLD.id, NEW.status
      USING ERRCODE = 'check_violation';
  END IF;
  IF OLD.status = 'succeeded' AND (NEW.amount <> OLD.amount OR NEW.tip <> OLD.tip) THEN
    RAISE EXCEPTION 'payment % is succeeded: its amount cannot change', OLD.id
      USING ERRCODE = 'check_violation';
  END IF;
  RETURN NEW;
END
$$;
CREATE TRIGGER payments_never_backwards BEFORE UPDATE ON payments.payments
  FOR EACH ROW EXECUTE FUNCTION payments.payment_never_backwards();

CREATE TABLE payments.refunds (
  id uuid PRIMARY KEY,
  tenant_id uuid NOT NULL,
  payment_id uuid NOT NULL REFERENCES payments.payments (id),
  amount bigint NOT NULL CHECK (amount > 0),
  reason text NOT NULL,
  status text NOT NULL CHECK (status IN ('processing', 'pending', 'succeeded', 'failed')),
  idempotency_key text NOT NULL,
  refund_ref text,
  failure_reason text,
  created_by text,
  created_at timestamptz NOT NULL,
  updated_at timestamptz NOT NULL
);
CREATE UNIQUE INDEX refunds_idempotency_key ON payments.refunds (tenant_id, idempotency_key);
CREATE INDEX refunds_payment ON payments.refunds (payment_id);
SELECT brigade.enforce_tenant_isolation('payments.refunds');

-- Every verified webhook, once: a provider's retry of the same event id does nothing.
CREATE TABLE payments.webhook_events (
  provider text NOT NULL CHECK (provider IN ('stripe', 'razorpay')),
  event_id text NOT NULL,
  tenant_id uuid NOT NULL,
  type text NOT NULL,
  provider_event text NOT NULL,
  provider_ref text,
  received_at timestamptz NOT NULL,
  PRIMARY KEY (provider, event_id)
);
SELECT brigade.enforce_tenant_isolation('payments.webhook_events');

-- A restaurant's payment methods: switches and public settings in clear, secrets (API keys,
-- webhook secrets) AES-256-GCM encrypted with a key derived from AUTH_SECRET.
CREATE TABLE payments.provider_settings (
  tenant_id uuid NOT NULL,
  provider text NOT NULL CHECK (provider IN ('cash', 'card_terminal', 'stripe', 'razorpay')),
  enabled boolean NOT NULL,
  config jsonb NOT NULL DEFAULT '{}'::jsonb,
  secrets_encrypted text,
  updated_by text,
  updated_at timestamptz NOT NULL,
  PRIMARY KEY (tenant_id, provider)
);
SELECT brigade.enforce_tenant_isolation('payments.provider_settings');

-- Cash drawers (shifts): opened with a float, closed with a count (the Z report).
CREATE TABLE payments.drawers (
  id uuid PRIMARY KEY,
  tenant_id uuid NOT NULL,
  name text NOT NULL,
  currency text NOT NULL CHECK (currency ~ '^[A-Z]{3}$'),
  status text NOT NULL CHECK (status IN ('open', 'closed')),
  opening_float bigint NOT NULL CHECK (opening_float >= 0),
  expected bigint,
  counted bigint CHECK (counted >= 0),
  difference bigint,
  opened_by text,
  closed_by text,
  opened_at timestamptz NOT NULL,
  closed_at timestamptz
);
CREATE UNIQUE INDEX drawers_open_name ON payments.drawers (tenant_id, lower(name)) WHERE status = 'open';
SELECT brigade.enforce_tenant_isolation('payments.drawers');

CREATE TABLE payments.cash_movements (
  id uuid PRIMARY KEY,
  tenant_id uuid NOT NULL,
  drawer_id uuid NOT NULL REFERENCES payments.drawers (id),
  kind text NOT NULL CHECK (kind IN ('sale', 'refund', 'cash_in', 'cash_out')),
  -- Signed: what the drawer gained (sales, cash in) or lost (refunds, cash out).
  amount bigint NOT NULL,
  payment_id uuid,
  reason text,
  created_by text,
  at timestamptz NOT NULL
);
CREATE INDEX cash_movements_drawer ON payments.cash_movements (drawer_id, at);
SELECT brigade.enforce_tenant_isolation('payments.cash_movements');

SELECT messaging.create_outbox('payments');
