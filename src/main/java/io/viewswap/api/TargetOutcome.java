package io.viewswap.api;

/** What a fleet run did with one target. */
public enum TargetOutcome {
  /** The phase ran and committed. */
  DONE,
  /** The target was already in the phase's end state (a re-run resumes); nothing ran. */
  ALREADY_DONE,
  /** The phase failed on this target; its transaction was rolled back, so it is where it was. */
  FAILED,
  /**
   * Not run: its schema lacks the table ({@code skip_missing}), or it is not ready ({@code
   * --partial}).
   */
  SKIPPED,
  /** Not run: the run stopped after too many failures, or the target was past {@code --limit}. */
  NOT_STARTED,
  /** Dry run: the phase would run here. */
  WOULD_RUN;

  public String label() {
    return name().toLowerCase(java.util.Locale.ROOT).replace('_', ' ');
  }
}
