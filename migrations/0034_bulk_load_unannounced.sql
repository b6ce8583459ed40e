-- History lines loaded in bulk (the activity generator sets app.bulk_load for its transaction)
-- are not announced: no page watches requests of the past, and a notification per line would
-- serialise the load's commit behind Postgres's notification queue.
CREATE OR REPLACE FUNCTION announce_request_event() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF current_setting('app.bulk_load', true) = 'on' THEN
    RETURN NULL;
  END IF;
  PERFORM pg_notify('request_events', json_build_object(
    'tenantId', NEW.tenant_id, 'requestId', NEW.request_id, 'eventId', NEW.id, 'public', NEW.public)::text);
  RETURN NULL;
END;
$$;
