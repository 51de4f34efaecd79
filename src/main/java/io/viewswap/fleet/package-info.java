/**
 * Fleets: one spec over many tenant schemas and many databases. Owns only the orchestration:
 * picking the targets (schemas selected by the spec, narrowed by --only, --shard and --limit), one
 * catalog read per database for all its targets, what to do with each target before anything runs
 * ({@link io.viewswap.fleet.Decision}, pure), the bounded pool of connections, the failure budget
 * and the per-target results. Each target's phase, check and plan is one run of the single path,
 * through {@link io.viewswap.run.Executor}, which owns the sessions, the run lock, the checks and
 * the phase runner. {@link io.viewswap.fleet.FleetEngine} is the commands, {@link
 * io.viewswap.fleet.FleetTargets} what each database holds, {@link io.viewswap.fleet.FleetPool} the
 * workers. Internal: no compatibility promise.
 */
package io.viewswap.fleet;
