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
 * @param argNames the names of its input parameters in order, empty strings for unnamed ones; empty
 *     when not read (older snapshot files)
 * @param triggers each trigger that calls it, with its arguments; empty when it is no trigger
 *     function, when no trigger calls it, or when that was not read (older snapshot files: then
 *     only {@code triggerTables})
 * @param triggersRead whether {@code triggers} was read from the catalog: then an empty list means
 *     that no trigger calls the function, so a trigger function's NEW and OLD are no table's rows
 *     (a trigger function left behind when its triggers were dropped); false in older snapshot
 *     files, where an empty list says nothing
 */
public record FunctionSource(
    String signature,
    String language,
    String source,
    List<QualifiedName> triggerTables,
    List<String> argNames,
    List<Trigger> triggers,
    boolean extensionMember,
    boolean triggersRead) {
  public FunctionSource {
    triggerTables = triggerTables == null ? List.of() : List.copyOf(triggerTables);
    argNames = argNames == null ? List.of() : List.copyOf(argNames);
    triggers = triggers == null ? List.of() : List.copyOf(triggers);
  }

  /**
   * A trigger that calls the function: its arguments are {@code TG_ARGV}, its table {@code
   * TG_TABLE_NAME}.
   */
  public record Trigger(String name, QualifiedName table, List<String> arguments) {
    public Trigger {
      arguments = arguments == null ? List.of() : List.copyOf(arguments);
    }
  }

  /** A function whose triggers were not read (older snapshot files, hand-made snapshots). */
  public FunctionSource(
      String signature,
      String language,
      String source,
      List<QualifiedName> triggerTables,
      List<String> argNames,
      List<Trigger> triggers,
      boolean extensionMember) {
    this(signature, language, source, triggerTables, argNames, triggers, extensionMember, false);
  }

  /** A function that belongs to no extension. */
  public FunctionSource(
      String signature,
      String language,
      String source,
      List<QualifiedName> triggerTables,
      List<String> argNames,
      List<Trigger> triggers) {
    this(signature, language, source, triggerTables, argNames, triggers, false);
  }

  /** A function whose trigger tables are known but not its triggers' arguments. */
  public FunctionSource(
      String signature, String language, String source, List<QualifiedName> triggerTables) {
    this(signature, language, source, triggerTables, List.of(), List.of());
  }

  /** A function whose trigger tables are not known. */
  public FunctionSource(String signature, String language, String source) {
    this(signature, language, source, List.of());
  }

  /** The bare name: {@code public.f(text)} is {@code f}. */
  public String bareName() {
    int paren = signature.indexOf('(');
    String s = paren >= 0 ? signature.substring(0, paren) : signature;
    int dot = s.lastIndexOf('.');
    s = dot >= 0 ? s.substring(dot + 1) : s;
    return s.startsWith("\"") && s.endsWith("\"") && s.length() > 1
        ? s.substring(1, s.length() - 1).replace("\"\"", "\"")
        : s;
  }
}
