/**
 * Preflight: spec x catalog snapshot x state to findings. Every problem is reported at once, each
 * pointing at the spec's line and column; errors mean the spec does not fit the database (exit 3),
 * blockers mean the rename would break something or widen access (exit 8). Pure: works on
 * snapshots, so it is unit-tested without a server.
 *
 * <p>Each check is a rule over one {@link io.viewswap.check.CheckContext}: a {@code Rule} about one
 * renamed table (run table by table, when it applies to the state and direction), or a {@code
 * SpecRule} about the run as a whole. {@link io.viewswap.check.Checker} is the ordered list of
 * them; what a run creates or drops, and which names are live, come from {@link
 * io.viewswap.geometry.RenameGeometry}.
 *
 * <p>Internal: no compatibility promise. Library users go through {@link io.viewswap.ViewSwap} and
 * the types of {@code io.viewswap.api}.
 */
package io.viewswap.check;
