-- Restaurants are the tenants: a restaurant's id is the tenant_id of everything it owns.
CREATE TABLE tenants.restaurants (
  id uuid PRIMARY KEY,
  name text NOT NULL CHECK (length(name) BETWEEN 1 AND 200),
  slug text NOT NULL CONSTRAINT restaurants_slug_key UNIQUE CHECK (slug ~ '^[a-z0-9]([a-z0-9-]{0,62}[a-z0-9])?$'),
  timezone text NOT NULL,
  currency char(3) NOT NULL,
  tax jsonb NOT NULL,
  contact jsonb NOT NULL DEFAULT '{}'::jsonb,
  description text,
  logo_url text,
  is_active boolean NOT NULL DEFAULT true,
  version integer NOT NULL DEFAULT 1,
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now()
);

SELECT brigade.enforce_tenant_isolation('tenants.restaurants', 'id', platform_access => true);
