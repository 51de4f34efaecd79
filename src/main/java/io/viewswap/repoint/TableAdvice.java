package io.viewswap.repoint;

import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * What the new release changes for one renamed table.
 *
 * @param table the table's current name, {@code schema.name}
 * @param newTable its name once renamed (the same when only columns change)
 * @param readsThrough what new code reaches between expand and swap: the view {@code schema.new}
 *     for a renamed table, else the view in the transition schema
 * @param searchPath the search_path new code needs for a table that keeps its name (transition
 *     schema first)
 * @param clientSearchPath the search_path the client itself must set: empty for a renamed table,
 *     and when the server sets it for the release role
 * @param columns old column name to new, in spec order
 * @param changes what to change in the new release, in the client's own terms
 * @param afterContract what the release after contract may drop
 */
public record TableAdvice(
    String table,
    String newTable,
    String readsThrough,
    Optional<String> searchPath,
    Optional<String> clientSearchPath,
    Map<String, String> columns,
    List<String> changes,
    List<String> afterContract) {
  public TableAdvice {
    columns = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(columns));
    changes = List.copyOf(changes);
    afterContract = List.copyOf(afterContract);
  }
}
