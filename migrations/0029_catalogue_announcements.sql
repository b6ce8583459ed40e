-- Every server process keeps each commune's public catalogue in memory: a change to a procedure
-- or a theme, whoever makes it (an administrator through any process, the catalogue loader), is
-- announced on `catalogue_changes` with the commune's id, once its transaction commits, and the
-- processes that listen drop that commune's copy.
CREATE FUNCTION announce_catalogue_change() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  PERFORM pg_notify('catalogue_changes', COALESCE(NEW.tenant_id, OLD.tenant_id)::text);
  RETURN NULL;
END;
$$;
--> statement-breakpoint
CREATE TRIGGER procedures_announce AFTER INSERT OR UPDATE OR DELETE ON procedures
  FOR EACH ROW EXECUTE FUNCTION announce_catalogue_change();
--> statement-breakpoint
CREATE TRIGGER themes_announce AFTER INSERT OR UPDATE OR DELETE ON themes
  FOR EACH ROW EXECUTE FUNCTION announce_catalogue_change();
