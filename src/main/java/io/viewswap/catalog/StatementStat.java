package io.viewswap.catalog;

/**
 * A statement pg_stat_statements recorded in this database that names a table of the spec and uses
 * something a view cannot take (COPY, TRUNCATE, ON CONFLICT ON CONSTRAINT, MERGE): evidence that
 * code the rename moves onto the view does that today.
 *
 * @param query the normalised statement text
 * @param calls how often it ran since the statistics were last reset
 */
public record StatementStat(String query, long calls) {}
