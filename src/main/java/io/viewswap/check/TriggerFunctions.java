package io.viewswap.check;

import io.viewswap.api.Finding;
import io.viewswap.api.FindingCode;
import io.viewswap.api.Severity;
import io.viewswap.catalog.CatalogSnapshot;
import io.viewswap.catalog.TrackedTable;
import io.viewswap.catalog.TriggerInfo;
import io.viewswap.spec.ColumnRename;
import io.viewswap.spec.Diagnostic;
import io.viewswap.spec.Identifiers;
import io.viewswap.spec.QualifiedName;
import io.viewswap.spec.Spec;
import io.viewswap.spec.TableRename;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Triggers on a renamed table, or on a view that depends on it, whose function viewswap cannot
 * read: compiled code ({@code c}, {@code internal}) other than the core and contrib functions whose
 * arguments {@link TriggerArguments} understands, and an extension's own PL code that runs SQL it
 * builds at run time from names it reads elsewhere (its configuration, the catalog). Such a
 * function fires on every write to the table and may name its columns (periods' C {@code
 * write_history()} copies each old row into a history table by row type; its plpgsql {@code
 * update_portion_of()} builds its UPDATE from a view's column names), so silence would be a guess:
 * each is a warning naming the trigger and what viewswap cannot see.
 *
 * <p>So is a table a compiled trigger function on another table is given as an argument
 * (table_log's {@code table_log('account_log', 0, 'public', 'SINGLE')} on account copies each row
 * into account_log by the logged table's column names): a renamed column there breaks every write
 * to the other table, and no text viewswap reads holds its name.
 *
 * <p>So is a table an extension records in its configuration tables ({@code
 * pg_extension.extconfig}): the extension's code finds the table and its columns through that row
 * (periods' C trigger on a system-versioned table copies rows into the history table it recorded,
 * so a column renamed in the history table alone breaks writes to the other).
 *
 * <p>An extension's functions attached to nothing the rename touches stay silent ({@link
 * FunctionBodies}); internal triggers (foreign keys) are never read.
 */
final class TriggerFunctions {

  private final Spec spec;
  private final CatalogSnapshot snap;

  TriggerFunctions(Spec spec, CatalogSnapshot snap) {
    this.spec = spec;
    this.snap = snap;
  }

  List<Finding> find(TableRename r) {
    List<Finding> found = new ArrayList<>();
    for (TriggerInfo t : snap.textReferences().triggers()) {
      if (t.reviewed()) {
        continue;
      }
      if (!t.specTable().map(r.table()::equals).orElse(false)) {
        namedByArgument(t, r).ifPresent(found::add);
        continue;
      }
      String unseen;
      if (t.compiled()) {
        if (TriggerArguments.knownRoles(t).isPresent()) {
          continue; // its arguments are its only names, and TriggerArguments reads them
        }
        unseen =
            "its body is compiled "
                + t.language()
                + " code viewswap cannot read, so it cannot tell whether it names the table or its"
                + " columns (by name, or by the row type it copies rows with)";
      } else if (!t.extension().isEmpty() && t.runsComputedSql()) {
        unseen =
            "it is extension "
                + Identifiers.display(t.extension())
                + "'s own "
                + t.language()
                + " code, which runs SQL it builds at run time (EXECUTE) from names viewswap cannot"
                + " know before it runs (the extension's configuration, the catalog)";
      } else {
        continue; // read as code by FunctionBodies and TriggerArguments
      }
      found.add(finding(t, r, unseen));
    }
    tracked(r, found);
    return found;
  }

  /**
   * A compiled trigger function on another table that is given the renamed table's name as an
   * argument (table_log's {@code table_log('account_log', 0, 'public', 'SINGLE')} on account): it
   * may write into or read that table by its columns' names (table_log copies each row into it by
   * the logged table's), which no text viewswap reads holds, so a renamed column there may break
   * every write to the other table. A bare name counts when the trigger's table is in the renamed
   * table's schema or another argument names that schema. So is a table in the same schema named
   * after the trigger's ({@code item_log} for a trigger on {@code item}): such a function may find
   * it from the name of the table it fires on, as table_log() without arguments does.
   */
  private Optional<Finding> namedByArgument(TriggerInfo t, TableRename r) {
    if (!t.compiled() || TriggerArguments.knownRoles(t).isPresent()) {
      return Optional.empty(); // read as code, or arguments whose meaning is known
    }
    List<String> args = t.arguments();
    for (int i = 0; i < args.size(); i++) {
      String arg = args.get(i);
      if (!NameText.namesTable(arg, r.table())) {
        continue;
      }
      boolean bare = NameText.parts(arg).map(p -> p.size() == 1).orElse(false);
      if (bare
          && !t.table().schema().equals(r.table().schema())
          && !args.contains(r.table().schema())) {
        continue;
      }
      String unseen =
          "it passes '"
              + NameText.printable(arg, 80)
              + "' as argument "
              + (i + 1)
              + " to compiled "
              + t.language()
              + " code viewswap cannot read, which may write into or read "
              + r.table()
              + " by its name and its columns' names (copying rows into it by the names of the"
              + " columns of "
              + t.table()
              + ", say)";
      return Optional.of(finding(t, r, unseen));
    }
    if (t.table().schema().equals(r.table().schema())
        && r.table().name().startsWith(t.table().name() + "_")) {
      return Optional.of(
          finding(
              t,
              r,
              "its body is compiled "
                  + t.language()
                  + " code viewswap cannot read, and "
                  + r.table()
                  + " is named after "
                  + t.table()
                  + ": such functions find the table they write into from the name of the table"
                  + " they fire on (table_log() writes each row into <table>_log by its columns'"
                  + " names)"));
    }
    return Optional.empty();
  }

