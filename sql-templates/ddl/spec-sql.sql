-- The spec's own statement (sql: in the spec), run by EXECUTE from a string literal ({1}) so that none of its
-- characters reaches a script raw: a multi-line function body is written with \n escapes, and no line of it can
-- become a psql meta-command, a Liquibase directive or a Flyway placeholder. {0} is a dollar-quote tag that the
-- literal does not contain.
do {0}begin execute {1}; end{0}
