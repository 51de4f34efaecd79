package io.viewswap.cli;

import io.viewswap.ViewSwap;
import io.viewswap.api.Direction;
import io.viewswap.api.Finding;
import io.viewswap.api.Phase;
import io.viewswap.api.PhaseResult;
import io.viewswap.api.ViewSwapException;
import io.viewswap.spec.RetryCount;
import io.viewswap.spec.Spec;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Locale;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

/**
 * What apply and rollback share: both run one phase in one direction and report it the same way.
 */
abstract class PhaseCommand implements JsonCapable {
  @ParentCommand RootCommand root;
  @Mixin ConnectionOption connection;
  @Mixin FleetOption fleet;

  @Parameters(
      paramLabel = "SPEC",
      arity = "0..1",
      description = "the rename spec (YAML); rollback can do without it (--spec-id)")
  Path spec;

  /** The id whose applied spec, read from the state, a rollback runs with; null to read SPEC. */
  String specId() {
    return null;
  }

  @Option(
      names = "--phase",
      required = true,
      completionCandidates = PhaseWords.class,
      description = "${COMPLETION-CANDIDATES}")
  String phase;

  @Option(
      names = "--lock-timeout",
      converter = Durations.class,
      description = {
        "lock_timeout per attempt, e.g. 200ms (default: the spec's, else 200ms). Queries that arrive while the"
            + " swap waits for its lock queue behind it for up to this long; keep it below deadlock_timeout.",
        "Each lock timeout prints the sessions in the way (pid, role, application, client, state, query)."
      })
  Duration lockTimeout;

  @Option(
      names = "--statement-timeout",
      converter = Durations.class,
      description = "statement_timeout, e.g. 5s (default: the spec's, else 5s)")
  Duration statementTimeout;

  @Option(
      names = "--retries",
      description =
          "retries after a lock timeout, "
              + RetryCount.MIN
              + " to "
              + RetryCount.MAX
              + " (default: the spec's, else "
              + RetryCount.DEFAULT
              + "). Each retry leaves the lock queue and joins"
              + " it again at the end: more retries never stall the application longer, but under steady"
              + " contention a longer --lock-timeout may be what gets the lock.")
  Integer retries;

  @Option(
      names = "--wait-for-standbys",
      arity = "0..1",
      fallbackValue = "60s",
      paramLabel = "TIMEOUT",
      converter = Durations.class,
      description =
          "after the phase commits, wait up to TIMEOUT (default 60s) for every standby streaming from the"
              + " server to replay it; hot standbys see the new names only then. Without it the phase"
              + " only reports how far they are. A fleet run waits once per database, after its last"
              + " target.")
  Duration waitForStandbys;

  @Option(names = "--dry-run", description = "print what would run and change nothing")
  boolean dryRun;

  @Mixin StandbyOption standbys;

  @Mixin TextOrJson output;

  @Override
  public boolean jsonOutput() {
    return output.json();
  }

  /**
   * The command line's timeouts and retries over those of the spec (read from its file or from the
   * state). The durations were checked by {@link Durations} as the spec's are.
   */
  private Spec withOverrides(Spec s) {
    io.viewswap.spec.SpecOptions o = s.options();
    if (lockTimeout != null) {
      o = o.withLockTimeout(lockTimeout);
    }
    if (statementTimeout != null) {
      o = o.withStatementTimeout(statementTimeout);
    }
    if (retries != null) {
      o = o.withRetries(retries);
    }
    return s.withOptions(o);
  }

  Integer run(Direction direction) throws Exception {
    Cli cli = root.cli;
    Phase p = Phase.parse(phase);
    if (retries != null && !RetryCount.allows(retries)) {
      throw ViewSwapException.usage(
          RetryCount.refusal("--retries", retries.toString()), RetryCount.HINT);
    }
    if ((spec == null) == (specId() == null)) {
      throw ViewSwapException.usage(
          spec == null
              ? "give the SPEC file" + (direction == Direction.ROLLBACK ? " or --spec-id ID" : "")
              : "give either SPEC or --spec-id, not both",
          direction == Direction.ROLLBACK
              ? "without the file, `viewswap rollback --spec-id ID --phase PHASE` rolls back with the spec"
                  + " as applied (`viewswap status` lists the ids)"
              : "e.g. viewswap apply spec.yaml --phase expand");
    }
    Spec s =
        withOverrides(
            spec == null ? cli.viewSwap(connection.url).appliedSpec(specId()) : cli.readSpec(spec));
    standbys.refuseWithTargets(fleet);
    if (spec != null && FleetCli.applies(s, fleet)) {
      return FleetCli.run(
          cli,
          s,
          p,
          direction,
          fleet,
          connection,
          dryRun,
          output.json(),
          waitForStandbys == null ? Duration.ZERO : waitForStandbys,
          standbys.databases(cli.env));
    }
    ViewSwap vs =
        cli.viewSwap(
            connection.url,
            waitForStandbys == null ? Duration.ZERO : waitForStandbys,
            standbys.databases(cli.env));
    PhaseResult r =
        direction == Direction.FORWARD ? vs.apply(s, p, dryRun) : vs.rollback(s, p, dryRun);
    if (output.json()) {
      cli.printJson(Json.result(r));
      return 0;
    }
    String title = p.label() + (direction == Direction.ROLLBACK ? " rollback" : "");
    if (r.alreadyDone()) {
      cli.out.printf(
          Locale.ROOT,
          "%s: spec %s is already %s; nothing to do%n",
          title,
          r.spec(),
          r.state().label());
    } else if (r.dryRun()) {
      cli.out.printf(
          Locale.ROOT,
          "%s (dry run, nothing changed): %s -> %s would run:%n",
          title,
          r.previousState().label(),
          direction.to(p).label());
      r.statements().forEach(st -> cli.out.println("  " + st + ";"));
    } else {
      cli.out.println(
          cli.style()
              .green(
                  String.format(
                      Locale.ROOT,
                      "%s: %s -> %s in %d attempt%s; lock held %d ms, waited %d ms",
                      title,
                      r.previousState().label(),
                      r.state().label(),
                      r.attempts(),
                      r.attempts() == 1 ? "" : "s",
                      r.lockHeldMs(),
                      r.lockWaitMs())));
      r.statements().forEach(st -> cli.out.println("  " + st + ";"));
    }
    for (Finding w : r.warnings()) {
      cli.err.println("warning: " + w.diagnostic().format());
    }
    return 0;
  }
}
