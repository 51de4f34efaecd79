-- Whether the state schema holds the record of the release role's settings (versions before v2 do not).
select pg_catalog.to_regclass('viewswap.role_setting'::pg_catalog.text) is not null
