CREATE TABLE "request_presence" (
	"tenant_id" uuid NOT NULL,
	"request_id" uuid NOT NULL,
	"agent_id" uuid NOT NULL,
	"seen_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "request_presence_tenant_id_request_id_agent_id_pk" PRIMARY KEY("tenant_id","request_id","agent_id")
);
--> statement-breakpoint
ALTER TABLE "request_presence" ADD CONSTRAINT "request_presence_tenant_id_tenants_id_fk" FOREIGN KEY ("tenant_id") REFERENCES "public"."tenants"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "request_presence" ADD CONSTRAINT "request_presence_tenant_id_request_id_requests_tenant_id_id_fk" FOREIGN KEY ("tenant_id","request_id") REFERENCES "public"."requests"("tenant_id","id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CALL enable_tenant_isolation('request_presence');
--> statement-breakpoint
-- An agent arriving on a desk or leaving it is announced on the live channel, like a history
-- event (no personal data: the request only); heartbeats (updates) are not announced.
CREATE FUNCTION announce_request_presence() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
  changed request_presence := COALESCE(NEW, OLD);
BEGIN
  PERFORM pg_notify('request_events', json_build_object(
    'tenantId', changed.tenant_id, 'requestId', changed.request_id, 'eventId', 0, 'public', false, 'presence', true)::text);
  RETURN NULL;
END;
$$;
--> statement-breakpoint
CREATE TRIGGER request_presence_announce AFTER INSERT OR DELETE ON request_presence
  FOR EACH ROW EXECUTE FUNCTION announce_request_presence();
