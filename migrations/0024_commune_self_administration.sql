ALTER TABLE "tenants" ADD COLUMN "applied_declarations" jsonb DEFAULT '{}'::jsonb NOT NULL;--> statement-breakpoint
-- A commune's administrator edits how the portal presents the commune (branding, contact
-- details) from the back office: the application role may update those two columns of its own
-- commune's row, and of no other. Everyone still reads every commune (a Host is resolved before
-- any tenant is known); the owner (tenant files) is not bound, as before.
ALTER TABLE tenants ENABLE ROW LEVEL SECURITY;
--> statement-breakpoint
CREATE POLICY tenants_read ON tenants FOR SELECT USING (true);
--> statement-breakpoint
CREATE POLICY tenants_self_presentation ON tenants FOR UPDATE
  USING (id = NULLIF(current_setting('app.tenant_id', true), '')::uuid)
  WITH CHECK (id = NULLIF(current_setting('app.tenant_id', true), '')::uuid);
--> statement-breakpoint
GRANT UPDATE (branding, contact, updated_at) ON tenants TO guichet_app;
