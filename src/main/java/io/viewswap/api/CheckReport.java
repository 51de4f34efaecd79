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
