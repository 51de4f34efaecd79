package io.viewswap.demo;

import java.util.List;

/**
 * What one demo client has done so far.
 *
 * @param label {@code old-name} or {@code new-name}
 * @param transactions committed transactions
 * @param errors failed transactions
 * @param firstErrors the first few errors, each {@code SQLSTATE message}
 */
record ClientStats(String label, long transactions, long errors, List<String> firstErrors) {
  ClientStats {
    firstErrors = List.copyOf(firstErrors);
  }

  /** e.g. {@code old-name 1234 tx, 0 errors}. */
  String brief() {
    return label + " " + transactions + " tx, " + errors + (errors == 1 ? " error" : " errors");
  }
}
