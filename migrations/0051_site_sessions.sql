-- The sessions a batch of cookie checks names, in one query per site rather than one plpgsql call,
-- four set_config and a query per check (site_session, 0030): the checks of a busy commune come
-- together from one site, and this was the costliest statement of a filing. Same rules: a
-- session is answered only on the site that opened it (that commune, or that EPCI's console),
-- with, for an agent, the role of their account if it is not disabled; the secret is compared by
-- the caller, in constant time. The previous processes are to be stopped first: 0030's function goes.
CREATE FUNCTION site_sessions(session_ids text[], site_epcis uuid[], site_communes uuid[])
RETURNS TABLE (asked_position bigint, found jsonb)
LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, public, pg_temp AS $$
DECLARE
  caller_epci text := current_setting('app.epci_id', true);
  caller_commune text := current_setting('app.tenant_id', true);
  site record;
BEGIN
  -- The owner may not be a superuser, and forced row-level security binds it: it scopes itself
  -- to each site in turn, and puts the caller's scope back.
  FOR site IN SELECT DISTINCT s.epci, s.commune FROM unnest(site_epcis, site_communes) AS s(epci, commune) LOOP
    PERFORM set_config('app.epci_id', site.epci::text, true);
    PERFORM set_config('app.tenant_id', COALESCE(site.commune::text, ''), true);
    RETURN QUERY
      SELECT asked.position, to_jsonb(s) || jsonb_build_object('agent_role', a.role)
      FROM unnest(session_ids, site_epcis, site_communes) WITH ORDINALITY AS asked(id, epci, commune, position)
      JOIN sessions s ON s.epci_id = asked.epci AND s.id = asked.id AND s.tenant_id IS NOT DISTINCT FROM asked.commune
      LEFT JOIN agents a ON s.account_kind = 'agent' AND a.tenant_id = s.tenant_id AND a.id = s.account_id AND a.disabled_at IS NULL
      WHERE asked.epci = site.epci AND asked.commune IS NOT DISTINCT FROM site.commune;
  END LOOP;
  PERFORM set_config('app.epci_id', COALESCE(caller_epci, ''), true);
  PERFORM set_config('app.tenant_id', COALESCE(caller_commune, ''), true);
END;
$$;
--> statement-breakpoint
REVOKE ALL ON FUNCTION site_sessions(text[], uuid[], uuid[]) FROM PUBLIC;
--> statement-breakpoint
GRANT EXECUTE ON FUNCTION site_sessions(text[], uuid[], uuid[]) TO guichet_app;
--> statement-breakpoint
DROP FUNCTION site_session(text, uuid, uuid);
