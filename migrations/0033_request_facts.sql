CREATE TABLE "request_facts" (
	"tenant_id" uuid NOT NULL,
	"request_id" uuid NOT NULL,
	"procedure_id" uuid NOT NULL,
	"theme_id" uuid NOT NULL,
	"service_id" uuid NOT NULL,
	"channel" text NOT NULL,
	"sector" text,
	"grid_cell" text,
	"status" text NOT NULL,
	"filed_at" timestamp with time zone NOT NULL,
	"acknowledged_at" timestamp with time zone,
	"first_answer_at" timestamp with time zone,
	"closed_at" timestamp with time zone,
	"paused_seconds" integer NOT NULL,
	"acknowledgement_seconds" integer,
	"first_answer_seconds" integer,
	"processing_seconds" integer,
	"within_delay" boolean,
	"reopenings" integer NOT NULL,
	"transfers" integer NOT NULL,
	"merged" boolean NOT NULL,
	"rating" smallint,
	"computed_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "request_facts_tenant_id_request_id_pk" PRIMARY KEY("tenant_id","request_id")
);
--> statement-breakpoint
CREATE TABLE "request_facts_stale" (
	"tenant_id" uuid NOT NULL,
	"request_id" uuid NOT NULL,
	"since" timestamp with time zone DEFAULT now() NOT NULL,
	"marks" integer DEFAULT 1 NOT NULL,
	CONSTRAINT "request_facts_stale_tenant_id_request_id_pk" PRIMARY KEY("tenant_id","request_id")
);
--> statement-breakpoint
ALTER TABLE "request_facts" ADD CONSTRAINT "request_facts_tenant_id_tenants_id_fk" FOREIGN KEY ("tenant_id") REFERENCES "public"."tenants"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "request_facts_stale" ADD CONSTRAINT "request_facts_stale_tenant_id_tenants_id_fk" FOREIGN KEY ("tenant_id") REFERENCES "public"."tenants"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "request_facts_filed" ON "request_facts" USING btree ("tenant_id","filed_at");--> statement-breakpoint
CREATE INDEX "request_facts_closed" ON "request_facts" USING btree ("tenant_id","closed_at") WHERE "request_facts"."closed_at" IS NOT NULL;--> statement-breakpoint
-- Every request of today has its facts computed by the first run of the statistics job.
DO $$
DECLARE commune record;
BEGIN
  FOR commune IN SELECT id FROM tenants LOOP
    PERFORM set_config('app.tenant_id', commune.id::text, true);
    INSERT INTO request_facts_stale (tenant_id, request_id) SELECT tenant_id, id FROM requests;
  END LOOP;
  PERFORM set_config('app.tenant_id', '', true);
END;
$$;
--> statement-breakpoint
CALL enable_tenant_isolation('request_facts');
--> statement-breakpoint
CALL enable_tenant_isolation('request_facts_stale');
--> statement-breakpoint
-- A request's facts go stale with any line added to its history, in the transaction that adds
-- it: one row per request (a statement of many lines marks each request once), its marks counted,
-- so that the statistics job, which reads without locking, removes it only if nothing came since.
CREATE FUNCTION mark_request_facts_stale() RETURNS trigger
LANGUAGE plpgsql SET search_path = pg_catalog, public, pg_temp AS $$
BEGIN
  INSERT INTO request_facts_stale (tenant_id, request_id)
  SELECT DISTINCT tenant_id, request_id FROM added
  ON CONFLICT (tenant_id, request_id) DO UPDATE SET marks = request_facts_stale.marks + 1;
  RETURN NULL;
END;
$$;
--> statement-breakpoint
CREATE TRIGGER request_facts_stale AFTER INSERT ON request_events
REFERENCING NEW TABLE AS added FOR EACH STATEMENT EXECUTE FUNCTION mark_request_facts_stale();
