-- The event backbone's tables (DESIGN.md §4.5). Every module that publishes calls
-- messaging.create_outbox('<its schema>') in one of its migrations.

CREATE FUNCTION messaging.notify_outbox() RETURNS trigger
  LANGUAGE plpgsql
  AS $$
BEGIN
  -- Delivered on commit only, so the relay never wakes for a transaction that rolled back.
  PERFORM pg_notify('brigade_outbox', TG_TABLE_SCHEMA);
  RETURN NULL;
END
$$;

CREATE FUNCTION messaging.create_outbox(target_schema name) RETURNS void
  LANGUAGE plpgsql
  AS $$
BEGIN
  EXECUTE format($sql$
    CREATE TABLE %1$I.outbox (
      id bigserial PRIMARY KEY,
      event_id uuid NOT NULL UNIQUE,
      type text NOT NULL,
      tenant_id uuid NOT NULL,
      aggregate_id text,
      correlation_id text NOT NULL,
      causation_id text,
      occurred_at timestamptz NOT NULL,
      payload jsonb NOT NULL,
      sent_at timestamptz
    );
    CREATE INDEX outbox_unsent ON %1$I.outbox (id) WHERE sent_at IS NULL;
    CREATE TRIGGER outbox_notify AFTER INSERT ON %1$I.outbox
      FOR EACH STATEMENT EXECUTE FUNCTION messaging.notify_outbox();
  $sql$, target_schema);
  -- The relay reads every tenant's rows in platform scope.
  PERFORM brigade.enforce_tenant_isolation(format('%I.outbox', target_schema)::regclass, 'tenant_id', true);
END
$$;

-- One row per (subscriber, event) whose effect committed: a redelivery finds it and does nothing.
CREATE TABLE messaging.inbox (
  subscriber_id text NOT NULL,
  event_id uuid NOT NULL,
  tenant_id uuid NOT NULL,
  processed_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (subscriber_id, event_id)
);
SELECT brigade.enforce_tenant_isolation('messaging.inbox');

-- The in-process transport's durable queue: one row per (subscriber, event) still to handle.
-- Rows that exhausted their attempts stay with dead_at set: the dead-letter queue.
CREATE TABLE messaging.deliveries (
  id bigserial PRIMARY KEY,
  subscriber_id text NOT NULL,
  event_id uuid NOT NULL,
  type text NOT NULL,
  tenant_id uuid NOT NULL,
  envelope jsonb NOT NULL,
  attempts integer NOT NULL DEFAULT 0,
  next_attempt_at timestamptz NOT NULL DEFAULT now(),
  last_error text,
  dead_at timestamptz,
  created_at timestamptz NOT NULL DEFAULT now(),
  CONSTRAINT deliveries_once UNIQUE (subscriber_id, event_id)
);
CREATE INDEX deliveries_due ON messaging.deliveries (next_attempt_at, id) WHERE dead_at IS NULL;
SELECT brigade.enforce_tenant_isolation('messaging.deliveries', 'tenant_id', platform_access => true);
