package io.viewswap.catalog;

import io.viewswap.spec.QualifiedName;
import java.util.List;

/**
 * A function whose body PostgreSQL stores as text (plpgsql, string-bodied SQL, other PLs): names in
 * it are not tracked by pg_depend, so a rename breaks it only when it next runs.
 *
 * @param signature as {@code regprocedure} prints it
 * @param language the language name
 * @param source the body (prosrc)
 * @param triggerTables the tables it fires on as a trigger function; empty when it is no trigger
 *     function or when that was not read (older snapshot files)
 */
public record FunctionSource(
    String signature, String language, String source, List<QualifiedName> triggerTables) {
  public FunctionSource {
    triggerTables = triggerTables == null ? List.of() : List.copyOf(triggerTables);
  }

  /** A function whose trigger tables are not known. */
  public FunctionSource(String signature, String language, String source) {
    this(signature, language, source, List.of());
  }
}
