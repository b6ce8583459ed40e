CREATE TABLE "request_place_rollups" (
	"tenant_id" uuid NOT NULL,
	"span" text NOT NULL,
	"start" date NOT NULL,
	"sector" text NOT NULL,
	"grid_cell" text NOT NULL,
	"filed" integer NOT NULL,
	"closed" integer NOT NULL,
	"on_time" integer NOT NULL,
	CONSTRAINT "request_place_rollups_tenant_id_span_start_sector_grid_cell_pk" PRIMARY KEY("tenant_id","span","start","sector","grid_cell")
);
--> statement-breakpoint
ALTER TABLE "request_place_rollups" ADD CONSTRAINT "request_place_rollups_tenant_id_tenants_id_fk" FOREIGN KEY ("tenant_id") REFERENCES "public"."tenants"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CALL enable_tenant_isolation('request_place_rollups');
--> statement-breakpoint
-- Filled from the facts already computed (those computed later add their share as they come).
DO $$
DECLARE commune record;
BEGIN
  FOR commune IN SELECT id FROM tenants LOOP
    PERFORM set_config('app.tenant_id', commune.id::text, true);
    INSERT INTO request_place_rollups (tenant_id, span, start, sector, grid_cell, filed, closed, on_time)
    SELECT tenant_id, span, start, sector, grid_cell, sum(filed), sum(closed), sum(on_time)
    FROM (
      SELECT f.tenant_id, coalesce(f.sector, '') AS sector, coalesce(f.grid_cell, '') AS grid_cell, day.span, day.start,
             1 AS filed, 0 AS closed, 0 AS on_time
      FROM request_facts f,
           LATERAL (VALUES ('day', (f.filed_at AT TIME ZONE 'Europe/Paris')::date),
                           ('month', date_trunc('month', f.filed_at AT TIME ZONE 'Europe/Paris')::date)) AS day(span, start)
      UNION ALL
      SELECT f.tenant_id, coalesce(f.sector, ''), coalesce(f.grid_cell, ''), day.span, day.start,
             0, (NOT f.merged)::integer, coalesce(f.within_delay, false)::integer
      FROM request_facts f,
           LATERAL (VALUES ('day', (f.closed_at AT TIME ZONE 'Europe/Paris')::date),
                           ('month', date_trunc('month', f.closed_at AT TIME ZONE 'Europe/Paris')::date)) AS day(span, start)
      WHERE f.closed_at IS NOT NULL
    ) AS counted
    GROUP BY tenant_id, span, start, sector, grid_cell;
  END LOOP;
  PERFORM set_config('app.tenant_id', '', true);
END;
$$;
