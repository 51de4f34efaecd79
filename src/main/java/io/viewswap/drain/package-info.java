/**
 * {@code viewswap drain}: watches whether SQL that uses a spec's old names still reaches the
 * database, from pg_stat_statements when it is loaded, else by sampling pg_stat_activity. Public
 * API: {@link io.viewswap.drain.Drain} and its report records.
 *
 * <p>Internal: no compatibility promise. Library users go through {@link io.viewswap.ViewSwap} and
 * the types of {@code io.viewswap.api}.
 */
package io.viewswap.drain;
