-- Floor (issue 5): areas, tables and their QR codes, table sessions (a party seated at a
-- table: what orders reference), reservations and the waitlist. Every table is tenant-owned
-- under row-level security; only floor.qr_codes, read by the public QR lookup before the
-- tenant is known, is opened to platform scope (and holds nothing but hashes and ids).

CREATE TABLE floor.areas (
  id uuid PRIMARY KEY,
  tenant_id uuid NOT NULL,
  name text NOT NULL CHECK (length(name) BETWEEN 1 AND 80),
  position integer NOT NULL DEFAULT 0,
  created_at timestamptz NOT NULL,
  updated_at timestamptz NOT NULL
);
CREATE UNIQUE INDEX areas_name_key ON floor.areas (tenant_id, lower(name));
SELECT brigade.enforce_tenant_isolation('floor.areas');

CREATE TABLE floor.tables (
  id uuid PRIMARY KEY,
  tenant_id uuid NOT NULL,
  number text NOT NULL CHECK (number ~ '^[A-Za-z0-9][A-Za-z0-9 ._-]{0,19}$'),
  capacity integer NOT NULL CHECK (capacity BETWEEN 1 AND 100),
  area_id uuid REFERENCES floor.areas (id) ON DELETE SET NULL,
  -- { x, y, width?, height?, shape? } on the floor plan.
  position jsonb NOT NULL DEFAULT '{"x":0,"y":0}'::jsonb,
  status text NOT NULL DEFAULT 'available' CHECK (status IN ('available', 'occupied', 'reserved', 'cleaning')),
  -- Bumped by every QR rotation: the printed code encodes a token derived from it.
  qr_version integer NOT NULL DEFAULT 1 CHECK (qr_version >= 1),
  created_at timestamptz NOT NULL,
  updated_at timestamptz NOT NULL,
  deleted_at timestamptz
);
-- "T1" and "t1" are the same table; a deleted table frees its number.
CREATE UNIQUE INDEX tables_number_key ON floor.tables (tenant_id, lower(number)) WHERE deleted_at IS NULL;
CREATE INDEX tables_tenant ON floor.tables (tenant_id, id) WHERE deleted_at IS NULL;
CREATE INDEX tables_area ON floor.tables (area_id) WHERE deleted_at IS NULL;
SELECT brigade.enforce_tenant_isolation('floor.tables');

-- The current QR token of each live table, as SHA-256 (hex). The public lookup reads it in
-- platform scope to learn the tenant; a rotation or a deletion removes the row, so the old
-- printed code stops resolving.
CREATE TABLE floor.qr_codes (
  token_hash text PRIMARY KEY CHECK (token_hash ~ '^[0-9a-f]{64}$'),
  tenant_id uuid NOT NULL,
  table_id uuid NOT NULL CONSTRAINT qr_codes_table_key UNIQUE REFERENCES floor.tables (id) ON DELETE CASCADE,
  qr_version integer NOT NULL,
  created_at timestamptz NOT NULL
);
SELECT brigade.enforce_tenant_isolation('floor.qr_codes', 'tenant_id', platform_access => true);

-- A party at a table (seed 000's order_sessions): orders reference its id.
CREATE TABLE floor.table_sessions (
  id uuid PRIMARY KEY,
  tenant_id uuid NOT NULL,
  table_id uuid NOT NULL REFERENCES floor.tables (id),
  status text NOT NULL CHECK (status IN ('open', 'closed', 'merged')),
  covers integer NOT NULL CHECK (covers BETWEEN 1 AND 500),
  source text NOT NULL CHECK (source IN ('staff', 'guest', 'reservation', 'waitlist')),
  reservation_id uuid,
  merged_into_id uuid REFERENCES floor.table_sessions (id),
  opened_at timestamptz NOT NULL,
  closed_at timestamptz,
  updated_at timestamptz NOT NULL,
  CONSTRAINT table_sessions_closed_at CHECK ((status = 'open') = (closed_at IS NULL)),
  CONSTRAINT table_sessions_merged_into CHECK ((status = 'merged') = (merged_into_id IS NOT NULL))
);
-- At most one open session per table.
CREATE UNIQUE INDEX table_sessions_open_key ON floor.table_sessions (table_id) WHERE status = 'open';
CREATE INDEX table_sessions_tenant ON floor.table_sessions (tenant_id, id);
SELECT brigade.enforce_tenant_isolation('floor.table_sessions');

CREATE TABLE floor.reservations (
  id uuid PRIMARY KEY,
  tenant_id uuid NOT NULL,
  guest_name text NOT NULL CHECK (length(guest_name) BETWEEN 1 AND 120),
  phone text,
  party_size integer NOT NULL CHECK (party_size BETWEEN 1 AND 500),
  starts_at timestamptz NOT NULL,
  duration_minutes integer NOT NULL CHECK (duration_minutes BETWEEN 15 AND 720),
  ends_at timestamptz NOT NULL,
  table_id uuid REFERENCES floor.tables (id),
  status text NOT NULL CHECK (status IN ('pending', 'confirmed', 'seated', 'cancelled', 'no_show')),
  notes text,
  session_id uuid REFERENCES floor.table_sessions (id),
  created_at timestamptz NOT NULL,
  updated_at timestamptz NOT NULL,
  CONSTRAINT reservations_ends_after_start CHECK (ends_at > starts_at)
);
CREATE INDEX reservations_day ON floor.reservations (tenant_id, starts_at, id);
CREATE INDEX reservations_table ON floor.reservations (table_id, starts_at)
  WHERE status IN ('pending', 'confirmed', 'seated');
SELECT brigade.enforce_tenant_isolation('floor.reservations');

-- Where btree_gist can be installed (PostgreSQL servers), the database itself refuses two
-- active bookings of one table that overlap. PGlite ships without it; there, and everywhere
-- first, the service locks the table row and checks in the same transaction.
DO $$
BEGIN
  IF EXISTS (SELECT 1 FROM pg_available_extensions WHERE name = 'btree_gist') THEN
    CREATE EXTENSION IF NOT EXISTS btree_gist;
    ALTER TABLE floor.reservations ADD CONSTRAINT reservations_no_overlap
      EXCLUDE USING gist (table_id WITH =, tstzrange(starts_at, ends_at) WITH &&)
      WHERE (table_id IS NOT NULL AND status IN ('pending', 'confirmed', 'seated'));
  END IF;
END
$$;

CREATE TABLE floor.waitlist_entries (
  id uuid PRIMARY KEY,
  tenant_id uuid NOT NULL,
  guest_name text NOT NULL CHECK (length(guest_name) BETWEEN 1 AND 120),
  phone text,
  party_size integer NOT NULL CHECK (party_size BETWEEN 1 AND 500),
  quoted_wait_minutes integer NOT NULL CHECK (quoted_wait_minutes >= 0),
  status text NOT NULL CHECK (status IN ('waiting', 'notified', 'seated', 'cancelled')),
  session_id uuid REFERENCES floor.table_sessions (id),
  notified_at timestamptz,
  created_at timestamptz NOT NULL,
  updated_at timestamptz NOT NULL
);
CREATE INDEX waitlist_entries_tenant ON floor.waitlist_entries (tenant_id, id);
SELECT brigade.enforce_tenant_isolation('floor.waitlist_entries');

SELECT messaging.create_outbox('floor');
