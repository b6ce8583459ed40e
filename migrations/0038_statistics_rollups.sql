CREATE TABLE "request_delay_histograms" (
	"tenant_id" uuid NOT NULL,
	"span" text NOT NULL,
	"start" date NOT NULL,
	"channel" text,
	"service_id" uuid,
	"acknowledgement" integer[] NOT NULL,
	"first_answer" integer[] NOT NULL,
	"processing" integer[] NOT NULL,
	CONSTRAINT "request_delay_histograms_key" UNIQUE NULLS NOT DISTINCT("tenant_id","span","start","channel","service_id")
);
--> statement-breakpoint
CREATE TABLE "request_rollups" (
	"tenant_id" uuid NOT NULL,
	"span" text NOT NULL,
	"start" date NOT NULL,
	"procedure_id" uuid NOT NULL,
	"service_id" uuid NOT NULL,
	"channel" text NOT NULL,
	"filed" integer NOT NULL,
	"closed" integer NOT NULL,
	"merged" integer NOT NULL,
	"reopenings" integer NOT NULL,
	"transfers" integer NOT NULL,
	"on_time" integer NOT NULL,
	"ratings" integer[] NOT NULL,
	CONSTRAINT "request_rollups_tenant_id_span_start_procedure_id_service_id_channel_pk" PRIMARY KEY("tenant_id","span","start","procedure_id","service_id","channel")
);
--> statement-breakpoint
ALTER TABLE "request_delay_histograms" ADD CONSTRAINT "request_delay_histograms_tenant_id_tenants_id_fk" FOREIGN KEY ("tenant_id") REFERENCES "public"."tenants"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "request_rollups" ADD CONSTRAINT "request_rollups_tenant_id_tenants_id_fk" FOREIGN KEY ("tenant_id") REFERENCES "public"."tenants"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "request_facts_open" ON "request_facts" USING btree ("tenant_id","filed_at") WHERE "request_facts"."closed_at" IS NULL AND NOT "request_facts"."merged";--> statement-breakpoint
-- A row holds three histograms of 267 buckets: kept uncompressed in the row, so that a dashboard
-- adding a bucket of many rows reads it in place instead of decompressing each array per bucket.
ALTER TABLE "request_delay_histograms" ALTER COLUMN "acknowledgement" SET STORAGE PLAIN,
  ALTER COLUMN "first_answer" SET STORAGE PLAIN, ALTER COLUMN "processing" SET STORAGE PLAIN;
--> statement-breakpoint
CALL enable_tenant_isolation('request_rollups');
--> statement-breakpoint
CALL enable_tenant_isolation('request_delay_histograms');
--> statement-breakpoint
-- Element by element: how the job adds a change to a rollup's counts (missing elements count 0).
CREATE FUNCTION add_counts(a integer[], b integer[]) RETURNS integer[]
LANGUAGE sql IMMUTABLE PARALLEL SAFE
RETURN ARRAY(SELECT coalesce(a[i], 0) + coalesce(b[i], 0) FROM generate_series(1, greatest(cardinality(a), cardinality(b))) AS i ORDER BY i);
--> statement-breakpoint
-- A histogram's changes come as [bucket, count, bucket, count…] (buckets from 0): added in place,
-- a few buckets of an array of 267 (PL/pgSQL changes an array variable's element without a copy).
CREATE FUNCTION add_counts_at(counts integer[], changes integer[]) RETURNS integer[]
LANGUAGE plpgsql IMMUTABLE PARALLEL SAFE AS $$
BEGIN
  FOR k IN 1 .. coalesce(cardinality(changes), 0) BY 2 LOOP
    counts[changes[k] + 1] := counts[changes[k] + 1] + changes[k + 1];
  END LOOP;
  RETURN counts;
END;
$$;
--> statement-breakpoint
-- The rollups are kept by difference from the facts: the facts are computed again from nothing,
-- every request marked, so that the first run of the statistics job fills the rollups too.
TRUNCATE request_facts;
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
