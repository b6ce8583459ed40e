ALTER TABLE "request_events" ADD COLUMN "version" integer;--> statement-breakpoint
ALTER TABLE "requests" ADD COLUMN "version" integer DEFAULT 1 NOT NULL;