-- Tenant isolation, written by hand because drizzle-kit cannot emit FORCE ROW LEVEL SECURITY.
-- The application connects as guichet_app (created before migrations by the bootstrap step):
-- it owns nothing, has no BYPASSRLS, and only sees rows of the tenant its transaction names.

-- Every tenant-owned table goes through this procedure, so that no table is isolated by hand
-- and differently: ENABLE + FORCE (the owner is subject to the policies too), one policy for
-- the commune set in the transaction, one read-only policy for an EPCI scope.
CREATE PROCEDURE enable_tenant_isolation(target regclass)
LANGUAGE plpgsql AS $$
BEGIN
  EXECUTE format('ALTER TABLE %s ENABLE ROW LEVEL SECURITY', target);
  EXECUTE format('ALTER TABLE %s FORCE ROW LEVEL SECURITY', target);
  -- Fail-closed: with no app.tenant_id set, NULLIF gives NULL and no row compares equal.
  EXECUTE format(
    'CREATE POLICY tenant_isolation ON %s
       USING (tenant_id = NULLIF(current_setting(''app.tenant_id'', true), '''')::uuid)
       WITH CHECK (tenant_id = NULLIF(current_setting(''app.tenant_id'', true), '''')::uuid)',
    target);
  -- Consolidated statistics read across the communes of one EPCI, and of that EPCI only.
  EXECUTE format(
    'CREATE POLICY epci_read ON %s FOR SELECT
       USING (tenant_id IN (SELECT t.id FROM tenants t
                            WHERE t.epci_id = NULLIF(current_setting(''app.epci_id'', true), '''')::uuid))',
    target);
  EXECUTE format('GRANT SELECT, INSERT, UPDATE, DELETE ON %s TO guichet_app', target);
END;
$$;
--> statement-breakpoint
REVOKE ALL ON PROCEDURE enable_tenant_isolation(regclass) FROM PUBLIC;
--> statement-breakpoint
-- The registry of EPCIs and communes is public profile data needed to resolve a Host before
-- any tenant is known; the application reads it, and only tenant files (the owner) write it.
GRANT USAGE ON SCHEMA public TO guichet_app;
--> statement-breakpoint
GRANT SELECT ON epcis, tenants, hostnames TO guichet_app;
--> statement-breakpoint
CALL enable_tenant_isolation('services');
--> statement-breakpoint
-- Readiness (/readyz) compares applied migrations with the journal; the application role may
-- not read the migrator's table itself, so it gets this one number through a definer function.
CREATE FUNCTION migration_status() RETURNS TABLE (applied bigint)
LANGUAGE sql STABLE SECURITY DEFINER SET search_path = pg_catalog
AS $$ SELECT count(*) FROM drizzle.__drizzle_migrations $$;
--> statement-breakpoint
REVOKE ALL ON FUNCTION migration_status() FROM PUBLIC;
--> statement-breakpoint
GRANT EXECUTE ON FUNCTION migration_status() TO guichet_app;
