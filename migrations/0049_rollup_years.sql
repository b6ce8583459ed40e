-- Rollups are kept by year too: a period reads its whole years from one row per key instead of
-- twelve month rows (an EPCI's year at 10 million requests read 89,550 rows and took 300 ms).
-- The year rows of what is already rolled up are the sums of its month rows. The workers of the
-- previous version are to be stopped first: their job would keep adding to day and month rows only.
CREATE AGGREGATE sum_counts(integer[]) (SFUNC = add_counts, STYPE = integer[]);
--> statement-breakpoint
DO $$
DECLARE commune record;
BEGIN
  FOR commune IN SELECT id FROM tenants LOOP
    PERFORM set_config('app.tenant_id', commune.id::text, true);
    -- The statistics job's lock of the commune: no run adds to its month rows meanwhile.
    PERFORM pg_advisory_xact_lock(hashtextextended('request_facts:' || commune.id::text, 0));
    INSERT INTO request_rollups (tenant_id, span, start, procedure_id, service_id, channel, filed, closed, merged, reopenings, transfers, on_time, ratings)
    SELECT tenant_id, 'year', date_trunc('year', start)::date, procedure_id, service_id, channel,
      sum(filed), sum(closed), sum(merged), sum(reopenings), sum(transfers), sum(on_time), sum_counts(ratings)
    FROM request_rollups WHERE tenant_id = commune.id AND span = 'month'
    GROUP BY tenant_id, date_trunc('year', start), procedure_id, service_id, channel;
    INSERT INTO request_delay_histograms (tenant_id, span, start, channel, service_id, procedure_id, acknowledgement, first_answer, processing)
    SELECT tenant_id, 'year', date_trunc('year', start)::date, channel, service_id, procedure_id,
      sum_counts(acknowledgement), sum_counts(first_answer), sum_counts(processing)
    FROM request_delay_histograms WHERE tenant_id = commune.id AND span = 'month'
    GROUP BY tenant_id, date_trunc('year', start), channel, service_id, procedure_id;
    INSERT INTO request_place_rollups (tenant_id, span, start, sector, grid_cell, filed, closed, on_time)
    SELECT tenant_id, 'year', date_trunc('year', start)::date, sector, grid_cell, sum(filed), sum(closed), sum(on_time)
    FROM request_place_rollups WHERE tenant_id = commune.id AND span = 'month'
    GROUP BY tenant_id, date_trunc('year', start), sector, grid_cell;
    INSERT INTO citizen_rollups (tenant_id, span, start, new_citizens, franceconnect)
    SELECT tenant_id, 'year', date_trunc('year', start)::date, sum(new_citizens), sum(franceconnect)
    FROM citizen_rollups WHERE tenant_id = commune.id AND span = 'month'
    GROUP BY tenant_id, date_trunc('year', start);
  END LOOP;
  PERFORM set_config('app.tenant_id', '', true);
END;
$$;
--> statement-breakpoint
DROP AGGREGATE sum_counts(integer[]);
