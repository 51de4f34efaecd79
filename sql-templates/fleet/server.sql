-- Which server a fleet database is on, so that what belongs to the server as a whole (its standbys, synchronous
-- replication) is said once for all its databases: the cluster's system identifier, which they share. Built-ins
-- qualified: the session's search_path is not trusted.
select s.system_identifier::pg_catalog.text from pg_catalog.pg_control_system() s
