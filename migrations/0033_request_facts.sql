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
	"id" bigint GENERATED ALWAYS AS IDENTITY (sequence name "request_facts_stale_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 9223372036854775807 START WITH 1 CACHE 1),
	"request_id" uuid NOT NULL,
	CONSTRAINT "request_facts_stale_tenant_id_id_pk" PRIMARY KEY("tenant_id","id")
);
--> statement-breakpoint
ALTER TABLE "request_facts" ADD CONSTRAINT "request_facts_tenant_id_tenants_id_fk" FOREIGN KEY ("tenant_id") REFERENCES "public"."tenants"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "request_facts_stale" ADD CONSTRAINT "request_facts_stale_tenant_id_tenants_id_fk" FOREIGN KEY ("tenant_id") REFERENCES "public"."tenants"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "request_facts_filed" ON "request_facts" USING btree ("tenant_id","filed_at");--> statement-breakpoint
CREATE INDEX "request_facts_closed" ON "request_facts" USING btree ("tenant_id","closed_at") WHERE "request_facts"."closed_at" IS NOT NULL;--> statement-breakpoint
CREATE INDEX "request_facts_stale_request" ON "request_facts_stale" USING btree ("tenant_id","request_id");--> statement-breakpoint
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
-- A request's facts go stale with any line added to its history: the statement that adds lines
-- leaves a mark per request it touched, in its transaction. Marks are only inserted (no unique
-- key), so no writer waits for another nor for the statistics job, which removes the marks up to
-- the last it read: a change that lands while it computes leaves a newer mark.
CREATE FUNCTION mark_request_facts_stale() RETURNS trigger
LANGUAGE plpgsql SET search_path = pg_catalog, public, pg_temp AS $$
BEGIN
  INSERT INTO request_facts_stale (tenant_id, request_id)
  SELECT DISTINCT tenant_id, request_id FROM added;
  RETURN NULL;
END;
$$;
--> statement-breakpoint
CREATE TRIGGER request_facts_stale AFTER INSERT ON request_events
REFERENCING NEW TABLE AS added FOR EACH STATEMENT EXECUTE FUNCTION mark_request_facts_stale();
