CREATE TABLE "account_tokens" (
	"epci_id" uuid NOT NULL,
	"token_hash" text NOT NULL,
	"tenant_id" uuid,
	"purpose" text NOT NULL,
	"account_kind" text NOT NULL,
	"account_id" uuid NOT NULL,
	"payload" jsonb,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"expires_at" timestamp with time zone NOT NULL,
	"used_at" timestamp with time zone,
	CONSTRAINT "account_tokens_epci_id_token_hash_pk" PRIMARY KEY("epci_id","token_hash")
);
--> statement-breakpoint
CREATE TABLE "agent_services" (
	"tenant_id" uuid NOT NULL,
	"agent_id" uuid NOT NULL,
	"service_id" uuid NOT NULL,
	CONSTRAINT "agent_services_tenant_id_agent_id_service_id_pk" PRIMARY KEY("tenant_id","agent_id","service_id")
);
--> statement-breakpoint
CREATE TABLE "agents" (
	"tenant_id" uuid NOT NULL,
	"id" uuid DEFAULT gen_random_uuid() NOT NULL,
	"email" text NOT NULL,
	"display_name" text NOT NULL,
	"role" text DEFAULT 'agent' NOT NULL,
	"password_hash" text,
	"totp_secret" text,
	"totp_enabled_at" timestamp with time zone,
	"external_issuer" text,
	"external_subject" text,
	"disabled_at" timestamp with time zone,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "agents_tenant_id_id_pk" PRIMARY KEY("tenant_id","id")
);
--> statement-breakpoint
CREATE TABLE "audit_events" (
	"epci_id" uuid NOT NULL,
	"id" bigint GENERATED ALWAYS AS IDENTITY (sequence name "audit_events_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 9223372036854775807 START WITH 1 CACHE 1),
	"tenant_id" uuid,
	"at" timestamp with time zone DEFAULT now() NOT NULL,
	"action" text NOT NULL,
	"actor_kind" text,
	"actor_id" uuid,
	"subject_kind" text,
	"subject_id" uuid,
	"ip_hash" text,
	"details" jsonb,
	CONSTRAINT "audit_events_epci_id_id_pk" PRIMARY KEY("epci_id","id")
);
--> statement-breakpoint
CREATE TABLE "citizen_accounts" (
	"epci_id" uuid NOT NULL,
	"id" uuid DEFAULT gen_random_uuid() NOT NULL,
	"email" text,
	"email_verified_at" timestamp with time zone,
	"password_hash" text,
	"given_name" text,
	"family_name" text,
	"birthdate" date,
	"birthplace" text,
	"birthcountry" text,
	"gender" text,
	"franceconnect_sub" text,
	"identity_verified_at" timestamp with time zone,
	"phone" text,
	"notify_by_email" boolean DEFAULT true NOT NULL,
	"notify_by_sms" boolean DEFAULT false NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "citizen_accounts_epci_id_id_pk" PRIMARY KEY("epci_id","id")
);
--> statement-breakpoint
CREATE TABLE "epci_staff" (
	"epci_id" uuid NOT NULL,
	"id" uuid DEFAULT gen_random_uuid() NOT NULL,
	"email" text NOT NULL,
	"display_name" text NOT NULL,
	"password_hash" text,
	"totp_secret" text,
	"totp_enabled_at" timestamp with time zone,
	"disabled_at" timestamp with time zone,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "epci_staff_epci_id_id_pk" PRIMARY KEY("epci_id","id")
);
--> statement-breakpoint
CREATE TABLE "rate_limits" (
	"key" text PRIMARY KEY NOT NULL,
	"window_started_at" timestamp with time zone NOT NULL,
	"attempts" integer NOT NULL,
	"blocked_until" timestamp with time zone
);
--> statement-breakpoint
CREATE TABLE "sessions" (
	"epci_id" uuid NOT NULL,
	"id" text NOT NULL,
	"secret_hash" text NOT NULL,
	"tenant_id" uuid,
	"account_kind" text NOT NULL,
	"account_id" uuid NOT NULL,
	"auth_method" text NOT NULL,
	"second_factor_verified" boolean DEFAULT false NOT NULL,
	"id_token" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"last_used_at" timestamp with time zone DEFAULT now() NOT NULL,
	"expires_at" timestamp with time zone NOT NULL,
	CONSTRAINT "sessions_epci_id_id_pk" PRIMARY KEY("epci_id","id")
);
--> statement-breakpoint
CREATE TABLE "sign_in_flows" (
	"epci_id" uuid NOT NULL,
	"id" text NOT NULL,
	"tenant_id" uuid,
	"provider" text NOT NULL,
	"state" text NOT NULL,
	"nonce" text,
	"return_to" text,
	"payload" jsonb,
	"expires_at" timestamp with time zone NOT NULL,
	CONSTRAINT "sign_in_flows_epci_id_id_pk" PRIMARY KEY("epci_id","id")
);
--> statement-breakpoint
ALTER TABLE "account_tokens" ADD CONSTRAINT "account_tokens_epci_id_epcis_id_fk" FOREIGN KEY ("epci_id") REFERENCES "public"."epcis"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "account_tokens" ADD CONSTRAINT "account_tokens_tenant_id_tenants_id_fk" FOREIGN KEY ("tenant_id") REFERENCES "public"."tenants"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "agent_services" ADD CONSTRAINT "agent_services_tenant_id_agent_id_agents_tenant_id_id_fk" FOREIGN KEY ("tenant_id","agent_id") REFERENCES "public"."agents"("tenant_id","id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "agent_services" ADD CONSTRAINT "agent_services_tenant_id_service_id_services_tenant_id_id_fk" FOREIGN KEY ("tenant_id","service_id") REFERENCES "public"."services"("tenant_id","id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "agents" ADD CONSTRAINT "agents_tenant_id_tenants_id_fk" FOREIGN KEY ("tenant_id") REFERENCES "public"."tenants"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "audit_events" ADD CONSTRAINT "audit_events_epci_id_epcis_id_fk" FOREIGN KEY ("epci_id") REFERENCES "public"."epcis"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "audit_events" ADD CONSTRAINT "audit_events_tenant_id_tenants_id_fk" FOREIGN KEY ("tenant_id") REFERENCES "public"."tenants"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "citizen_accounts" ADD CONSTRAINT "citizen_accounts_epci_id_epcis_id_fk" FOREIGN KEY ("epci_id") REFERENCES "public"."epcis"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "epci_staff" ADD CONSTRAINT "epci_staff_epci_id_epcis_id_fk" FOREIGN KEY ("epci_id") REFERENCES "public"."epcis"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "sessions" ADD CONSTRAINT "sessions_epci_id_epcis_id_fk" FOREIGN KEY ("epci_id") REFERENCES "public"."epcis"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "sessions" ADD CONSTRAINT "sessions_tenant_id_tenants_id_fk" FOREIGN KEY ("tenant_id") REFERENCES "public"."tenants"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "sign_in_flows" ADD CONSTRAINT "sign_in_flows_epci_id_epcis_id_fk" FOREIGN KEY ("epci_id") REFERENCES "public"."epcis"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "sign_in_flows" ADD CONSTRAINT "sign_in_flows_tenant_id_tenants_id_fk" FOREIGN KEY ("tenant_id") REFERENCES "public"."tenants"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "agents_email" ON "agents" USING btree ("tenant_id",lower("email"));--> statement-breakpoint
CREATE UNIQUE INDEX "agents_external" ON "agents" USING btree ("tenant_id","external_issuer","external_subject");--> statement-breakpoint
CREATE INDEX "audit_events_at" ON "audit_events" USING btree ("epci_id","at");--> statement-breakpoint
CREATE UNIQUE INDEX "citizen_accounts_email" ON "citizen_accounts" USING btree ("epci_id",lower("email"));--> statement-breakpoint
CREATE UNIQUE INDEX "citizen_accounts_franceconnect" ON "citizen_accounts" USING btree ("epci_id","franceconnect_sub");--> statement-breakpoint
CREATE UNIQUE INDEX "epci_staff_email" ON "epci_staff" USING btree ("epci_id",lower("email"));--> statement-breakpoint
CREATE INDEX "sessions_account" ON "sessions" USING btree ("epci_id","account_kind","account_id");