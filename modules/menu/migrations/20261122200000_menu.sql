-- The menu (issue 5): categories, items with variants, modifier groups and their options,
-- the links between items and groups, and every price an item or variant ever had.
-- Money is integer minor units (34900 = ₹349.00) and never negative. Nothing is ever deleted:
-- deleted_at hides a row from every list and read, and its id is never reused.

CREATE TABLE menu.categories (
  tenant_id uuid NOT NULL,
  id uuid NOT NULL,
  name text NOT NULL CHECK (length(name) BETWEEN 1 AND 100),
  description text CHECK (length(description) <= 1000),
  position integer NOT NULL CHECK (position >= 0),
  created_at timestamptz NOT NULL,
  updated_at timestamptz NOT NULL,
  deleted_at timestamptz,
  PRIMARY KEY (tenant_id, id)
);
-- A restaurant names each of its live categories once, whatever the case.
CREATE UNIQUE INDEX categories_name_key ON menu.categories (tenant_id, lower(name)) WHERE deleted_at IS NULL;
CREATE INDEX categories_order ON menu.categories (tenant_id, position, id) WHERE deleted_at IS NULL;
SELECT brigade.enforce_tenant_isolation('menu.categories');

CREATE TABLE menu.items (
  tenant_id uuid NOT NULL,
  id uuid NOT NULL,
  category_id uuid NOT NULL,
  name text NOT NULL CHECK (length(name) BETWEEN 1 AND 200),
  description text CHECK (length(description) <= 2000),
  price integer NOT NULL CHECK (price >= 0),
  cost_price integer CHECK (cost_price >= 0),
  -- NULL: the restaurant's default tax category.
  tax_category text,
  image_url text,
  allergens text[] NOT NULL DEFAULT '{}',
  dietary_tags text[] NOT NULL DEFAULT '{}',
  station text,
  prep_time_seconds integer CHECK (prep_time_seconds BETWEEN 0 AND 86400),
  is_available boolean NOT NULL DEFAULT true,
  position integer NOT NULL CHECK (position >= 0),
  version integer NOT NULL DEFAULT 1,
  created_at timestamptz NOT NULL,
  updated_at timestamptz NOT NULL,
  deleted_at timestamptz,
  PRIMARY KEY (tenant_id, id),
  FOREIGN KEY (tenant_id, category_id) REFERENCES menu.categories (tenant_id, id)
);
CREATE INDEX items_order ON menu.items (tenant_id, position, id) WHERE deleted_at IS NULL;
CREATE INDEX items_category ON menu.items (tenant_id, category_id) WHERE deleted_at IS NULL;
SELECT brigade.enforce_tenant_isolation('menu.items');

