-- Identity: users and their credentials, sessions (refresh-token families), API keys, signing
-- keys and the security audit trail. Tables the sign-in path must read before it knows the
-- tenant are opened to platform scope (platform_access); a tenant transaction still sees only
-- its own rows.

CREATE TABLE identity.users (
  id uuid PRIMARY KEY,
  -- NULL only for platform admins, who belong to no restaurant.
  tenant_id uuid,
  role text NOT NULL CHECK (role IN ('platform_admin', 'owner', 'manager', 'cashier', 'waiter', 'kitchen', 'customer')),
  username text CHECK (username ~ '^[a-z0-9][a-z0-9._-]{1,39}$'),
  email text CHECK (email = lower(email) AND length(email) <= 254),
  phone text CHECK (phone ~ '^\+?[0-9]{8,15}$'),
  display_name text NOT NULL CHECK (length(display_name) BETWEEN 1 AND 120),
  -- argon2id PHC string; NULL for accounts that sign in only by OTP or a social provider.
  password_hash text,
  must_change_password boolean NOT NULL DEFAULT false,
  email_verified boolean NOT NULL DEFAULT false,
  is_active boolean NOT NULL DEFAULT true,
  last_login_at timestamptz,
  version integer NOT NULL DEFAULT 1,
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now(),
  CONSTRAINT users_tenant_matches_role CHECK ((role = 'platform_admin') = (tenant_id IS NULL)),
  CONSTRAINT users_has_identifier CHECK (username IS NOT NULL OR email IS NOT NULL OR phone IS NOT NULL)
);
-- Staff sign in by e-mail without naming a restaurant, so a staff e-mail is unique platform-wide;
-- customers belong to one restaurant each and are unique within it.
CREATE UNIQUE INDEX users_staff_email_key ON identity.users (email) WHERE role <> 'customer';
CREATE UNIQUE INDEX users_customer_email_key ON identity.users (tenant_id, email) WHERE role = 'customer';
CREATE UNIQUE INDEX users_username_key ON identity.users (tenant_id, username) NULLS NOT DISTINCT WHERE username IS NOT NULL;
CREATE UNIQUE INDEX users_customer_phone_key ON identity.users (tenant_id, phone) WHERE role = 'customer';
CREATE INDEX users_tenant ON identity.users (tenant_id, id);
SELECT brigade.enforce_tenant_isolation('identity.users', 'tenant_id', platform_access => true);

-- A user's identity at an OpenID Connect provider, linked once and found again by (provider, subject).
CREATE TABLE identity.social_identities (
  tenant_id uuid,
  user_id uuid NOT NULL REFERENCES identity.users (id) ON DELETE CASCADE,
  provider text NOT NULL,
  subject text NOT NULL,
  email text,
  created_at timestamptz NOT NULL DEFAULT now(),
  CONSTRAINT social_identities_key UNIQUE NULLS NOT DISTINCT (tenant_id, provider, subject)
);
SELECT brigade.enforce_tenant_isolation('identity.social_identities', 'tenant_id', platform_access => true);

-- Refresh tokens (RFC 9700 §4.14): opaque, stored as SHA-256, rotated on every use. A family
-- is one sign-in; presenting a rotated member revokes the whole family.
CREATE TABLE identity.refresh_tokens (
  id uuid PRIMARY KEY,
  tenant_id uuid,
  user_id uuid NOT NULL REFERENCES identity.users (id) ON DELETE CASCADE,
  family_id uuid NOT NULL,
  token_hash text NOT NULL CONSTRAINT refresh_tokens_hash_key UNIQUE,
  created_at timestamptz NOT NULL,
  idle_expires_at timestamptz NOT NULL,
  expires_at timestamptz NOT NULL,
  rotated_at timestamptz,
  revoked_at timestamptz,
  revoked_reason text
);
CREATE INDEX refresh_tokens_family ON identity.refresh_tokens (family_id);
CREATE INDEX refresh_tokens_user ON identity.refresh_tokens (user_id) WHERE revoked_at IS NULL;
CREATE INDEX refresh_tokens_tenant ON identity.refresh_tokens (tenant_id) WHERE revoked_at IS NULL;
SELECT brigade.enforce_tenant_isolation('identity.refresh_tokens', 'tenant_id', platform_access => true);

-- Failed sign-ins per identifier (known or not, so a lockout reveals nothing about existence).
CREATE TABLE identity.login_failures (
  identifier_hash text PRIMARY KEY,
  -- Always NULL: the identifier is counted before any tenant is known.
  tenant_id uuid,
  failures integer NOT NULL,
  window_started_at timestamptz NOT NULL,
  locked_until timestamptz
);
SELECT brigade.enforce_tenant_isolation('identity.login_failures', 'tenant_id', platform_access => true);

-- API keys for integrations and services: `brg_<key_id>_<secret>`, shown once, stored as SHA-256.
CREATE TABLE identity.api_keys (
  id text PRIMARY KEY CHECK (id ~ '^[a-z0-9]{12}$'),
  tenant_id uuid NOT NULL,
  name text NOT NULL CHECK (length(name) BETWEEN 1 AND 100),
  secret_hash text NOT NULL,
  permissions text[] NOT NULL,
  created_by uuid,
  created_at timestamptz NOT NULL,
  expires_at timestamptz,
  revoked_at timestamptz,
  last_used_at timestamptz
);
CREATE INDEX api_keys_tenant ON identity.api_keys (tenant_id, created_at);
SELECT brigade.enforce_tenant_isolation('identity.api_keys', 'tenant_id', platform_access => true);

-- Token signing keys (EdDSA). The private half is encrypted with a key derived from AUTH_SECRET.
CREATE TABLE identity.signing_keys (
  kid text PRIMARY KEY,
  -- Always NULL: signing keys belong to the platform; only platform scope sees them.
  tenant_id uuid,
  alg text NOT NULL,
  public_jwk jsonb NOT NULL,
  private_jwk_encrypted text NOT NULL,
  created_at timestamptz NOT NULL,
  retired_at timestamptz
);
SELECT brigade.enforce_tenant_isolation('identity.signing_keys', 'tenant_id', platform_access => true);

-- The security audit trail: append-only, for the application role too.
CREATE TABLE identity.audit_log (
  id uuid PRIMARY KEY,
  tenant_id uuid,
  occurred_at timestamptz NOT NULL,
  action text NOT NULL,
  actor_kind text NOT NULL,
  actor_id text,
  subject_id text,
  ip text,
  user_agent text,
  request_id text,
  details jsonb NOT NULL DEFAULT '{}'::jsonb
);
CREATE INDEX audit_log_tenant ON identity.audit_log (tenant_id, id);
CREATE FUNCTION identity.audit_log_is_append_only() RETURNS trigger
  LANGUAGE plpgsql
  AS $$
BEGIN
  RAISE EXCEPTION 'identity.audit_log is append-only' USING ERRCODE = 'insufficient_privilege';
END
$$;
CREATE TRIGGER audit_log_append_only BEFORE UPDATE OR DELETE OR TRUNCATE ON identity.audit_log
  FOR EACH STATEMENT EXECUTE FUNCTION identity.audit_log_is_append_only();
SELECT brigade.enforce_tenant_isolation('identity.audit_log', 'tenant_id', platform_access => true);

SELECT messaging.create_outbox('identity');
