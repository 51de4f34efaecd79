-- The three settings the blocker probe changes, as the lent connection had them (given back on close, so a
-- caller's pool gets its connection back as it lent it).
select pg_catalog.current_setting('application_name'),
       pg_catalog.current_setting('statement_timeout'),
       pg_catalog.current_setting('lock_timeout')
