package io.viewswap.check;

import io.viewswap.api.Finding;
import io.viewswap.catalog.CatalogReader;
import io.viewswap.catalog.CatalogSnapshot;
import io.viewswap.catalog.FunctionSource;
import io.viewswap.catalog.TriggerInfo;
import io.viewswap.check.ComputedText.Part;
import io.viewswap.check.ComputedText.Value;
import io.viewswap.check.PlBody.Context;
import io.viewswap.spec.ColumnRename;
import io.viewswap.spec.QualifiedName;
import io.viewswap.spec.Spec;
import io.viewswap.spec.TableRename;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Renamed names in function bodies stored as text (plpgsql, string-bodied SQL, other PLs), read as
 * code: a PL/pgSQL body is split into statements, each statement's relations (with their aliases)
 * are read, and a reference counts only where it resolves to the renamed object:
 *
 * <ul>
 *   <li>the table in a relation position ({@code FROM}, {@code JOIN}, {@code UPDATE}, {@code INSERT
 *       INTO}, {@code %ROWTYPE}, a declared row variable), or as a string used as a name ({@code
 *       'customer'::regclass}, {@code to_regclass('customer')}): blocker. A word that is the
 *       table's name elsewhere (a column, a field) does not count; the name only inside other text
 *       (a message, data) is a warning.
 *   <li>a column qualified by an alias of the table, by {@code NEW}/{@code OLD} of a trigger on it,
 *       by a row variable of its type, or unqualified in a statement that reads the table; or as an
 *       exact string ({@code to_jsonb(NEW) ->> 'full_name'}) in a function about the table.
 *   <li>names in SQL the body computes and runs ({@code EXECUTE}): constants, {@code ||}, {@code
 *       format()} with {@code %I}/{@code %s}/{@code %L}, {@code quote_ident}, variables, {@code
 *       TG_ARGV[n]} with the arguments of each trigger that calls the function, {@code
 *       TG_TABLE_NAME}/{@code TG_TABLE_SCHEMA}/{@code TG_RELID} of each trigger, parameters with
 *       the constant arguments of their calls in other bodies. A finding says how the name was
 *       computed. A name computed from what cannot be known (a value read from a table) that may be
 *       the renamed one is a warning naming the line.
 *   <li>a trigger function that tests which table fired it ({@code TG_TABLE_NAME = 'x'}, {@code
 *       LIKE}, {@code CASE TG_TABLE_NAME}) and would take another branch under the new name:
 *       blocker.
 * </ul>
 *
 * Other languages (plpython, plperl, ...) are searched as plain text.
 */
final class FunctionBodies {

  private static final Pattern REVIEWED =
      Pattern.compile(Pattern.quote(Checker.REVIEWED_MARK), Pattern.CASE_INSENSITIVE);

  /**
   * A call that runs SQL in another language (plpython, plperl, plv8, pltcl) whose argument is not
   * one string constant: SQL built at run time.
   */
  private static final Pattern COMPUTED_SQL =
      Pattern.compile(
          "(?i)\\b(plpy\\.(?:execute|prepare|cursor)|spi_(?:exec_query|prepare|query_prepared|exec_prepared)"
              + "|plv8\\.(?:execute|prepare)|spi_exec|spi_execp)\\s*+\\(?+\\s*+(?![\"'][^\"'\\n]*[\"']\\s*[,)\\n])");

  /** How sure a reference is. */
  enum Kind2 {
    /** fails or reads NULL after the swap */
    BREAK,
    /** takes another branch after the swap */
    BRANCH,
    /** computed from something unknowable, may be the renamed name */
    UNKNOWN,
    /** the name inside text that is not used as a name */
    TEXT
  }

  /**
   * A reference found in a body.
   *
   * @param how for a computed name, how it was computed; empty for a name written in the body
   * @param argument the trigger whose argument the name was computed from, if any
   */
  record Hit(
      Kind2 kind,
      int line,
      String how,
      Optional<FunctionSource.Trigger> argument,
      int argumentNumber,
      String argumentText) {
    Hit(Kind2 kind, int line, String how, Optional<FunctionSource.Trigger> argument) {
      this(kind, line, how, argument, 0, "");
    }
  }

  private final Spec spec;
  private final CatalogSnapshot snap;
  private final Map<String, PlBody> bodies = new LinkedHashMap<>();

  /** The contexts of each body, by signature: they do not depend on the rename. */
  private final Map<String, List<Context>> contexts = new HashMap<>();

