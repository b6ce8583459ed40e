CREATE TABLE "deliveries" (
	"message_id" text PRIMARY KEY NOT NULL,
	"channel" text NOT NULL,
	"attempts" integer DEFAULT 1 NOT NULL,
	"first_attempt_at" timestamp with time zone DEFAULT now() NOT NULL,
	"last_attempt_at" timestamp with time zone DEFAULT now() NOT NULL,
	"accepted_at" timestamp with time zone
);
--> statement-breakpoint
ALTER TABLE "deliveries" ADD CONSTRAINT "deliveries_channel" CHECK ("channel" IN ('email', 'sms'));
--> statement-breakpoint
-- What was already sent stays sent: a job retried across the upgrade sends no second copy. A
-- citizen's notification recorded its e-mail's id once both its e-mail and SMS had left: the SMS,
-- now a delivery of its own, is recorded as sent too.
INSERT INTO "deliveries" ("message_id", "channel", "first_attempt_at", "last_attempt_at", "accepted_at")
SELECT "message_id", 'email', "sent_at", "sent_at", "sent_at" FROM "sent_mail"
UNION ALL
SELECT regexp_replace("message_id", '^<demande-([0-9]+)\.', '<demande-\1.sms.'), 'sms', "sent_at", "sent_at", "sent_at"
FROM "sent_mail" WHERE "message_id" LIKE '<demande-%';
--> statement-breakpoint
DROP TABLE "sent_mail" CASCADE;
--> statement-breakpoint
-- No row-level security: keyed by Message-IDs, the table holds no commune's data.
GRANT SELECT, INSERT, UPDATE, DELETE ON "deliveries" TO guichet_app;
