-- Menu publishing (issue 5 point 3): the tables of 20261122200000_menu are the draft staff
-- edit; publishing snapshots the whole live draft into an immutable, numbered version, and
-- one version per restaurant is the live one that guests see and orders are priced from.

CREATE TABLE menu.versions (
  tenant_id uuid NOT NULL,
  -- 1, 2, 3 … per restaurant, in publishing order.
  version integer NOT NULL CHECK (version >= 1),
  published_at timestamptz NOT NULL,
  -- ctx.actor.id: a user id, an API key id, or NULL for system work (the demo seed).
  published_by text,
  note text CHECK (length(note) <= 500),
  -- Categories in order with their items (variants, the groups they offer), and every modifier
  -- group they reach with its options. No cost prices, no availability (that is live state).
  snapshot jsonb NOT NULL,
  PRIMARY KEY (tenant_id, version)
);
CREATE FUNCTION menu.versions_are_append_only() RETURNS trigger
  LANGUAGE plpgsql
  AS $$
BEGIN
  RAISE EXCEPTION 'menu.versions is append-only' USING ERRCODE = 'insufficient_privilege';
END
$$;
CREATE TRIGGER versions_append_only BEFORE UPDATE OR DELETE OR TRUNCATE ON menu.versions
  FOR EACH STATEMENT EXECUTE FUNCTION menu.versions_are_append_only();
SELECT brigade.enforce_tenant_isolation('menu.versions');

-- The version guests see now, and who made it live when (by publishing it or restoring it).
CREATE TABLE menu.live_version (
  tenant_id uuid NOT NULL PRIMARY KEY,
  version integer NOT NULL,
  -- 'published' or 'restored'.
  made_live_by_action text NOT NULL CHECK (made_live_by_action IN ('published', 'restored')),
  made_live_at timestamptz NOT NULL,
  made_live_by text,
  FOREIGN KEY (tenant_id, version) REFERENCES menu.versions (tenant_id, version)
);
SELECT brigade.enforce_tenant_isolation('menu.live_version');
