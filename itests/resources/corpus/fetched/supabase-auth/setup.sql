-- Written for viewswap (not upstream): what supabase/auth's migrations expect to exist before them. Supabase's
-- database image (and the repository's hack/init_postgres.sql) creates the schema the migrations fill, owned by
-- supabase_auth_admin, a role the migrations themselves never name; here the superuser owns it. The role postgres
-- that migration 20240612123726 grants to is the test server's superuser.
create schema if not exists auth;
