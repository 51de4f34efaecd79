package io.viewswap.fleet;

import io.viewswap.api.Finding;
import io.viewswap.api.FindingCode;
import io.viewswap.api.Severity;
import io.viewswap.api.State;
import io.viewswap.api.TargetOutcome;
import io.viewswap.api.TargetResult;
import io.viewswap.api.ViewSwapException;
import io.viewswap.fleet.FleetTargets.Target;
import io.viewswap.spec.Diagnostic;
import io.viewswap.spec.Position;
import io.viewswap.spec.Spec;
import java.util.Optional;

/** How a target that did not run its phase is reported, and its findings named by target. */
final class TargetResults {
  private TargetResults() {}

  static TargetResult outcome(Target t, TargetOutcome o, String message) {
    return new TargetResult(
        t.database(),
        t.schema(),
        t.spec().id(),
        o,
        t.state(),
        t.state(),
        0,
        0,
        0,
        Optional.empty(),
        Optional.empty(),
        message);
  }

  static TargetResult failed(Target t, ViewSwapException e) {
    return failed(t.database(), t.schema(), t.spec().id(), t.state(), e);
  }

  static TargetResult failed(
      String db, String schema, String key, State state, ViewSwapException e) {
    return new TargetResult(
        db,
        schema,
        key,
        TargetOutcome.FAILED,
        state,
        state,
        0,
        0,
        0,
        Optional.of(e.code()),
        e.sqlState(),
        e.getMessage(),
        e.lockTimeouts());
  }

  static Diagnostic prefixed(Target t, Finding f) {
    return prefixed(t, f.diagnostic());
  }

  static Diagnostic prefixed(Target t, Diagnostic d) {
    return new Diagnostic(d.file(), d.position(), "[" + t.label() + "] " + d.message(), d.hint());
  }

  /** A {@code schemas:} entry that selects nothing in a database. */
  static Finding unmatched(Spec spec, String message) {
    return new Finding(
        Severity.ERROR,
        FindingCode.SCHEMAS_UNMATCHED,
        new Diagnostic(
            spec.file(),
            Position.UNKNOWN,
            message,
            "a name must exist and a glob match at least one"
                + " schema; fix \"schemas\" in the spec"));
  }
}
