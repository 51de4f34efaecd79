-- The session's search_path as lent, to give it back on close. SHOW calls no function, so nothing on the
-- caller's search_path can run before the pin.
show search_path
