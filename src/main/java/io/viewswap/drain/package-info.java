/**
 * {@code viewswap drain}: watches whether SQL that uses a spec's old names still reaches the
 * database, from pg_stat_statements when it is loaded, else by sampling pg_stat_activity.
 *
 * <p>Internal: no compatibility promise. Library users call {@link
 * io.viewswap.ViewSwap#drain(io.viewswap.spec.Spec, java.time.Duration, java.time.Duration,
 * io.viewswap.api.Sleeper, io.viewswap.api.DrainProgress)}, which returns {@link
 * io.viewswap.api.DrainReport}; {@link io.viewswap.drain.Drain} is its engine.
 */
package io.viewswap.drain;
