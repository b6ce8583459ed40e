CREATE TABLE "citizen_arrivals" (
	"tenant_id" uuid NOT NULL,
	"citizen_account_id" uuid NOT NULL,
	"request_id" uuid NOT NULL,
	CONSTRAINT "citizen_arrivals_tenant_id_citizen_account_id_pk" PRIMARY KEY("tenant_id","citizen_account_id")
);
--> statement-breakpoint
ALTER TABLE "citizen_arrivals" ADD CONSTRAINT "citizen_arrivals_tenant_id_tenants_id_fk" FOREIGN KEY ("tenant_id") REFERENCES "public"."tenants"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CALL enable_tenant_isolation('citizen_arrivals');
--> statement-breakpoint
-- The arrivals counted so far: each account's first request among those the facts mark.
DO $$
DECLARE commune record;
BEGIN
  FOR commune IN SELECT id FROM tenants LOOP
    PERFORM set_config('app.tenant_id', commune.id::text, true);
    INSERT INTO citizen_arrivals (tenant_id, citizen_account_id, request_id)
    SELECT DISTINCT ON (r.citizen_account_id) r.tenant_id, r.citizen_account_id, r.id
    FROM requests r JOIN request_facts f ON f.tenant_id = r.tenant_id AND f.request_id = r.id
    WHERE f.first_of_citizen AND r.citizen_account_id IS NOT NULL
    ORDER BY r.citizen_account_id, r.filed_at, r.id;
  END LOOP;
  PERFORM set_config('app.tenant_id', '', true);
END;
$$;
