package io.viewswap.cli;

import io.viewswap.api.Phase;
import java.util.Arrays;
import java.util.Iterator;

/**
 * The words --phase takes, for help and shell completion; taken from {@link Phase} so they cannot
 * drift.
 */
final class PhaseWords implements Iterable<String> {
  @Override
  public Iterator<String> iterator() {
    return Arrays.stream(Phase.values()).map(Phase::label).iterator();
  }
}
