-- A commune's calendar and sectors are its own data, like the rest of its catalogue.
CALL enable_tenant_isolation('commune_settings');
