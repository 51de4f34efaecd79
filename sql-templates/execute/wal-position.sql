-- Right after a phase's COMMIT: a WAL position its commit record ends before, to compare standbys' replay with
-- (null on a standby, which has no WAL of its own to insert). Built-ins qualified.
select case when pg_catalog.pg_is_in_recovery() then null
            else pg_catalog.pg_current_wal_lsn()::pg_catalog.text end
