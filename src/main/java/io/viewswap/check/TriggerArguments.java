package io.viewswap.check;

import io.viewswap.api.Finding;
import io.viewswap.api.FindingCode;
import io.viewswap.api.Severity;
import io.viewswap.catalog.CatalogSnapshot;
import io.viewswap.catalog.TriggerInfo;
import io.viewswap.spec.ColumnRename;
import io.viewswap.spec.Diagnostic;
import io.viewswap.spec.Identifiers;
import io.viewswap.spec.Position;
import io.viewswap.spec.Spec;
import io.viewswap.spec.TableRename;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Trigger arguments that name a renamed table or column. PostgreSQL stores them as text ({@code
 * pg_trigger.tgargs}) and hands them to the function unchanged: after the swap a trigger such as
 * {@code tsvector_update_trigger('fts', 'pg_catalog.english', 'title')} fails on every INSERT and
 * UPDATE with {@code column "title" does not exist}.
 *
 * <p>What each argument means is known for the trigger functions of core and contrib (which
 * arguments are columns of the trigger's table, which a table, which that table's columns); for a
 * PL function that reads {@code TG_ARGV} any argument may be either. Arguments that name something
 * else (a text search configuration, a channel, a value) are not findings, nor are arguments of a
 * PL function that never reads them.
 */
final class TriggerArguments {

  /** What an argument is to the function that receives it. */
  enum Role {
    /** a column of the table the trigger is on */
    OWN_COLUMN,
    /** a table */
    TABLE,
    /** a column of the table named by an earlier TABLE argument */
    TABLE_COLUMN,
    /** something else: a configuration, a sequence, a channel, a count */
    OTHER,
    /** unknown: a PL function reading TG_ARGV, which may use it as any name */
    ANY
  }

  private final Spec spec;
  private final CatalogSnapshot snap;

  /** Functions whose bodies are read as code: what they do with TG_ARGV is followed there. */
  private final java.util.Set<String> readBodies = new java.util.HashSet<>();

  TriggerArguments(Spec spec, CatalogSnapshot snap) {
    this.spec = spec;
    this.snap = snap;
    for (io.viewswap.catalog.FunctionSource f : snap.functions()) {
      if (f.language().equals("plpgsql") || f.language().equals("sql")) {
        readBodies.add(f.signature());
      }
    }
  }

  List<Finding> find(TableRename r) {
    List<Finding> found = new ArrayList<>();
    for (TriggerInfo t : snap.textReferences().triggers()) {
      // a view's own columns keep their names when the table's are renamed
      boolean onTable = !t.onView() && t.specTable().map(r.table()::equals).orElse(false);
      Optional<List<Role>> known = knownRoles(t);
      boolean pl = !t.language().equals("c") && !t.language().equals("internal");
      if (known.isEmpty() && pl && !t.readsArguments()) {
        continue; // a PL function that never reads its arguments cannot be broken by them
      }
      if (known.isEmpty() && pl && !t.reviewed() && readBodies.contains(t.function())) {
        continue; // FunctionBodies follows what the body does with each argument
      }
      List<Role> roles = known.orElse(List.of());
      boolean tableArgIsOurs = false;
      for (int i = 0; i < t.arguments().size(); i++) {
        String arg = t.arguments().get(i);
        Role role = known.isPresent() ? (i < roles.size() ? roles.get(i) : Role.OTHER) : Role.ANY;
        if (role == Role.TABLE) {
          tableArgIsOurs = NameText.namesTable(arg, r.table());
        }
        String what = null;
        Position at = r.position();
        if ((role == Role.TABLE || role == Role.ANY)
            && r.renamesTable()
            && NameText.namesTable(arg, r.table())) {
          what =
              "the table " + r.table() + ", renamed to " + Identifiers.display(r.newName().get());
        } else if ((role == Role.OWN_COLUMN && onTable)
            || (role == Role.TABLE_COLUMN && tableArgIsOurs)
            || (role == Role.ANY && onTable)) {
          for (ColumnRename c : r.columns()) {
            if (NameText.namesColumn(arg, c.from())) {
              what =
                  "the column \""
                      + c.from()
                      + "\" of "
                      + r.table()
                      + ", renamed to \""
                      + c.to()
                      + "\"";
              at = c.position();
              break;
            }
          }
        }
        if (what != null) {
          found.add(finding(t, i, arg, what, at, known.isPresent() || pl));
        }
      }
    }
    return found;
  }

