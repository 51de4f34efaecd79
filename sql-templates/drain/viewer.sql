-- Who drain reads the statistics as, and whether that role reads every role's statements: a superuser or a
-- member of pg_read_all_stats (directly or through pg_monitor). Any other role sees only the statements of
-- roles whose privileges it has.
select current_user::pg_catalog.text as viewer,
       pg_catalog.pg_has_role('pg_read_all_stats', 'USAGE') as reads_all_stats
