ALTER TABLE "tenants" ADD COLUMN "agent_sign_in" jsonb;--> statement-breakpoint
ALTER TABLE "agents" ADD COLUMN "totp_last_step" bigint;--> statement-breakpoint
ALTER TABLE "agents" ADD COLUMN "declared_in_file" boolean DEFAULT false NOT NULL;--> statement-breakpoint
ALTER TABLE "epci_staff" ADD COLUMN "totp_last_step" bigint;