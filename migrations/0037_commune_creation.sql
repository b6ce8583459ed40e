-- An EPCI's administrators create a member commune from the console. The application role only
-- reads the registry of communes and their host names (tenant files, as the owner, write it): this
-- function is the one path by which it adds to it, and it adds a commune to the EPCI of the
-- caller's console scope only, never elsewhere, with the commune's services and its first
-- administrator (whose invitation and the audit lines the caller writes in the same transaction).
CREATE FUNCTION create_commune(slug text, name text, insee_code text, branding jsonb, contact jsonb, hosts text[], commune_services jsonb, administrator_email text, administrator_name text)
RETURNS TABLE (commune_id uuid, administrator_id uuid)
LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, public, pg_temp AS $$
DECLARE
  caller_epci uuid := NULLIF(current_setting('app.epci_id', true), '')::uuid;
  caller_commune text := current_setting('app.tenant_id', true);
  created uuid;
  administrator uuid;
BEGIN
  IF caller_epci IS NULL OR NULLIF(caller_commune, '') IS NOT NULL THEN
    RAISE EXCEPTION 'a commune is created from its EPCI''s console only' USING ERRCODE = '42501';
  END IF;
  -- <slug>.<platform domain> names a commune or an EPCI console: never both.
  IF EXISTS (SELECT 1 FROM epcis e WHERE e.slug = create_commune.slug) THEN
    RAISE EXCEPTION 'slug taken by an EPCI' USING ERRCODE = '23505', CONSTRAINT = 'tenants_slug_unique';
  END IF;
  INSERT INTO tenants (epci_id, slug, name, insee_code, branding, contact)
  VALUES (caller_epci, create_commune.slug, create_commune.name, create_commune.insee_code, create_commune.branding, create_commune.contact)
  RETURNING id INTO created;
  INSERT INTO hostnames (hostname, tenant_id) SELECT host, created FROM unnest(hosts) AS host;
  -- Services and agents are the commune's own rows: written in its scope, the caller's put back after.
  PERFORM set_config('app.tenant_id', created::text, true);
  INSERT INTO services (tenant_id, slug, name)
  SELECT created, service ->> 'slug', service ->> 'name' FROM jsonb_array_elements(commune_services) AS service;
  INSERT INTO agents (tenant_id, email, display_name, role)
  VALUES (created, lower(administrator_email), administrator_name, 'commune_admin')
  RETURNING id INTO administrator;
  PERFORM set_config('app.tenant_id', COALESCE(caller_commune, ''), true);
  RETURN QUERY SELECT created, administrator;
END;
$$;
--> statement-breakpoint
REVOKE ALL ON FUNCTION create_commune(text, text, text, jsonb, jsonb, text[], jsonb, text, text) FROM PUBLIC;
--> statement-breakpoint
GRANT EXECUTE ON FUNCTION create_commune(text, text, text, jsonb, jsonb, text[], jsonb, text, text) TO guichet_app;
