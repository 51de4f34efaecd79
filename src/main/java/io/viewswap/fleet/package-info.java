/**
 * Fleets: one spec over many tenant schemas and many databases. Owns picking the targets (schemas
 * selected by the spec, narrowed by --only, --shard and --limit), one catalog read per database for
 * all its targets, the bounded pool of connections that runs each target's phase in its own
 * transaction under its own run lock, and the per-target results. Each target runs exactly what a
 * single-target {@code apply} runs (the same checker, planner and phase runner). Internal: no
 * compatibility promise.
 */
package io.viewswap.fleet;
