-- Reference numbers come from one sequence per commune and year instead of a counter row: a
-- counter row stays locked until its filing commits, so every filing of a commune waited for
-- the previous one's commit. nextval takes no lock that lasts; a filing that rolls back leaves a
-- gap in its commune's numbers, which French administrative references allow.
CREATE SCHEMA request_numbers;
--> statement-breakpoint
-- The application role cannot create sequences: this function does it for the commune in scope
-- only (the first filing of a commune in a year), as the owner.
CREATE FUNCTION next_request_number(commune uuid, year integer) RETURNS bigint
LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, pg_temp AS $$
DECLARE
  sequence_name text := format('request_numbers.%I', 'c' || replace(commune::text, '-', '') || '_' || year);
BEGIN
  IF commune IS DISTINCT FROM NULLIF(current_setting('app.tenant_id', true), '')::uuid THEN
    RAISE EXCEPTION 'a commune numbers its own requests only' USING ERRCODE = '42501';
  END IF;
  IF year NOT BETWEEN 2000 AND 2999 THEN
    RAISE EXCEPTION 'year out of range: %', year USING ERRCODE = '22023';
  END IF;
  IF to_regclass(sequence_name) IS NULL THEN
    -- Two first filings of the year at once: the second waits for the first to commit, then
    -- finds the sequence there.
    PERFORM pg_advisory_xact_lock(hashtext(sequence_name));
    EXECUTE format('CREATE SEQUENCE IF NOT EXISTS %s', sequence_name);
  END IF;
  RETURN nextval(sequence_name);
END;
$$;
--> statement-breakpoint
REVOKE ALL ON FUNCTION next_request_number(uuid, integer) FROM PUBLIC;
--> statement-breakpoint
GRANT EXECUTE ON FUNCTION next_request_number(uuid, integer) TO guichet_app;
--> statement-breakpoint
-- Each commune's numbers go on from where its counter was.
ALTER TABLE "request_counters" NO FORCE ROW LEVEL SECURITY;
--> statement-breakpoint
DO $$
DECLARE counter record;
BEGIN
  FOR counter IN SELECT tenant_id, year, last FROM request_counters WHERE year BETWEEN 2000 AND 2999 LOOP
    EXECUTE format('CREATE SEQUENCE request_numbers.%I START %s', 'c' || replace(counter.tenant_id::text, '-', '') || '_' || counter.year, counter.last + 1);
  END LOOP;
END;
$$;
--> statement-breakpoint
DROP TABLE "request_counters" CASCADE;
--> statement-breakpoint
-- A filing sends its request and its first history line together; postgres.js may run the line
-- first (a statement not yet prepared on a connection waits for its description), so the line's
-- reference to its request is checked at commit. Tested by the concurrent filings of
-- request-filing.test.ts, which fail without it.
ALTER TABLE "request_events" ALTER CONSTRAINT "request_events_tenant_id_request_id_requests_tenant_id_id_fk" DEFERRABLE INITIALLY DEFERRED;
