-- Rows only the EPCI's own staff write (its templates and their versions, its quality reports):
-- app_epci_id() also answers inside a member commune's transaction, so the EPCI policy alone
-- let a commune's transaction write them. A restrictive policy per command adds: no commune set.
CREATE PROCEDURE enable_epci_scope_writes(target regclass)
LANGUAGE plpgsql AS $$
BEGIN
  EXECUTE format('CREATE POLICY epci_scope_insert ON %s AS RESTRICTIVE FOR INSERT WITH CHECK (app_tenant_id() IS NULL)', target);
  EXECUTE format('CREATE POLICY epci_scope_update ON %s AS RESTRICTIVE FOR UPDATE USING (app_tenant_id() IS NULL) WITH CHECK (app_tenant_id() IS NULL)', target);
  EXECUTE format('CREATE POLICY epci_scope_delete ON %s AS RESTRICTIVE FOR DELETE USING (app_tenant_id() IS NULL)', target);
END;
$$;
--> statement-breakpoint
REVOKE ALL ON PROCEDURE enable_epci_scope_writes(regclass) FROM PUBLIC;
--> statement-breakpoint
CALL enable_epci_scope_writes('procedure_templates');
--> statement-breakpoint
CALL enable_epci_scope_writes('procedure_template_versions');
--> statement-breakpoint
CALL enable_epci_scope_writes('epci_quality_reports');
