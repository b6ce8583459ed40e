CREATE TABLE "request_drafts" (
	"tenant_id" uuid NOT NULL,
	"account_id" uuid NOT NULL,
	"procedure_id" uuid NOT NULL,
	"values" jsonb NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	"expires_at" timestamp with time zone NOT NULL,
	CONSTRAINT "request_drafts_tenant_id_account_id_procedure_id_pk" PRIMARY KEY("tenant_id","account_id","procedure_id")
);
--> statement-breakpoint
ALTER TABLE "request_drafts" ADD CONSTRAINT "request_drafts_tenant_id_tenants_id_fk" FOREIGN KEY ("tenant_id") REFERENCES "public"."tenants"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "request_drafts" ADD CONSTRAINT "request_drafts_tenant_id_procedure_id_procedures_tenant_id_id_fk" FOREIGN KEY ("tenant_id","procedure_id") REFERENCES "public"."procedures"("tenant_id","id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "request_drafts_expiry" ON "request_drafts" USING btree ("tenant_id","expires_at");--> statement-breakpoint
CALL enable_tenant_isolation('request_drafts');
