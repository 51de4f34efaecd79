-- The search_path of every viewswap session ({0}: pg_catalog, pg_temp), set before anything else runs on it.
set search_path = {0}
