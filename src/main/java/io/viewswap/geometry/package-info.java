/**
 * The rename geometry: for one renamed table, which name the table has in each state, where the
 * view with the new names lives, whether a compat view keeps the old name, and which views each
 * phase creates and drops. Worked out from the spec alone, in one place, so that the planner, the
 * checker, the catalog reader and {@code repoint} can never disagree about it.
 *
 * <p>Internal: no compatibility promise. Library users go through {@link io.viewswap.ViewSwap} and
 * the types of {@code io.viewswap.api}.
 */
package io.viewswap.geometry;
