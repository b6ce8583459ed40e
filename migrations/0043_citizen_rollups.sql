CREATE TABLE "citizen_rollups" (
	"tenant_id" uuid NOT NULL,
	"span" text NOT NULL,
	"start" date NOT NULL,
	"new_citizens" integer NOT NULL,
	"franceconnect" integer NOT NULL,
	CONSTRAINT "citizen_rollups_tenant_id_span_start_pk" PRIMARY KEY("tenant_id","span","start")
);
--> statement-breakpoint
ALTER TABLE "request_facts" ADD COLUMN "first_of_citizen" boolean DEFAULT false NOT NULL;--> statement-breakpoint
ALTER TABLE "request_facts" ADD COLUMN "franceconnect" boolean DEFAULT false NOT NULL;--> statement-breakpoint
ALTER TABLE "citizen_rollups" ADD CONSTRAINT "citizen_rollups_tenant_id_tenants_id_fk" FOREIGN KEY ("tenant_id") REFERENCES "public"."tenants"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CALL enable_tenant_isolation('citizen_rollups');
--> statement-breakpoint
-- The requests filed from an account get their facts computed again (the others have no
-- citizen to count): the statistics job fills the new rollup as it catches up.
DO $$
DECLARE commune record;
BEGIN
  FOR commune IN SELECT id FROM tenants LOOP
    PERFORM set_config('app.tenant_id', commune.id::text, true);
    INSERT INTO request_facts_stale (tenant_id, request_id) SELECT tenant_id, id FROM requests WHERE citizen_account_id IS NOT NULL;
  END LOOP;
  PERFORM set_config('app.tenant_id', '', true);
END;
$$;
