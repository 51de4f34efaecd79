package io.viewswap.api;

import java.util.List;

/** Every finding of one check, in spec order. */
public record CheckReport(List<Finding> findings) {
  public CheckReport {
    findings = List.copyOf(findings);
  }

  public List<Finding> of(Severity severity) {
    return findings.stream().filter(f -> f.severity() == severity).toList();
  }

  /**
   * What a run that goes ahead reports: the warnings and the blockers the spec accepted, so an
   * accepted blocker is shown by every run, never silently.
   */
  public List<Finding> notices() {
    return findings.stream()
        .filter(f -> f.severity() == Severity.WARNING || f.severity() == Severity.ACCEPTED)
        .toList();
  }

  public boolean hasErrors() {
    return !of(Severity.ERROR).isEmpty();
  }

  public boolean hasBlockers() {
    return !of(Severity.BLOCKER).isEmpty();
  }

  /** The exit code of {@code viewswap check}: the refusal of the worst finding, else 0. */
  public int exitCode() {
    for (Severity s : Severity.values()) {
      if (!of(s).isEmpty() && s.refusal().isPresent()) {
        return s.refusal().get().exitCode();
      }
    }
    return 0;
  }
}
