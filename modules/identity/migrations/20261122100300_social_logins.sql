-- Social sign-ins in flight: created when the browser is sent to the provider, taken (once)
-- when it comes back. The state is the key; nonce and PKCE verifier never leave the server.
CREATE TABLE identity.pending_social_logins (
  state text PRIMARY KEY,
  provider text NOT NULL,
  nonce text NOT NULL,
  code_verifier text NOT NULL,
  -- The restaurant the sign-in started from; NULL for platform-level sign-in.
  tenant_id uuid,
  expires_at timestamptz NOT NULL,
  created_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX pending_social_logins_expires_at ON identity.pending_social_logins (expires_at);
SELECT brigade.enforce_tenant_isolation('identity.pending_social_logins', 'tenant_id', platform_access => true);