  /**
   * An extension that records the table in its configuration finds it and its columns by that row
   * in code viewswap cannot follow (periods' C trigger on a system-versioned table copies rows into
   * the history table it recorded): one warning per configuration table, and one for each such
   * table the role could not read.
   */
  private void tracked(TableRename r, List<Finding> found) {
    Map<QualifiedName, List<TrackedTable>> byConfig = new LinkedHashMap<>();
    for (TrackedTable x : snap.textReferences().tracked()) {
      if (x.unreadable() || x.table().equals(Optional.of(r.table()))) {
        byConfig.computeIfAbsent(x.configTable(), k -> new ArrayList<>()).add(x);
      }
    }
    for (List<TrackedTable> rows : byConfig.values()) {
      TrackedTable first = rows.get(0);
      if (first.unreadable()) {
        found.add(
            new Finding(
                Severity.WARNING,
                FindingCode.EXTENSION_UNREADABLE,
                new Diagnostic(
                    spec.file(),
                    r.position(),
                    "extension "
                        + Identifiers.display(first.extension())
                        + " is installed but this role may not read its configuration table "
                        + first.configTable()
                        + ": viewswap cannot tell whether the extension records "
                        + r.table()
                        + " there and acts on it by names the rename changes",
                    "check it as a role that may read "
                        + first.configTable()
                        + ", or run check as one")));
        continue;
      }
      List<String> where = new ArrayList<>();
      for (TrackedTable x : rows) {
        where.add(x.column() + " = '" + NameText.printable(x.value(), 80) + "'");
      }
      found.add(
          new Finding(
              Severity.WARNING,
              FindingCode.FUNCTION_BODY_UNKNOWN,
              new Diagnostic(
                  spec.file(),
                  r.position(),
                  "extension "
                      + Identifiers.display(first.extension())
                      + " records "
                      + r.table()
                      + " in its configuration table "
                      + first.configTable()
                      + " ("
                      + String.join(", ", where)
                      + "): its code (C, or its own functions) finds the table and its columns"
                      + " through that row, which viewswap cannot follow; after the swap it may fail"
                      + " or write other rows if it still uses "
                      + String.join(", ", renamed(r)),
                  "see what "
                      + Identifiers.display(first.extension())
                      + " does with the tables it records (its triggers, the other tables it"
                      + " copies rows into), run it on a copy of the database with the renames, and"
                      + " change its setup for the table at the swap (sql: {swap: {forward: ...,"
                      + " inverse: ...}}) if it breaks")));
    }
  }

  private static List<String> renamed(TableRename r) {
    List<String> renamed = new ArrayList<>();
    if (r.renamesTable()) {
      renamed.add("the table " + r.table());
    }
    for (ColumnRename c : r.columns()) {
      renamed.add("\"" + c.from() + "\"");
    }
    return renamed;
  }

  private Finding finding(TriggerInfo t, TableRename r, String unseen) {
    List<String> renamed = renamed(r);
    String on =
        t.onView()
            ? "the view " + t.table() + " over " + r.table()
            : t.table().equals(r.table()) || t.specTable().isEmpty()
                ? t.table().toString()
                : t.table() + " (part of " + r.table() + ")";
    String function =
        t.function()
            + " ("
            + t.language()
            + (t.extension().isEmpty() ? "" : ", extension " + Identifiers.display(t.extension()))
            + ")";
    return new Finding(
        Severity.WARNING,
        FindingCode.FUNCTION_BODY_UNKNOWN,
        new Diagnostic(
            spec.file(),
            r.position(),
            "trigger "
                + Identifiers.display(t.name())
                + " on "
                + on
                + " calls "
                + function
                + ": "
                + unseen
                + "; after the swap it may fail or write other rows if it still uses "
                + String.join(", ", renamed),
            "run the trigger's writes (INSERT, UPDATE, DELETE through "
                + t.table()
                + ") on a copy of the database with the renames; if they fail, recreate the"
                + " trigger (or the extension's setup for the table) under the new names in the"
                + " swap's own SQL (sql: {swap: {forward: ..., inverse: ...}})"));
  }
}
