/**
 * viewswap's own state in the database: the {@code viewswap} schema (one row per spec, a history of
 * every phase run), its installation, and the per-spec advisory lock that keeps two runs of one
 * spec apart.
 *
 * <p>Internal: no compatibility promise. Library users go through {@link io.viewswap.ViewSwap} and
 * the types of {@code io.viewswap.api}.
 */
package io.viewswap.state;
