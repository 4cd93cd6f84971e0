-- Customer phone OTP: one row per (tenant, phone) holding the current challenge and the send
-- budget, so the budget outlives each challenge. Only an HMAC of the code is stored.
CREATE TABLE identity.otp_challenges (
  id uuid PRIMARY KEY,
  tenant_id uuid NOT NULL,
  phone text NOT NULL CHECK (phone ~ '^\+?[0-9]{8,15}$'),
  code_hash text NOT NULL CHECK (code_hash ~ '^[0-9a-f]{64}$'),
  attempts integer NOT NULL DEFAULT 0 CHECK (attempts >= 0),
  -- Codes sent since send_window_started_at; the window is one hour.
  sent_count integer NOT NULL DEFAULT 1 CHECK (sent_count >= 0),
  send_window_started_at timestamptz NOT NULL,
  last_sent_at timestamptz NOT NULL,
  expires_at timestamptz NOT NULL,
  consumed_at timestamptz,
  created_at timestamptz NOT NULL DEFAULT now(),
  CONSTRAINT otp_challenges_tenant_phone_key UNIQUE (tenant_id, phone)
);

SELECT brigade.enforce_tenant_isolation('identity.otp_challenges');
