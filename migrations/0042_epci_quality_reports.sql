CREATE TABLE "epci_quality_reports" (
	"epci_id" uuid NOT NULL,
	"period" text NOT NULL,
	"figures" jsonb NOT NULL,
	"published_at" timestamp with time zone NOT NULL,
	"published_by" uuid NOT NULL,
	CONSTRAINT "epci_quality_reports_epci_id_period_pk" PRIMARY KEY("epci_id","period")
);
--> statement-breakpoint
ALTER TABLE "epci_quality_reports" ADD CONSTRAINT "epci_quality_reports_epci_id_epcis_id_fk" FOREIGN KEY ("epci_id") REFERENCES "public"."epcis"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CALL enable_epci_isolation('epci_quality_reports');
