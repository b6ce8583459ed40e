CREATE TABLE "procedure_template_versions" (
	"epci_id" uuid NOT NULL,
	"template_id" uuid NOT NULL,
	"version" integer NOT NULL,
	"theme_title" text NOT NULL,
	"definition" jsonb NOT NULL,
	"published_at" timestamp with time zone NOT NULL,
	CONSTRAINT "procedure_template_versions_epci_id_template_id_version_pk" PRIMARY KEY("epci_id","template_id","version")
);
--> statement-breakpoint
ALTER TABLE "procedure_templates" ADD COLUMN "version" integer DEFAULT 1 NOT NULL;--> statement-breakpoint
ALTER TABLE "procedures" ADD COLUMN "template_version" integer;--> statement-breakpoint
ALTER TABLE "procedure_template_versions" ADD CONSTRAINT "procedure_template_versions_epci_id_epcis_id_fk" FOREIGN KEY ("epci_id") REFERENCES "public"."epcis"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CALL enable_epci_isolation('procedure_template_versions');
--> statement-breakpoint
-- Every change of a template, from its file or through the console, keeps the former version and
-- raises the number: the communes that adopted it are told, and see what changed.
CREATE FUNCTION keep_template_version() RETURNS trigger
LANGUAGE plpgsql SET search_path = pg_catalog, public, pg_temp AS $$
BEGIN
  IF (NEW.theme_title, NEW.definition) IS DISTINCT FROM (OLD.theme_title, OLD.definition) THEN
    INSERT INTO procedure_template_versions (epci_id, template_id, version, theme_title, definition, published_at)
    VALUES (OLD.epci_id, OLD.id, OLD.version, OLD.theme_title, OLD.definition, OLD.published_at);
    NEW.version := OLD.version + 1;
  END IF;
  RETURN NEW;
END;
$$;
--> statement-breakpoint
CREATE TRIGGER procedure_template_versions BEFORE UPDATE ON procedure_templates
FOR EACH ROW EXECUTE FUNCTION keep_template_version();
--> statement-breakpoint
-- The copies adopted so far stand on their template as it is (its first numbered version).
DO $$
DECLARE commune record;
BEGIN
  FOR commune IN SELECT id FROM tenants LOOP
    PERFORM set_config('app.tenant_id', commune.id::text, true);
    UPDATE procedures SET template_version = 1 WHERE template_id IS NOT NULL;
  END LOOP;
  PERFORM set_config('app.tenant_id', '', true);
END;
$$;
