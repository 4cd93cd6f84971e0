-- Shared helpers for every module's migrations. `brigade` is the platform's own schema.

-- The tenant the current transaction acts for, or NULL when none was set.
CREATE OR REPLACE FUNCTION brigade.current_tenant_id() RETURNS uuid
  LANGUAGE sql STABLE
  AS $$ SELECT NULLIF(current_setting('app.tenant_id', true), '')::uuid $$;

-- Row-level security for a tenant-owned table: ENABLE + FORCE, and one policy whose USING
-- and WITH CHECK both compare the row's tenant column with current_setting('app.tenant_id').
-- With platform_access, transactions opened in platform scope (app.platform = 'on') may also
-- see and write every row: only for registries the platform admin manages.
CREATE OR REPLACE FUNCTION brigade.enforce_tenant_isolation(
  target regclass,
  tenant_column name DEFAULT 'tenant_id',
  platform_access boolean DEFAULT false
) RETURNS void
  LANGUAGE plpgsql
  AS $$
DECLARE
  fence text := format('%I = NULLIF(current_setting(''app.tenant_id'', true), '''')::uuid', tenant_column);
BEGIN
  IF platform_access THEN
    fence := fence || ' OR current_setting(''app.platform'', true) = ''on''';
  END IF;
  EXECUTE format('ALTER TABLE %s ENABLE ROW LEVEL SECURITY', target);
  EXECUTE format('ALTER TABLE %s FORCE ROW LEVEL SECURITY', target);
  EXECUTE format('CREATE POLICY tenant_isolation ON %s USING (%s) WITH CHECK (%s)', target, fence, fence);
END
$$;
