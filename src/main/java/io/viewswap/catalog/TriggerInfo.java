package io.viewswap.catalog;

import io.viewswap.spec.QualifiedName;
import java.util.List;
import java.util.Optional;

/**
 * A user trigger that may name a renamed table or column in its arguments ({@code
 * pg_trigger.tgargs}): text that PostgreSQL hands to the trigger function unchanged and never
 * re-parses, so a rename leaves it stale.
 *
 * @param table the relation the trigger is on
 * @param specTable the spec's table whose tree (itself, its partitions, inheritance children) holds
 *     {@code table}; empty for a trigger elsewhere that was read because an argument names a
 *     renamed table
 * @param name the trigger's name
 * @param function the trigger function as {@code regprocedure} prints it (schema-qualified when not
 *     in pg_catalog)
 * @param language the function's language ({@code c} for the built-in and contrib trigger
 *     functions)
 * @param readsArguments whether the function's body (PL languages only) mentions {@code TG_ARGV}
 * @param arguments the arguments in order
 * @param reviewed whether the function's body (PL languages only) carries the {@code
 *     viewswap:reviewed} mark
 * @param onView whether {@code table} is a view that depends on {@code specTable} (an INSTEAD OF
 *     trigger there writes to the renamed table); its own columns keep their names in a rename
 * @param extension the extension the function belongs to, empty for none
 * @param runsComputedSql whether the function's body (PL languages only) runs SQL it builds at run
 *     time ({@code EXECUTE})
 */
public record TriggerInfo(
    QualifiedName table,
    Optional<QualifiedName> specTable,
    String name,
    String function,
    String language,
    boolean readsArguments,
    List<String> arguments,
    boolean reviewed,
    boolean onView,
    String extension,
    boolean runsComputedSql) {
  public TriggerInfo {
    specTable = specTable == null ? Optional.empty() : specTable;
    arguments = arguments == null ? List.of() : List.copyOf(arguments);
    extension = extension == null ? "" : extension;
  }

  /** A trigger on a table, whose function belongs to no extension (older snapshot files). */
  public TriggerInfo(
      QualifiedName table,
      Optional<QualifiedName> specTable,
      String name,
      String function,
      String language,
      boolean readsArguments,
      List<String> arguments,
      boolean reviewed) {
    this(
        table,
        specTable,
        name,
        function,
        language,
        readsArguments,
        arguments,
        reviewed,
        false,
        "",
        false);
  }

  /** Whether the function's body is compiled code ({@code c}, {@code internal}) no one can read. */
  public boolean compiled() {
    return language.equals("c") || language.equals("internal");
  }

  /** The function's bare name: no schema, no argument list ({@code tsvector_update_trigger}). */
  public String functionName() {
    String f = function;
    int paren = f.indexOf('(');
    if (paren >= 0) {
      f = f.substring(0, paren);
    }
    int dot = f.lastIndexOf('.');
    return dot >= 0 ? f.substring(dot + 1) : f;
  }
}
