-- The session a request's cookie names, read in one statement outside any transaction: every
-- signed-in request used to pay a whole transaction (BEGIN, scope, read, COMMIT) before its own.
-- It answers only a session opened on the calling site (that commune, or that EPCI's console)
-- with, for an agent, the role of their account if it is not disabled: what the request's
-- scoped transaction would have shown. The secret is compared by the caller, in constant time.
CREATE FUNCTION site_session(session_id text, site_epci uuid, site_commune uuid) RETURNS jsonb
LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, public, pg_temp AS $$
DECLARE
  caller_epci text := current_setting('app.epci_id', true);
  caller_commune text := current_setting('app.tenant_id', true);
  found jsonb;
BEGIN
  -- The owner may not be a superuser, and forced row-level security binds it: it scopes itself
  -- to the site, and puts the caller's scope back.
  PERFORM set_config('app.epci_id', site_epci::text, true);
  PERFORM set_config('app.tenant_id', COALESCE(site_commune::text, ''), true);
  SELECT to_jsonb(s) || jsonb_build_object('agent_role', a.role) INTO found
  FROM sessions s
  LEFT JOIN agents a ON s.account_kind = 'agent' AND a.tenant_id = s.tenant_id AND a.id = s.account_id AND a.disabled_at IS NULL
  WHERE s.epci_id = site_epci AND s.id = session_id AND s.tenant_id IS NOT DISTINCT FROM site_commune;
  PERFORM set_config('app.epci_id', COALESCE(caller_epci, ''), true);
  PERFORM set_config('app.tenant_id', COALESCE(caller_commune, ''), true);
  RETURN found;
END;
$$;
--> statement-breakpoint
REVOKE ALL ON FUNCTION site_session(text, uuid, uuid) FROM PUBLIC;
--> statement-breakpoint
GRANT EXECUTE ON FUNCTION site_session(text, uuid, uuid) TO guichet_app;
