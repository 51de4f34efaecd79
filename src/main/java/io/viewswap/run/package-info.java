/**
 * The one executor: everything that runs one phase (or a check, or a plan) on one target, whichever
 * front door asked. Owns the sessions viewswap opens (the only code that calls {@code
 * getConnection}, so every session is pinned to {@code search_path = pg_catalog, pg_temp} before
 * anything runs on it), the run lock and its wait, the state row and the spec's drift from it, the
 * catalog read under lock retry with the blocker watch, every check (the catalog's and the release
 * role's), the refusal, the plan and the phase runner. {@link io.viewswap.ViewSwap} is one target;
 * a fleet is N of them, and keeps only its orchestration. Internal: no compatibility promise.
 */
package io.viewswap.run;
