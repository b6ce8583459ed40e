-- A filing draws its history lines' ids before writing them (`drawEventIds`), so that the
-- notifications naming a line leave in the same round trip as the line. USAGE allows nextval and
-- currval only: the application role still cannot move the sequence (setval needs UPDATE).
GRANT USAGE ON SEQUENCE request_events_id_seq TO guichet_app;
