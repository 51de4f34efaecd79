package io.viewswap.check;

import io.viewswap.api.Finding;
import io.viewswap.api.FindingCode;
import io.viewswap.api.Severity;
import io.viewswap.catalog.CatalogSnapshot;
import io.viewswap.catalog.TriggerInfo;
import io.viewswap.spec.ColumnRename;
import io.viewswap.spec.Diagnostic;
import io.viewswap.spec.Identifiers;
import io.viewswap.spec.Spec;
import io.viewswap.spec.TableRename;
import java.util.ArrayList;
import java.util.List;

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
      if (!t.specTable().map(r.table()::equals).orElse(false) || t.reviewed()) {
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
    return found;
  }

  private Finding finding(TriggerInfo t, TableRename r, String unseen) {
    List<String> renamed = new ArrayList<>();
    if (r.renamesTable()) {
      renamed.add("the table " + r.table());
    }
    for (ColumnRename c : r.columns()) {
      renamed.add("\"" + c.from() + "\"");
    }
    String on =
        t.onView()
            ? "the view " + t.table() + " over " + r.table()
            : t.table().equals(r.table())
                ? r.table().toString()
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