  /** How many calls deep a parameter is followed back to a constant. */
  private static final int CALL_DEPTH = 3;

  FunctionBodies(Spec spec, CatalogSnapshot snap) {
    this.spec = spec;
    this.snap = snap;
    for (FunctionSource f : snap.functions()) {
      if (isParsed(f)) {
        try {
          bodies.put(f.signature(), new PlBody(withTriggers(f)));
        } catch (RuntimeException e) {
          // read as plain words instead (find() falls back for functions without a reading)
        }
      }
    }
  }

  /** Whether the function's body is read as code here (its trigger arguments are followed). */
  boolean reads(String signature) {
    return bodies.containsKey(signature);
  }

  /**
   * The function with its triggers: from the snapshot's functions, or (older snapshot files) from
   * the trigger arguments read for the spec's tables.
   */
  private FunctionSource withTriggers(FunctionSource f) {
    if (!f.triggers().isEmpty() || f.triggersRead()) {
      return f;
    }
    List<FunctionSource.Trigger> found = new ArrayList<>();
    for (TriggerInfo t : snap.textReferences().triggers()) {
      if (t.function().equals(f.signature())) {
        found.add(new FunctionSource.Trigger(t.name(), t.table(), t.arguments()));
      }
    }
    for (QualifiedName table : f.triggerTables()) {
      if (found.stream().noneMatch(t -> t.table().equals(table))) {
        found.add(new FunctionSource.Trigger("?", table, List.of()));
      }
    }
    return new FunctionSource(
        f.signature(),
        f.language(),
        f.source(),
        f.triggerTables(),
        f.argNames(),
        found,
        f.extensionMember());
  }

  List<Finding> find(TableRename r) {
    List<Finding> found = new ArrayList<>();
    for (FunctionSource f : snap.functions()) {
      boolean reviewed = REVIEWED.matcher(f.source()).find();
      PlBody body = bodies.get(f.signature());
      if (body == null) {
        plain(f, r, reviewed, found);
        continue;
      }
      if (f.triggersRead() && f.triggers().isEmpty() && body.readsTriggerVariables()) {
        // a trigger function no trigger calls (its triggers were dropped): nothing in it runs,
        // before or after the swap
        continue;
      }
      Map<String, Hit> hits = new LinkedHashMap<>();
      try {
        List<Context> contexts = contexts(body);
        BodyReading reading = new BodyReading(body, r, contexts);
        if (r.renamesTable()) {
          reading.table().ifPresent(h -> hits.put(r.table().name(), h));
        }
        for (ColumnRename c : r.columns()) {
          reading.column(c.from()).ifPresent(h -> hits.put(c.from(), h));
        }
      } catch (RuntimeException e) {
        // a body this reading cannot follow: fall back to its words, never to silence
        plain(f, r, reviewed, found);
        continue;
      }
      for (Map.Entry<String, Hit> e : hits.entrySet()) {
        // An extension's own functions compute names from their configuration tables for every
        // table they manage (pg_partman's partman.*): that they cannot be followed says nothing
        // about this rename. What an extension keeps as text is checked by its own rule
        // (partman-config, cron-job), and a name such a function writes out is still a finding.
        if (e.getValue().kind() == Kind2.UNKNOWN && f.extensionMember()) {
          continue;
        }
        found.add(BodyFindings.finding(spec, f, r, e.getKey(), e.getValue(), reviewed));
      }
    }
    return found;
  }

