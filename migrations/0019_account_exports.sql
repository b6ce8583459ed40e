CREATE TABLE "account_exports" (
	"epci_id" uuid NOT NULL,
	"id" uuid DEFAULT gen_random_uuid() NOT NULL,
	"account_id" uuid NOT NULL,
	"status" text DEFAULT 'pending' NOT NULL,
	"parts_done" integer DEFAULT 0 NOT NULL,
	"parts_total" integer DEFAULT 0 NOT NULL,
	"storage_key" text,
	"size" integer,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"ready_at" timestamp with time zone,
	"expires_at" timestamp with time zone NOT NULL,
	CONSTRAINT "account_exports_epci_id_id_pk" PRIMARY KEY("epci_id","id")
);
--> statement-breakpoint
ALTER TABLE "account_exports" ADD CONSTRAINT "account_exports_epci_id_epcis_id_fk" FOREIGN KEY ("epci_id") REFERENCES "public"."epcis"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "account_exports_account" ON "account_exports" USING btree ("epci_id","account_id");--> statement-breakpoint
CALL enable_epci_isolation('account_exports');
