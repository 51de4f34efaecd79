package io.viewswap.api;

/** Progress of a fleet run, after each target; the CLI draws it on stderr. */
public interface FleetProgress {
  /**
   * @param done targets finished (run or already done) so far
   * @param failed targets failed so far
   * @param left targets still to run
   * @param elapsedMs since the run started
   */
  void update(int done, int failed, int left, long elapsedMs);

  FleetProgress NONE = (done, failed, left, elapsedMs) -> {};
}
