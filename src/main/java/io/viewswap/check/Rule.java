package io.viewswap.check;

import io.viewswap.api.Direction;
import io.viewswap.api.Finding;
import io.viewswap.api.State;
import io.viewswap.spec.TableRename;
import java.util.List;

/**
 * One preflight check about a renamed table. {@link Checker} runs its rules table by table, in the
 * order it lists them, so findings come out grouped by table.
 */
interface Rule {

  /**
   * Whether the check runs before a run from {@code state} in {@code direction}: before every run
   * unless the rule says otherwise.
   */
  default boolean appliesTo(State state, Direction direction) {
    return true;
  }

  /** What it finds for one of the spec's renames, in report order. */
  List<Finding> find(CheckContext ctx, TableRename rename);
}