-- Sizes and the like: each variant has its own full price (not a delta on the item's).
CREATE TABLE menu.variants (
  tenant_id uuid NOT NULL,
  id uuid NOT NULL,
  item_id uuid NOT NULL,
  name text NOT NULL CHECK (length(name) BETWEEN 1 AND 100),
  price integer NOT NULL CHECK (price >= 0),
  position integer NOT NULL CHECK (position >= 0),
  created_at timestamptz NOT NULL,
  updated_at timestamptz NOT NULL,
  deleted_at timestamptz,
  PRIMARY KEY (tenant_id, id),
  FOREIGN KEY (tenant_id, item_id) REFERENCES menu.items (tenant_id, id)
);
CREATE INDEX variants_item ON menu.variants (tenant_id, item_id) WHERE deleted_at IS NULL;
SELECT brigade.enforce_tenant_isolation('menu.variants');

CREATE TABLE menu.modifier_groups (
  tenant_id uuid NOT NULL,
  id uuid NOT NULL,
  name text NOT NULL CHECK (length(name) BETWEEN 1 AND 100),
  min_select integer NOT NULL CHECK (min_select >= 0),
  max_select integer NOT NULL CHECK (max_select >= 1),
  is_required boolean NOT NULL,
  version integer NOT NULL DEFAULT 1,
  created_at timestamptz NOT NULL,
  updated_at timestamptz NOT NULL,
  deleted_at timestamptz,
  PRIMARY KEY (tenant_id, id),
  CONSTRAINT modifier_groups_min_le_max CHECK (min_select <= max_select),
  CONSTRAINT modifier_groups_required_means_min CHECK (is_required = (min_select >= 1))
);
SELECT brigade.enforce_tenant_isolation('menu.modifier_groups');

CREATE TABLE menu.modifier_options (
  tenant_id uuid NOT NULL,
  id uuid NOT NULL,
  group_id uuid NOT NULL,
  name text NOT NULL CHECK (length(name) BETWEEN 1 AND 100),
  price_delta integer NOT NULL CHECK (price_delta >= 0),
  is_available boolean NOT NULL DEFAULT true,
  -- Choosing this option opens another group (e.g. "Combo" opens "Choose a drink").
  opens_group_id uuid,
  position integer NOT NULL CHECK (position >= 0),
  created_at timestamptz NOT NULL,
  updated_at timestamptz NOT NULL,
  deleted_at timestamptz,
  PRIMARY KEY (tenant_id, id),
  FOREIGN KEY (tenant_id, group_id) REFERENCES menu.modifier_groups (tenant_id, id),
  FOREIGN KEY (tenant_id, opens_group_id) REFERENCES menu.modifier_groups (tenant_id, id),
  CONSTRAINT modifier_options_not_own_group CHECK (opens_group_id IS DISTINCT FROM group_id)
);
CREATE INDEX modifier_options_group ON menu.modifier_options (tenant_id, group_id) WHERE deleted_at IS NULL;
SELECT brigade.enforce_tenant_isolation('menu.modifier_options');

-- Which groups an item offers, in order.
CREATE TABLE menu.item_modifier_groups (
  tenant_id uuid NOT NULL,
  item_id uuid NOT NULL,
  group_id uuid NOT NULL,
  position integer NOT NULL CHECK (position >= 0),
  PRIMARY KEY (tenant_id, item_id, group_id),
  FOREIGN KEY (tenant_id, item_id) REFERENCES menu.items (tenant_id, id),
  FOREIGN KEY (tenant_id, group_id) REFERENCES menu.modifier_groups (tenant_id, id)
);
CREATE INDEX item_modifier_groups_group ON menu.item_modifier_groups (tenant_id, group_id);
SELECT brigade.enforce_tenant_isolation('menu.item_modifier_groups');

-- Every price an item (variant_id NULL) or a variant had, who set it and when. Append-only.
CREATE TABLE menu.price_history (
  tenant_id uuid NOT NULL,
  id uuid NOT NULL,
  item_id uuid NOT NULL,
  variant_id uuid,
  old_price integer CHECK (old_price >= 0),
  new_price integer NOT NULL CHECK (new_price >= 0),
  -- ctx.actor.id: a user id, an API key id, or NULL for system work (the demo seed).
  changed_by text,
  changed_at timestamptz NOT NULL,
  PRIMARY KEY (tenant_id, id),
  FOREIGN KEY (tenant_id, item_id) REFERENCES menu.items (tenant_id, id)
);
CREATE INDEX price_history_item ON menu.price_history (tenant_id, item_id, id);
CREATE FUNCTION menu.price_history_is_append_only() RETURNS trigger
  LANGUAGE plpgsql
  AS $$
BEGIN
  RAISE EXCEPTION 'menu.price_history is append-only' USING ERRCODE = 'insufficient_privilege';
END
$$;
CREATE TRIGGER price_history_append_only BEFORE UPDATE OR DELETE OR TRUNCATE ON menu.price_history
  FOR EACH STATEMENT EXECUTE FUNCTION menu.price_history_is_append_only();
SELECT brigade.enforce_tenant_isolation('menu.price_history');

SELECT messaging.create_outbox('menu');
