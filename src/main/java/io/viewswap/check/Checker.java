package io.viewswap.check;

import io.viewswap.api.CheckReport;
import io.viewswap.api.Direction;
import io.viewswap.api.Finding;
import io.viewswap.api.FindingCode;
import io.viewswap.api.Severity;
import io.viewswap.api.State;
import io.viewswap.catalog.CatalogSnapshot;
import io.viewswap.spec.Spec;
import io.viewswap.spec.TableRename;
import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Runs every check that applies to a spec in a state, before a run in a direction: the rules below,
 * in their order, which is the order of the report.
 */
public final class Checker {

  /**
   * The blockers a spec may accept by name: each is about an object another role may own (a
   * function, a trigger, a pg_cron job, a pg_partman row) whose owner alone could clear it, and
   * none keeps the phase itself from running: what breaks is that object, afterwards. Blockers
   * about access, trust, ownership or what would make the phase fail are never accepted.
   */
  public static final Set<FindingCode> ACCEPTABLE =
      Collections.unmodifiableSet(
          EnumSet.of(
              FindingCode.FUNCTION_BODY,
              FindingCode.TRIGGER_ARGUMENT,
              FindingCode.CRON_JOB,
              FindingCode.PARTMAN_CONFIG));

  /**
   * Written as a comment in a function body, says its author made it work under the old and the new
   * names: the text search that found the name cannot tell that, so the finding becomes a warning.
   */
  public static final String REVIEWED_MARK = "viewswap:reviewed";

  /** About the whole run, first. */
  private static final List<SpecRule> FIRST = List.of(new StateSchemaRights());

  /**
   * About each renamed table, table by table. Forward runs get every check, rollbacks only those
   * that keep the rollback itself from failing half-way (where the table is, who may alter it, what
   * blocks a drop).
   */
  private static final List<Rule> PER_TABLE =
      List.of(
          new MissingTable(),
          new TableOwner(),
          new NewNames(),
          new NameDrift(),
          new TableSafety(),
          TextReferences.functionBodies(),
          TextReferences.triggerArguments(),
          TextReferences.triggerFunctions(),
          TextReferences.namedObjects(),
          new AccessDrift(),
          new ViewDependents(),
          new ViewSchemaRights(),
          new TransitionSchemaTrust());

  /** About the whole run, after the tables; the spec's {@code accept:} entries apply up to here. */
  private static final List<SpecRule> THEN = List.of(new PlannedWarnings());

  /** What the server says about roles and replication (nothing when checking a snapshot). */
  private static final List<SpecRule> SERVER =
      List.of(new ReleaseRoleCheck(), new RoleSettingCheck(), new ReplicationCheck());

  /** Every rule, in the order the checker runs them (for the test that none is left out). */
  static List<Object> rules() {
    List<Object> all = new ArrayList<>(FIRST);
    all.addAll(PER_TABLE);
    all.addAll(THEN);
    all.addAll(SERVER);
    return all;
  }

  /**
   * Every check of a snapshot, without a server: its role and replication checks say what they can
   * without one.
   *
   * @param state where the spec stands
   * @param direction what the run will do
   */
  public CheckReport check(Spec spec, CatalogSnapshot snapshot, State state, Direction direction) {
    return check(CheckContext.offline(spec, snapshot, state, direction));
  }

  /** Every check, with what the context holds. */
  public CheckReport check(CheckContext ctx) {
    List<Finding> findings = new ArrayList<>();
    if (ctx.state() == State.PLANNED && ctx.direction() == Direction.FORWARD) {
      // The spec has no state, but its tables are as a later phase left them: said alone, since
      // every other finding would assume the tables are as before expand (a taken name, a missing
      // table) and mislead.
      Optional<LostState> lost = LostState.of(ctx.spec(), ctx.snapshot());
      if (lost.isPresent()) {
        findings.add(
            ctx.finding(
                Severity.ERROR,
                FindingCode.STATE_LOST,
                ctx.spec().renames().get(0).position(),
                lost.get().message(ctx.spec(), ctx.snapshot()),
                lost.get().recovery()));
        return new CheckReport(findings);
      }
    }
    FIRST.forEach(rule -> findings.addAll(rule.find(ctx)));
    for (TableRename r : ctx.spec().renames()) {
      for (Rule rule : PER_TABLE) {
        if (rule.appliesTo(ctx.state(), ctx.direction())) {
          findings.addAll(rule.find(ctx, r));
        }
      }
    }
    THEN.forEach(rule -> findings.addAll(rule.find(ctx)));
    Acceptances.apply(ctx, findings);
    SERVER.forEach(rule -> findings.addAll(rule.find(ctx)));
    return new CheckReport(findings);
  }
}
