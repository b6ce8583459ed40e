-- A definer function runs as the owner. With the caller's temporary schema searched first (it is,
-- unless pg_temp is named), a caller allowed temporary tables could put a view of its own in front
-- of a table the function reads, and have the owner run what it wants: every definer function
-- searches pg_catalog, then public, and the temporary schema last. And none is callable by
-- PUBLIC: each is granted to the application role by name where it calls it (a trigger's function
-- needs no grant to fire).
DO $$
DECLARE definer regprocedure;
BEGIN
  FOR definer IN SELECT p.oid::regprocedure FROM pg_proc p WHERE p.prosecdef AND p.pronamespace = 'public'::regnamespace LOOP
    EXECUTE format('ALTER ROUTINE %s SET search_path = pg_catalog, public, pg_temp', definer);
    EXECUTE format('REVOKE ALL ON ROUTINE %s FROM PUBLIC', definer);
  END LOOP;
END;
$$;
