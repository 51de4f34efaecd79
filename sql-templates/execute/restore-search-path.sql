-- Gives a pooled session its own search_path back ($1: the value it was lent with).
select pg_catalog.set_config('search_path', ?::pg_catalog.text, false)
