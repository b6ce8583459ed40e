-- The open backlog narrowed to a channel, a service or a procedure is read from this index alone:
-- it went to the table for each open request's channel (an EPCI's 48,000 open requests at 10
-- million, 35 ms). Built at upgrade, before the platform serves: one scan of the facts (seconds at
-- 10 million), the table locked meanwhile.
DROP INDEX request_facts_open;
--> statement-breakpoint
CREATE INDEX request_facts_open ON request_facts (tenant_id, filed_at) INCLUDE (channel, service_id, procedure_id)
  WHERE closed_at IS NULL AND NOT merged;