  /** Other languages: the names as words of the text. */
  private void plain(FunctionSource f, TableRename r, boolean reviewed, List<Finding> found) {
    Set<String> reported = new LinkedHashSet<>();
    BodyText body = BodyText.plain(f.source());
    Optional<Integer> tableAt = body.tableInCode(r.table());
    boolean related =
        tableAt.isPresent()
            || f.triggerTables().contains(r.table())
            || rowTypeArgument(f, r.table());
    if (r.renamesTable() && tableAt.isPresent()) {
      reported.add(r.table().name());
      found.add(
          BodyFindings.finding(
              spec,
              f,
              r,
              r.table().name(),
              new Hit(Kind2.BREAK, body.lineOf(tableAt.get()), "", Optional.empty()),
              reviewed));
    }
    for (ColumnRename c : r.columns()) {
      Optional<Integer> at = body.column(c.from(), r.table(), false);
      if (at.isPresent()
          && (related
              || (body.usesNewOrOld() && f.triggerTables().isEmpty() && !f.triggersRead()))) {
        reported.add(c.from());
        found.add(
            BodyFindings.finding(
                spec,
                f,
                r,
                c.from(),
                new Hit(Kind2.BREAK, body.lineOf(at.get()), "", Optional.empty()),
                reviewed));
      }
    }
    if (f.extensionMember() || isParsed(f)) {
      return;
    }
    // Not followed: SQL another language builds at run time may name the renamed objects without
    // their names in its text (plpy.execute("update %s_stats" % entity)). Say so, never stay
    // silent, when the function is about the table or its text has a fragment of a renamed name.
    Matcher run = COMPUTED_SQL.matcher(f.source());
    if (!run.find()) {
      return;
    }
    List<String> names = new ArrayList<>();
    if (r.renamesTable()) {
      names.add(r.table().name());
    }
    for (ColumnRename c : r.columns()) {
      names.add(c.from());
    }
    String text = f.source().toLowerCase(Locale.ROOT);
    names.removeAll(reported);
    for (String name : names) {
      boolean fragment = false;
      for (String piece : name.toLowerCase(Locale.ROOT).split("_")) {
        fragment |= piece.length() >= 3 && text.contains(piece);
      }
      if (related || fragment) {
        String call =
            f.source().substring(run.start(), Math.min(f.source().length(), run.end() + 60));
        found.add(
            BodyFindings.finding(
                spec,
                f,
                r,
                name,
                new Hit(
                    Kind2.UNKNOWN,
                    body.lineOf(run.start()),
                    "SQL its "
                        + f.language()
                        + " code builds at run time ("
                        + call.strip()
                        + " ...)",
                    Optional.empty()),
                reviewed));
      }
    }
  }

  /**
   * The ways the function runs: once per trigger that calls it; else once per call with constant
   * arguments in another body; else with nothing known.
   */
  private List<Context> contexts(PlBody body) {
    return contexts.computeIfAbsent(body.function.signature(), k -> contexts(body, 0));
  }

  /**
   * As above; a caller that has no trigger runs in the contexts of its own callers in turn (a
   * parameter passed on through another function), up to {@link #CALL_DEPTH} calls deep.
   */
  private List<Context> contexts(PlBody body, int depth) {
    List<Context> out = new ArrayList<>();
    Set<String> seen = new LinkedHashSet<>();
    for (FunctionSource.Trigger t : body.function.triggers()) {
      if (seen.add(t.table() + "\u0000" + t.arguments())) {
        out.add(new Context(Optional.of(t), Map.of()));
      }
    }
    if (!out.isEmpty()) {
      return out;
    }
    if (!body.params.isEmpty()) {
      String name = body.function.bareName();
      for (PlBody caller : bodies.values()) {
        if (caller == body || !caller.source.toLowerCase(Locale.ROOT).contains(name)) {
          continue;
        }
        List<Context> callerContexts = new ArrayList<>();
        for (FunctionSource.Trigger t : caller.function.triggers()) {
          callerContexts.add(new Context(Optional.of(t), Map.of()));
        }
        if (callerContexts.isEmpty() && !caller.params.isEmpty() && depth < CALL_DEPTH) {
          callerContexts.addAll(contexts(caller, depth + 1));
        }
        if (callerContexts.isEmpty()) {
          callerContexts.add(Context.NONE);
        }
        for (Context cc : callerContexts) {
          for (Map<Integer, List<Value>> args :
              caller.callsOf(name, cc, caller.function.signature())) {
            boolean any =
                args.values().stream()
                    .flatMap(List::stream)
                    .anyMatch(v -> v.parts().stream().anyMatch(Part::known));
            if (any && out.size() < 32) {
              out.add(new Context(Optional.empty(), args));
            }
          }
        }
      }
    }
    if (out.isEmpty()) {
      out.add(Context.NONE);
    }
    return out;
  }

  private static boolean isParsed(FunctionSource f) {
    return f.language().equals("plpgsql") || f.language().equals("sql");
  }

  /**
   * A function taking or returning the table's row type ({@code f(c customer)}) reads its columns
   * by name.
   */
  static boolean rowTypeArgument(FunctionSource f, QualifiedName table) {
    int paren = f.signature().indexOf('(');
    return paren >= 0
        && CatalogReader.javaWordPattern(table.name())
            .matcher(f.signature().substring(paren))
            .find();
  }

  static Hit better(Hit a, Hit b) {
    if (a == null) {
      return b;
    }
    if (b == null) {
      return a;
    }
    return b.kind().ordinal() < a.kind().ordinal() ? b : a;
  }
}
