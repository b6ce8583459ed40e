-- Live status on the citizen's open page: every history event is announced on a channel that
-- every server process LISTENs to. The payload names the request only (no personal data);
-- a listener re-reads what it may show through its own tenant transaction.
CREATE FUNCTION announce_request_event() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  PERFORM pg_notify('request_events', json_build_object(
    'tenantId', NEW.tenant_id, 'requestId', NEW.request_id, 'eventId', NEW.id, 'public', NEW.public)::text);
  RETURN NULL;
END;
$$;
--> statement-breakpoint
CREATE TRIGGER request_events_announce AFTER INSERT ON request_events
  FOR EACH ROW EXECUTE FUNCTION announce_request_event();
