-- EPCI-owned tables: identity is shared by the communes of one EPCI (one citizen account for all
-- of them), so these rows carry epci_id. A commune's transaction sees its own EPCI's rows and,
-- where a row names a commune (sessions, audit), only its own commune's; the EPCI console
-- (app.epci_id) sees its EPCI's rows. Another EPCI's rows are never visible.
CREATE FUNCTION app_tenant_id() RETURNS uuid
LANGUAGE sql STABLE AS $$ SELECT NULLIF(current_setting('app.tenant_id', true), '')::uuid $$;
--> statement-breakpoint
-- SECURITY DEFINER so the lookup of the tenant's EPCI does not itself depend on the caller's rights.
CREATE FUNCTION app_epci_id() RETURNS uuid
LANGUAGE sql STABLE SECURITY DEFINER SET search_path = public, pg_catalog AS $$
  SELECT COALESCE(
    NULLIF(current_setting('app.epci_id', true), '')::uuid,
    (SELECT t.epci_id FROM tenants t WHERE t.id = NULLIF(current_setting('app.tenant_id', true), '')::uuid))
$$;
--> statement-breakpoint
GRANT EXECUTE ON FUNCTION app_tenant_id(), app_epci_id() TO guichet_app;
--> statement-breakpoint
CREATE PROCEDURE enable_epci_isolation(target regclass)
LANGUAGE plpgsql AS $$
DECLARE
  has_tenant boolean := EXISTS (
    SELECT 1 FROM pg_attribute WHERE attrelid = target AND attname = 'tenant_id' AND NOT attisdropped);
  tenant_clause text := CASE WHEN has_tenant
    THEN ' AND (tenant_id IS NULL OR app_tenant_id() IS NULL OR tenant_id = app_tenant_id())'
    ELSE '' END;
BEGIN
  EXECUTE format('ALTER TABLE %s ENABLE ROW LEVEL SECURITY', target);
  EXECUTE format('ALTER TABLE %s FORCE ROW LEVEL SECURITY', target);
  -- Fail-closed like tenant_isolation: with neither setting, app_epci_id() is NULL.
  EXECUTE format('CREATE POLICY epci_isolation ON %s USING (epci_id = app_epci_id()%s) WITH CHECK (epci_id = app_epci_id()%s)',
    target, tenant_clause, tenant_clause);
  EXECUTE format('GRANT SELECT, INSERT, UPDATE, DELETE ON %s TO guichet_app', target);
END;
$$;
--> statement-breakpoint
REVOKE ALL ON PROCEDURE enable_epci_isolation(regclass) FROM PUBLIC;
--> statement-breakpoint
CALL enable_epci_isolation('citizen_accounts');
--> statement-breakpoint
CALL enable_epci_isolation('epci_staff');
--> statement-breakpoint
CALL enable_epci_isolation('sessions');
--> statement-breakpoint
CALL enable_epci_isolation('sign_in_flows');
--> statement-breakpoint
CALL enable_epci_isolation('account_tokens');
--> statement-breakpoint
CALL enable_epci_isolation('audit_events');
--> statement-breakpoint
CALL enable_tenant_isolation('agents');
--> statement-breakpoint
CALL enable_tenant_isolation('agent_services');
--> statement-breakpoint
-- The audit log is append-only, for the application and for the owner alike.
REVOKE UPDATE, DELETE, TRUNCATE ON audit_events FROM guichet_app;
--> statement-breakpoint
CREATE FUNCTION refuse_change() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION '% is append-only', TG_TABLE_NAME USING ERRCODE = 'insufficient_privilege';
END;
$$;
--> statement-breakpoint
CREATE TRIGGER audit_events_append_only BEFORE UPDATE OR DELETE ON audit_events
  FOR EACH ROW EXECUTE FUNCTION refuse_change();
--> statement-breakpoint
CREATE TRIGGER audit_events_no_truncate BEFORE TRUNCATE ON audit_events
  FOR EACH STATEMENT EXECUTE FUNCTION refuse_change();
--> statement-breakpoint
-- Brute-force counters are platform infrastructure keyed by hashes, read and written by every process.
GRANT SELECT, INSERT, UPDATE, DELETE ON rate_limits TO guichet_app;
