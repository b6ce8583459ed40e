-- A bulk load (the activity generator sets app.bulk_load for its transaction) computes the facts
-- and rollups of what it loads itself, in the same transaction: marking every loaded request
-- stale would only make the statistics job read it all back.
CREATE OR REPLACE FUNCTION mark_request_facts_stale() RETURNS trigger
LANGUAGE plpgsql SET search_path = pg_catalog, public, pg_temp AS $$
BEGIN
  IF current_setting('app.bulk_load', true) = 'on' THEN
    RETURN NULL;
  END IF;
  INSERT INTO request_facts_stale (tenant_id, request_id)
  SELECT DISTINCT tenant_id, request_id FROM added;
  RETURN NULL;
END;
$$;
