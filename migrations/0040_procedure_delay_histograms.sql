ALTER TABLE "request_delay_histograms" DROP CONSTRAINT "request_delay_histograms_key";--> statement-breakpoint
ALTER TABLE "request_delay_histograms" ADD COLUMN "procedure_id" uuid;--> statement-breakpoint
ALTER TABLE "request_delay_histograms" ADD CONSTRAINT "request_delay_histograms_key" UNIQUE NULLS NOT DISTINCT("tenant_id","span","start","channel","service_id","procedure_id");--> statement-breakpoint
-- The procedures' histograms start from nothing as the others did: every request's facts are
-- computed again, every request marked, and the rollups filled by the statistics job's first runs.
TRUNCATE request_facts, request_rollups, request_delay_histograms;
--> statement-breakpoint
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
