package io.viewswap.check;

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
}
