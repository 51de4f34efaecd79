package io.viewswap.export;

import io.viewswap.api.Direction;
import io.viewswap.api.Phase;
import io.viewswap.api.PhasePlan;
import io.viewswap.api.Plan;
import io.viewswap.spec.Spec;
import java.util.ArrayList;
import java.util.List;

/**
 * One phase as a framework migration: the runner-phase body {@code apply} runs forward and the one
 * its rollback runs, rendered by {@link ScriptRenderer} (the Flyway and Liquibase body), and the
 * header lines every framework's file carries.
 *
 * @param phase the phase
 * @param forward the SQL of the phase
 * @param rollback the SQL of its rollback
 */
record PhaseMigration(Phase phase, String forward, String rollback) {

  /**
   * The phase's two bodies, with the state row naming {@code client} as who ran it; {@code run} and
   * {@code rollBack} are the commands that run each in a run of its own.
   */
  static PhaseMigration of(
      ScriptRenderer renderer,
      Spec spec,
      Plan plan,
      Phase phase,
      String client,
      String run,
      String rollBack) {
    PhasePlan f = plan.phase(phase, Direction.FORWARD);
    PhasePlan b = plan.phase(phase, Direction.ROLLBACK);
    return new PhaseMigration(
        phase,
        renderer.runnerBody(spec, plan, f, client, run),
        renderer.runnerBody(spec, plan, b, client + " (reverse)", rollBack));
  }

  /**
   * The header: what the phase does, what must be deployed before and after it, how to run it and
   * its rollback, and where the runner differs from {@code apply}. As {@code #} comment lines.
   *
   * @param runner the runner's name, e.g. {@code Django's migrate}
   * @param run the command that runs the phase
   * @param rollBack the command that runs its rollback
   * @param release lines for the new release (given with expand) or what may go after contract
   */
  static String header(
      Spec spec,
      Plan plan,
      Phase phase,
      String runner,
      String run,
      String rollBack,
      List<String> release) {
    List<String> lines = new ArrayList<>();
    lines.add(
        "viewswap: spec "
            + spec.id()
            + " (checksum "
            + plan.checksum()
            + "), planned for PostgreSQL "
            + plan.serverMajor()
            + ". Do not edit the SQL.");
    lines.addAll(PhaseSummary.renames(spec));
    lines.add(phase.label() + ": " + phase.before().label() + " -> " + phase.after().label());
    lines.add("  what: " + PhaseSummary.what(spec, phase));
    lines.add("  before it: " + PhaseSummary.before(spec, phase));
    lines.add("  after it: " + PhaseSummary.after(spec, phase));
    lines.add("  run: " + run);
    lines.add("  roll back: " + rollBack);
    lines.add(
        "It runs exactly the SQL of `viewswap apply SPEC --phase "
            + phase.label()
            + "` (guards, timeouts, statements, state row), and its reverse that of `viewswap rollback"
            + " SPEC --phase "
            + phase.label()
            + "`, each in one transaction, "
            + runner
            + "'s, which also records the migration.");
    lines.add(
        "A lock not granted within "
            + spec.options().lockTimeout().toMillis()
            + "ms fails it (SQLSTATE 55P03) and nothing changes: run it again. Unlike apply, "
            + runner
            + " does not retry (apply tries "
            + (spec.options().retries() + 1)
            + " times, backing off "
            + spec.options().backoffMin().toMillis()
            + "ms.."
            + spec.options().backoffMax().toMillis()
            + "ms), and it does not name the sessions in the way, which apply does.");
    if (!release.isEmpty()) {
      lines.add(
          phase == Phase.CONTRACT
              ? "After contract the release may drop:"
              : "The new release (deployed after expand):");
      release.forEach(l -> lines.add("  " + l));
    }
    StringBuilder out = new StringBuilder();
    for (String l : lines) {
      out.append("# ").append(SourceText.comment(l)).append('\n');
    }
    return out.toString().stripTrailing();
  }

  /**
   * What {@code repoint} says a release changes, for a phase's header: the new release's changes
   * with expand, what may go with contract, nothing with swap.
   */
  static List<String> releaseLines(List<io.viewswap.repoint.TableAdvice> tables, Phase phase) {
    List<String> out = new ArrayList<>();
    for (io.viewswap.repoint.TableAdvice t : tables) {
      switch (phase) {
        case EXPAND -> out.addAll(t.changes());
        case CONTRACT -> out.addAll(t.afterContract());
        case SWAP -> {}
      }
    }
    return out;
  }
}
