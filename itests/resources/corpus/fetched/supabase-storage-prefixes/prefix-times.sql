-- Written for viewswap (not upstream): the objects' insert trigger made the prefixes of ../supabase-storage/data.sql's
-- objects with now(); fixed times, so that every probe returns the same rows on every run.
update storage.prefixes set created_at = '2026-02-10 09:00+00', updated_at = '2026-02-11 09:00+00';
