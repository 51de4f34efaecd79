-- Sets the blocker probe's three settings, to the probe's values or back to what they were: application_name,
-- statement_timeout, lock_timeout, in that order, for the session (not the transaction).
select pg_catalog.set_config('application_name', ?, false),
       pg_catalog.set_config('statement_timeout', ?, false),
       pg_catalog.set_config('lock_timeout', ?, false)
