CREATE TABLE fixture.notes (
  tenant_id uuid NOT NULL,
  id uuid NOT NULL,
  body text NOT NULL,
  PRIMARY KEY (tenant_id, id)
);
SELECT brigade.enforce_tenant_isolation('fixture.notes');
