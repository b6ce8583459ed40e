CREATE TABLE "quality_reports" (
	"tenant_id" uuid NOT NULL,
	"period" text NOT NULL,
	"figures" jsonb NOT NULL,
	"published_at" timestamp with time zone NOT NULL,
	"published_by" uuid NOT NULL,
	CONSTRAINT "quality_reports_tenant_id_period_pk" PRIMARY KEY("tenant_id","period")
);
--> statement-breakpoint
ALTER TABLE "quality_reports" ADD CONSTRAINT "quality_reports_tenant_id_tenants_id_fk" FOREIGN KEY ("tenant_id") REFERENCES "public"."tenants"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CALL enable_tenant_isolation('quality_reports');
