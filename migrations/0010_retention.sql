-- RGPD: past its retention period a closed request keeps only what statistics need. Its history
-- is append-only, so free text is scrubbed by this one definer function, which the application
-- may call but cannot imitate (it has no UPDATE right on request_events). It acts on the
-- commune of the calling transaction only: the owner is bound by FORCE ROW LEVEL SECURITY too.
CREATE FUNCTION scrub_request_history(target uuid) RETURNS integer
LANGUAGE plpgsql SECURITY DEFINER SET search_path = public, pg_catalog AS $$
DECLARE
  scrubbed integer;
BEGIN
  PERFORM set_config('app.scrubbing_history', 'on', true);
  UPDATE request_events
     SET payload = (payload - 'body' - 'comment' - 'internalComment' - 'attachmentIds')
                   || jsonb_build_object('scrubbed', true)
   WHERE request_id = target AND tenant_id = NULLIF(current_setting('app.tenant_id', true), '')::uuid;
  GET DIAGNOSTICS scrubbed = ROW_COUNT;
  PERFORM set_config('app.scrubbing_history', 'off', true);
  RETURN scrubbed;
END;
$$;
--> statement-breakpoint
REVOKE ALL ON FUNCTION scrub_request_history(uuid) FROM PUBLIC;
--> statement-breakpoint
GRANT EXECUTE ON FUNCTION scrub_request_history(uuid) TO guichet_app;
--> statement-breakpoint
-- The append-only trigger lets exactly that scrub through: same row, only the payload changes.
CREATE OR REPLACE FUNCTION refuse_change() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  -- Nested: NEW and OLD do not exist for TRUNCATE, and plpgsql does not short-circuit AND.
  IF TG_OP = 'UPDATE' AND TG_TABLE_NAME = 'request_events' AND current_setting('app.scrubbing_history', true) = 'on' THEN
    IF (NEW.tenant_id, NEW.id, NEW.request_id, NEW.at, NEW.kind, NEW.public, NEW.actor_kind, NEW.actor_id)
       IS NOT DISTINCT FROM (OLD.tenant_id, OLD.id, OLD.request_id, OLD.at, OLD.kind, OLD.public, OLD.actor_kind, OLD.actor_id) THEN
      RETURN NEW;
    END IF;
  END IF;
  RAISE EXCEPTION '% is append-only', TG_TABLE_NAME USING ERRCODE = 'insufficient_privilege';
END;
$$;
--> statement-breakpoint
-- A citizen who deletes their account keeps their requests in every commune of the EPCI, where
-- they live on without the account link (the contact record keeps how to reach them).
CREATE FUNCTION detach_citizen_account(account uuid) RETURNS integer
LANGUAGE plpgsql SECURITY DEFINER SET search_path = public, pg_catalog AS $$
DECLARE
  commune uuid;
  detached integer := 0;
  counted integer;
  epci uuid := app_epci_id();
  caller text := current_setting('app.tenant_id', true);
BEGIN
  IF epci IS NULL THEN
    RAISE EXCEPTION 'detach_citizen_account needs a commune or EPCI scope' USING ERRCODE = 'insufficient_privilege';
  END IF;
  FOR commune IN SELECT id FROM tenants WHERE epci_id = epci LOOP
    PERFORM set_config('app.tenant_id', commune::text, true);
    UPDATE requests SET citizen_account_id = NULL WHERE citizen_account_id = account;
    GET DIAGNOSTICS counted = ROW_COUNT;
    detached := detached + counted;
    UPDATE contacts SET citizen_account_id = NULL WHERE citizen_account_id = account;
  END LOOP;
  PERFORM set_config('app.tenant_id', coalesce(caller, ''), true);
  RETURN detached;
END;
$$;
--> statement-breakpoint
REVOKE ALL ON FUNCTION detach_citizen_account(uuid) FROM PUBLIC;
--> statement-breakpoint
GRANT EXECUTE ON FUNCTION detach_citizen_account(uuid) TO guichet_app;
