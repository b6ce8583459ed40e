ALTER TABLE "request_drafts" DROP CONSTRAINT "request_drafts_tenant_id_account_id_procedure_id_pk";--> statement-breakpoint
ALTER TABLE "request_drafts" ALTER COLUMN "account_id" DROP NOT NULL;--> statement-breakpoint
ALTER TABLE "request_drafts" ADD COLUMN "id" uuid DEFAULT gen_random_uuid() NOT NULL;--> statement-breakpoint
ALTER TABLE "request_drafts" ADD CONSTRAINT "request_drafts_tenant_id_id_pk" PRIMARY KEY("tenant_id","id");--> statement-breakpoint
ALTER TABLE "request_drafts" ADD COLUMN "upload_token_hash" text;--> statement-breakpoint
CREATE UNIQUE INDEX "request_drafts_account" ON "request_drafts" USING btree ("tenant_id","account_id","procedure_id") WHERE "request_drafts"."account_id" IS NOT NULL;--> statement-breakpoint
CREATE UNIQUE INDEX "request_drafts_browser" ON "request_drafts" USING btree ("tenant_id","upload_token_hash","procedure_id") WHERE "request_drafts"."upload_token_hash" IS NOT NULL;--> statement-breakpoint
ALTER TABLE "request_drafts" ADD CONSTRAINT "request_drafts_one_author" CHECK (("request_drafts"."account_id" IS NULL) <> ("request_drafts"."upload_token_hash" IS NULL));