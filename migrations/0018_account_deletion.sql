-- A citizen who deletes their account keeps their requests in every commune of the EPCI, where
-- they live on without the account link; the drafts they had not sent go with the account.
CREATE OR REPLACE FUNCTION detach_citizen_account(account uuid) RETURNS integer
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
    UPDATE requests SET citizen_account_id = NULL WHERE tenant_id = commune AND citizen_account_id = account;
    GET DIAGNOSTICS counted = ROW_COUNT;
    detached := detached + counted;
    UPDATE contacts SET citizen_account_id = NULL WHERE tenant_id = commune AND citizen_account_id = account;
    DELETE FROM request_drafts WHERE tenant_id = commune AND account_id = account;
  END LOOP;
  PERFORM set_config('app.tenant_id', coalesce(caller, ''), true);
  RETURN detached;
END;
$$;
