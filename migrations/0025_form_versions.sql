CREATE TABLE "procedure_forms" (
	"tenant_id" uuid NOT NULL,
	"procedure_id" uuid NOT NULL,
	"version" integer NOT NULL,
	"form" jsonb NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "procedure_forms_tenant_id_procedure_id_version_pk" PRIMARY KEY("tenant_id","procedure_id","version")
);
--> statement-breakpoint
ALTER TABLE "procedures" ADD COLUMN "form_version" integer DEFAULT 1 NOT NULL;--> statement-breakpoint
-- Requests filed before versions existed are read with the form their procedure has now.
ALTER TABLE "requests" ADD COLUMN "form_version" integer DEFAULT 1 NOT NULL;--> statement-breakpoint
ALTER TABLE "requests" ALTER COLUMN "form_version" DROP DEFAULT;--> statement-breakpoint
ALTER TABLE "procedure_forms" ADD CONSTRAINT "procedure_forms_tenant_id_tenants_id_fk" FOREIGN KEY ("tenant_id") REFERENCES "public"."tenants"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "procedure_forms" ADD CONSTRAINT "procedure_forms_tenant_id_procedure_id_procedures_tenant_id_id_fk" FOREIGN KEY ("tenant_id","procedure_id") REFERENCES "public"."procedures"("tenant_id","id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
-- The backfill reads every commune's procedures: an owner held by the policies would see none.
ALTER TABLE procedures NO FORCE ROW LEVEL SECURITY;--> statement-breakpoint
INSERT INTO procedure_forms (tenant_id, procedure_id, version, form)
  SELECT tenant_id, id, 1, definition->'form' FROM procedures;--> statement-breakpoint
ALTER TABLE procedures FORCE ROW LEVEL SECURITY;--> statement-breakpoint
ALTER TABLE "requests" ADD CONSTRAINT "requests_form_version_fk" FOREIGN KEY ("tenant_id","procedure_id","form_version") REFERENCES "public"."procedure_forms"("tenant_id","procedure_id","version") ON DELETE no action ON UPDATE no action;
--> statement-breakpoint
CALL enable_tenant_isolation('procedure_forms');
--> statement-breakpoint
-- A form version, once a request may have been filed with it, never changes; only the trigger
-- below writes one, so that the application can neither rewrite a version nor take a number ahead.
REVOKE INSERT, UPDATE, DELETE, TRUNCATE ON procedure_forms FROM guichet_app;
--> statement-breakpoint
-- Whoever changes a procedure's form (an administrator, the catalogue files, an adopted
-- template), the database numbers the new version and keeps it: no writer can forget to.
CREATE FUNCTION number_form_version() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP = 'INSERT' THEN
    NEW.form_version := 1;
  ELSIF NEW.definition->'form' IS DISTINCT FROM OLD.definition->'form' THEN
    NEW.form_version := OLD.form_version + 1;
  ELSE
    NEW.form_version := OLD.form_version;
  END IF;
  RETURN NEW;
END;
$$;
--> statement-breakpoint
-- A definer function: the application role may not insert versions itself. It writes the row of
-- the procedure being changed only, in the commune of the calling transaction (FORCE RLS binds the
-- owner too).
CREATE FUNCTION keep_form_version() RETURNS trigger
LANGUAGE plpgsql SECURITY DEFINER SET search_path = public, pg_catalog AS $$
BEGIN
  IF TG_OP = 'INSERT' OR NEW.form_version <> OLD.form_version THEN
    INSERT INTO procedure_forms (tenant_id, procedure_id, version, form)
      VALUES (NEW.tenant_id, NEW.id, NEW.form_version, NEW.definition->'form');
  END IF;
  RETURN NULL;
END;
$$;
--> statement-breakpoint
CREATE TRIGGER procedures_number_form_version BEFORE INSERT OR UPDATE ON procedures
  FOR EACH ROW EXECUTE FUNCTION number_form_version();
--> statement-breakpoint
CREATE TRIGGER procedures_keep_form_version AFTER INSERT OR UPDATE ON procedures
  FOR EACH ROW EXECUTE FUNCTION keep_form_version();
