CREATE TABLE fixture_events.effects (
  tenant_id uuid NOT NULL,
  id bigserial,
  subscriber text NOT NULL,
  event_id uuid NOT NULL,
  body text NOT NULL,
  seq integer NOT NULL,
  PRIMARY KEY (tenant_id, id)
);
SELECT brigade.enforce_tenant_isolation('fixture_events.effects');
SELECT messaging.create_outbox('fixture_events');
