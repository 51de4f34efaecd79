-- A Liquibase formatted-SQL changelog: the marker line must come first. {0} header comment lines, {1} changesets.

--liquibase formatted sql

{0}

{1}
