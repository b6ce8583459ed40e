-- GRC tables: the catalogue, requests and their history are a commune's data; EPCI templates
-- and the citizen's vault belong to the EPCI (shared by its communes, like the account).
CALL enable_tenant_isolation('themes');
--> statement-breakpoint
CALL enable_tenant_isolation('procedures');
--> statement-breakpoint
CALL enable_tenant_isolation('contacts');
--> statement-breakpoint
CALL enable_tenant_isolation('requests');
--> statement-breakpoint
CALL enable_tenant_isolation('request_counters');
--> statement-breakpoint
CALL enable_tenant_isolation('request_events');
--> statement-breakpoint
CALL enable_tenant_isolation('attachments');
--> statement-breakpoint
CALL enable_tenant_isolation('reply_templates');
--> statement-breakpoint
CALL enable_epci_isolation('procedure_templates');
--> statement-breakpoint
CALL enable_epci_isolation('vault_documents');
--> statement-breakpoint
-- "No request is ever lost": the history is append-only for every role, the owner included.
REVOKE UPDATE, DELETE, TRUNCATE ON request_events FROM guichet_app;
--> statement-breakpoint
CREATE TRIGGER request_events_append_only BEFORE UPDATE OR DELETE ON request_events
  FOR EACH ROW EXECUTE FUNCTION refuse_change();
--> statement-breakpoint
CREATE TRIGGER request_events_no_truncate BEFORE TRUNCATE ON request_events
  FOR EACH STATEMENT EXECUTE FUNCTION refuse_change();
--> statement-breakpoint
-- A request is closed or anonymised, never deleted.
REVOKE DELETE, TRUNCATE ON requests FROM guichet_app;
