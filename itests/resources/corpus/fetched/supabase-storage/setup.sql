-- Written for viewswap (not upstream): what supabase/storage's migration runner
-- (src/internal/database/migrations/migrate.ts) gives the tenant migrations before it runs them.
-- It connects with search_path storage, public, extensions (0047 and 0048 name iceberg_* tables
-- unqualified). The roles (anon, authenticated, service_role, authenticator,
-- supabase_storage_admin) are created by the migrations themselves, as the runner's default
-- storage.install_roles = true asks; the other storage.* settings keep their defaults.
create schema if not exists storage;
select pg_catalog.set_config('search_path', 'storage, public, extensions', false);
do $$
begin
  -- the same for later connections, in case each script runs on its own connection
  execute pg_catalog.format('alter database %I set search_path = storage, public, extensions',
                            pg_catalog.current_database());
end
$$;
