-- Idempotency records (DESIGN.md §5): one per (scope, key); the stored response is replayed
-- for 24 h. `scope` is the tenant id, or 'platform' for requests made outside any tenant.
CREATE TABLE http.idempotency_keys (
  scope text NOT NULL,
  key text NOT NULL,
  tenant_id uuid,
  fingerprint text NOT NULL,
  status_code integer,
  headers jsonb,
  body text,
  locked_until timestamptz NOT NULL,
  expires_at timestamptz NOT NULL,
  created_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (scope, key)
);

CREATE INDEX idempotency_keys_expiry ON http.idempotency_keys (expires_at);

SELECT brigade.enforce_tenant_isolation('http.idempotency_keys', 'tenant_id', platform_access => true);
