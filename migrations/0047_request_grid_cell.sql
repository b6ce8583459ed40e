ALTER TABLE "requests" ADD COLUMN "grid_cell" text;--> statement-breakpoint
-- The requests already anonymised: their facts kept the cell of the coordinates cleared.
DO $$
DECLARE commune record;
BEGIN
  FOR commune IN SELECT id FROM tenants LOOP
    PERFORM set_config('app.tenant_id', commune.id::text, true);
    UPDATE requests r SET grid_cell = f.grid_cell
    FROM request_facts f
    WHERE f.tenant_id = r.tenant_id AND f.request_id = r.id AND r.anonymised_at IS NOT NULL AND f.grid_cell IS NOT NULL;
  END LOOP;
  PERFORM set_config('app.tenant_id', '', true);
END;
$$;
