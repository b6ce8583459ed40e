CREATE TABLE "request_follow_up_tokens" (
	"tenant_id" uuid NOT NULL,
	"token_hash" text NOT NULL,
	"request_id" uuid NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "request_follow_up_tokens_tenant_id_token_hash_pk" PRIMARY KEY("tenant_id","token_hash")
);
--> statement-breakpoint
ALTER TABLE "request_follow_up_tokens" ADD CONSTRAINT "request_follow_up_tokens_tenant_id_tenants_id_fk" FOREIGN KEY ("tenant_id") REFERENCES "public"."tenants"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "request_follow_up_tokens" ADD CONSTRAINT "request_follow_up_tokens_tenant_id_request_id_requests_tenant_id_id_fk" FOREIGN KEY ("tenant_id","request_id") REFERENCES "public"."requests"("tenant_id","id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "request_follow_up_tokens_request" ON "request_follow_up_tokens" USING btree ("tenant_id","request_id");--> statement-breakpoint
CALL enable_tenant_isolation('request_follow_up_tokens');
