package io.viewswap.check;

import io.viewswap.api.Finding;
import io.viewswap.api.FindingCode;
import io.viewswap.api.Severity;
import io.viewswap.spec.Acceptance;
import io.viewswap.spec.Diagnostic;
import java.util.List;
import java.util.Optional;

/**
 * The spec's {@code accept:} entries, applied to the findings once the catalog's checks ran (they
 * never reach into a check): a blocker of an acceptable code that names the entry's object becomes
 * {@link Severity#ACCEPTED}, shown with the entry's reason. An entry of another code, or one that
 * names no finding when the checks that make such findings ran, is a spec error at the entry's
 * line.
 */
final class Acceptances {
  private Acceptances() {}

  /** Applies the entries to {@code findings} in place; the errors they make go at its end. */
  static void apply(CheckContext ctx, List<Finding> findings) {
    boolean textChecksRan = TableSafety.beforeTheSwap(ctx.state(), ctx.direction());
    for (Acceptance a : ctx.spec().accept()) {
      Optional<FindingCode> code =
          Checker.ACCEPTABLE.stream().filter(c -> c.label().equals(a.finding())).findFirst();
      if (code.isEmpty()) {
        findings.add(
            ctx.finding(
                Severity.ERROR,
                FindingCode.ACCEPT_UNKNOWN,
                a.position(),
                "accept: \""
                    + a.finding()
                    + "\" is not a finding a spec can accept; only "
                    + Checker.ACCEPTABLE.stream().map(FindingCode::label).toList()
                    + " can be",
                "the other blockers would make the phase fail or widen access: fix what they name"));
        continue;
      }
      boolean matched = false;
      for (int i = 0; i < findings.size(); i++) {
        Finding f = findings.get(i);
        if (f.severity() == Severity.BLOCKER
            && f.code().equals(code.get().label())
            && names(f.diagnostic().message(), a.object())) {
          Diagnostic d = f.diagnostic();
          findings.set(
              i,
              new Finding(
                  Severity.ACCEPTED,
                  f.code(),
                  new Diagnostic(
                      d.file(),
                      d.position(),
                      d.message()
                          + "; accepted in the spec"
                          + (a.position().known() ? " (line " + a.position().line() + ")" : "")
                          + ": "
                          + a.reason(),
                      "accepted, so nothing stops the phase: what the finding says will break still"
                          + " breaks unless its owner changed it; remove the entry to be told again")));
          matched = true;
        }
      }
      if (!matched && textChecksRan) {
        findings.add(
            ctx.finding(
                Severity.ERROR,
                FindingCode.ACCEPT_UNKNOWN,
                a.position(),
                "accept: no " + a.finding() + " blocker names " + a.object() + " in this database",
                "write the object exactly as `viewswap check` names it (e.g. public.audit(integer)), or remove"
                    + " the entry if the blocker is gone"));
      }
    }
  }

  /** Whether a finding's message names the object, as a whole word of it. */
  private static boolean names(String message, String object) {
    int from = 0;
    while (true) {
      int i = message.indexOf(object, from);
      if (i < 0) {
        return false;
      }
      int end = i + object.length();
      boolean before = i == 0 || " \"(".indexOf(message.charAt(i - 1)) >= 0;
      boolean after = end == message.length() || " \",;:)".indexOf(message.charAt(end)) >= 0;
      if (before && after) {
        return true;
      }
      from = i + 1;
    }
  }
}
