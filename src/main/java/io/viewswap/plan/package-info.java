/**
 * The plan as data: for every phase and its rollback, the ordered statements that move a spec one
 * state. Made by a pure function of (spec, catalog snapshot, current state); {@code apply} and
 * {@code export} both consume it, so an exported script runs exactly what {@code apply} runs.
 *
 * <p>Internal: no compatibility promise. Library users go through {@link io.viewswap.ViewSwap} and
 * the types of {@code io.viewswap.api}.
 */
package io.viewswap.plan;