  private Finding finding(
      TriggerInfo t, int index, String arg, String what, Position at, boolean understood) {
    String where =
        "trigger "
            + Identifiers.display(t.name())
            + " on "
            + t.table()
            + " passes '"
            + NameText.printable(arg, 80)
            + "' as argument "
            + (index + 1)
            + " (TG_ARGV["
            + index
            + "]) to "
            + t.function()
            + ": it names "
            + what;
    String hint =
        "trigger arguments are text a rename does not update; replace the trigger in the swap's transaction"
            + " with the spec's own SQL: sql: {swap: {forward: \"CREATE OR REPLACE TRIGGER "
            + Identifiers.display(t.name())
            + " ... (the new name as its argument)\", inverse: \"CREATE OR REPLACE TRIGGER "
            + Identifiers.display(t.name())
            + " ... (as it is now)\"}} (PostgreSQL 14+)"
            + (t.functionName().startsWith("tsvector_update_trigger")
                ? ", or replace it with a stored generated column (GENERATED ALWAYS AS (to_tsvector(...)) STORED),"
                    + " which follows the rename"
                : "");
    if (!understood) {
      return new Finding(
          Severity.WARNING,
          FindingCode.TRIGGER_ARGUMENT_UNKNOWN,
          new Diagnostic(
              spec.file(),
              at,
              where
                  + "; viewswap cannot tell whether "
                  + t.function()
                  + " ("
                  + t.language()
                  + ") uses it as a name",
              "if it does, " + hint));
    }
    if (t.reviewed()) {
      return new Finding(
          Severity.WARNING,
          FindingCode.TRIGGER_ARGUMENT_REVIEWED,
          new Diagnostic(
              spec.file(),
              at,
              where
                  + "; its function is marked "
                  + Checker.REVIEWED_MARK
                  + ", so it is not a blocker",
              "make sure it works under both names, since it runs before and after" + " the swap"));
    }
    return new Finding(
        Severity.BLOCKER,
        FindingCode.TRIGGER_ARGUMENT,
        new Diagnostic(
            spec.file(),
            at,
            where
                + "; after the swap the trigger fails (every write to the table that"
                + " fires it fails with it)",
            hint));
  }

  /**
   * The argument roles of the core and contrib trigger functions (C language only: a PL function of
   * the same name is the user's own). Empty for any other function.
   */
  static Optional<List<Role>> knownRoles(TriggerInfo t) {
    if (!t.language().equals("c") && !t.language().equals("internal")) {
      return Optional.empty();
    }
    int n = t.arguments().size();
    List<Role> roles = new ArrayList<>();
    switch (t.functionName()) {
      case "tsvector_update_trigger" -> {
        // (tsvector column, configuration name, text columns...)
        for (int i = 0; i < n; i++) {
          roles.add(i == 1 ? Role.OTHER : Role.OWN_COLUMN);
        }
      }
      case "tsvector_update_trigger_column", "moddatetime", "lo_manage", "insert_username" -> {
        // (tsvector column, configuration column, text columns...) / (column)
        for (int i = 0; i < n; i++) {
          roles.add(Role.OWN_COLUMN);
        }
      }
      case "autoinc" -> {
        // (column, sequence name)
        for (int i = 0; i < n; i++) {
          roles.add(i % 2 == 0 ? Role.OWN_COLUMN : Role.OTHER);
        }
      }
      case "check_primary_key" -> {
        // (referencing columns of this table..., referenced table, its key columns...): 2k+1
        // arguments
        int k = (n - 1) / 2;
        for (int i = 0; i < n; i++) {
          roles.add(i < k ? Role.OWN_COLUMN : i == k ? Role.TABLE : Role.TABLE_COLUMN);
        }
      }
      case "check_foreign_key" -> {
        // (number of referencing tables, action, key columns of this table (k)..., then per
        // referencing table:
        //  its name and its k columns)
        int refs;
        try {
          refs = n > 0 ? Integer.parseInt(t.arguments().get(0).strip()) : 0;
        } catch (NumberFormatException e) {
          refs = 0;
        }
        int k = refs > 0 ? (n - 2 - refs) / (refs + 1) : 0;
        for (int i = 0; i < n; i++) {
          if (i < 2) {
            roles.add(Role.OTHER);
          } else if (i < 2 + k) {
            roles.add(Role.OWN_COLUMN);
          } else {
            roles.add((i - 2 - k) % (k + 1) == 0 ? Role.TABLE : Role.TABLE_COLUMN);
          }
        }
      }
      default -> {
        // suppress_redundant_updates_trigger, triggered_change_notification (a channel name), and
        // any C
        // function we do not know: OTHER for the ones we know take no names, unknown for the rest
        if (t.functionName().equals("suppress_redundant_updates_trigger")
            || t.functionName().equals("triggered_change_notification")) {
          for (int i = 0; i < n; i++) {
            roles.add(Role.OTHER);
          }
        } else {
          return Optional.empty();
        }
      }
    }
    return Optional.of(roles);
  }
}
