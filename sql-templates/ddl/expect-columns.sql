-- Guard: the table must still have exactly the columns the plan was made from, else nothing changes.
-- {0} function name, {1} the table as a regclass literal, {2} the expected column names as text literals.
select {0}({1}, array[{2}]::pg_catalog.text[])
