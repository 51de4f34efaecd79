package io.viewswap.check;

import io.viewswap.api.Finding;
import io.viewswap.api.FindingCode;
import io.viewswap.api.Severity;
import io.viewswap.catalog.FunctionSource;
import io.viewswap.check.FunctionBodies.Hit;
import io.viewswap.spec.ColumnRename;
import io.viewswap.spec.Diagnostic;
import io.viewswap.spec.Identifiers;
import io.viewswap.spec.Position;
import io.viewswap.spec.Spec;
import io.viewswap.spec.TableRename;

/** The finding for a reference found in a function body: what, where, why, and how to fix it. */
final class BodyFindings {
  private BodyFindings() {}

  static Finding finding(
      Spec spec, FunctionSource f, TableRename r, String name, Hit hit, boolean reviewed) {
    Position at = r.position();
    for (ColumnRename c : r.columns()) {
      if (c.from().equals(name) && !(r.renamesTable() && name.equals(r.table().name()))) {
        at = r.position();
      }
    }
    String what =
        "function "
            + f.signature()
            + " ("
            + f.language()
            + ") names \""
            + name
            + "\" at line "
            + hit.line()
            + " of its body"
            + (hit.how().isEmpty()
                ? ""
                : ", in SQL it computes: " + NameText.printable(hit.how(), 300) + " = " + name);
    switch (hit.kind()) {
      case TEXT -> {
        return new Finding(
            Severity.WARNING,
            FindingCode.FUNCTION_BODY_TEXT,
            new Diagnostic(
                spec.file(),
                at,
                what + ", inside a string that is not SQL nor used as a name",
                "if it is a message, nothing breaks; if the string is used as a name, change it at the swap"));
      }
      case UNKNOWN, SCHEMA_UNKNOWN -> {
        return new Finding(
            Severity.WARNING,
            FindingCode.FUNCTION_BODY_UNKNOWN,
            new Diagnostic(
                spec.file(),
                at,
                "function "
                    + f.signature()
                    + " ("
                    + f.language()
                    + ") computes a name at line "
                    + hit.line()
                    + " of its body from "
                    + NameText.printable(hit.how(), 300)
                    + ": viewswap cannot know its value before it runs, and it may be \""
                    + name
                    + "\"",
                "if it can be, make the function work under both names and add the comment `"
                    + Checker.REVIEWED_MARK
                    + "` to its body, or change what it reads at the swap"));
      }
      case BRANCH -> {
        String m =
            "function "
                + f.signature()
                + " ("
                + f.language()
                + ") tests which table fired it at line "
                + hit.line()
                + " of its body: "
                + hit.how()
                + ", so after the swap it silently takes another branch (no error, other rows)";
        return reviewed
            ? new Finding(
                Severity.WARNING,
                FindingCode.FUNCTION_BODY_REVIEWED,
                new Diagnostic(
                    spec.file(),
                    at,
                    m + "; it is marked " + Checker.REVIEWED_MARK + ", so it is not a blocker",
                    "make sure it works under both names, since it runs before and after the swap"))
            : new Finding(
                Severity.BLOCKER,
                FindingCode.FUNCTION_BODY,
                new Diagnostic(
                    spec.file(),
                    at,
                    m,
                    "test both names (TG_TABLE_NAME IN ('old', 'new')) before the swap, or add the comment `"
                        + Checker.REVIEWED_MARK
                        + "` to its body once it does"));
      }
      default -> {
        // BREAK
      }
    }
    if (hit.argument().isPresent()) {
      FunctionSource.Trigger t = hit.argument().get();
      String m =
          "trigger "
              + Identifiers.display(t.name())
              + " on "
              + t.table()
              + " passes '"
              + NameText.printable(hit.argumentText(), 80)
              + "' as argument "
              + hit.argumentNumber()
              + " (TG_ARGV["
              + (hit.argumentNumber() - 1)
              + "]) to "
              + f.signature()
              + ", which makes a name of it at line "
              + hit.line()
              + " of its body: "
              + NameText.printable(hit.how(), 300)
              + " = "
              + name
              + (name.equals(r.table().name()) && r.renamesTable()
                  ? ", the table "
                      + r.table()
                      + ", renamed to "
                      + Identifiers.display(r.newName().get())
                  : ", the column \"" + name + "\" of " + r.table());
      String hint =
          "trigger arguments are text a rename does not update; drop the trigger and create it with the new name in"
              + " the swap's transaction (edit the exported 02-swap.sql and its rollback)";
      return reviewed
          ? new Finding(
              Severity.WARNING,
              FindingCode.TRIGGER_ARGUMENT_REVIEWED,
              new Diagnostic(
                  spec.file(),
                  at,
                  m
                      + "; its function is marked "
                      + Checker.REVIEWED_MARK
                      + ", so it is not a blocker",
                  "make sure it works under both names, since it runs before and after the swap"))
          : new Finding(
              Severity.BLOCKER,
              FindingCode.TRIGGER_ARGUMENT,
              new Diagnostic(
                  spec.file(),
                  at,
                  m
                      + "; after the swap the trigger fails (every write to the table that fires it fails with it)",
                  hint));
    }
    if (reviewed) {
      return new Finding(
          Severity.WARNING,
          FindingCode.FUNCTION_BODY_REVIEWED,
          new Diagnostic(
              spec.file(),
              at,
              what + "; it is marked " + Checker.REVIEWED_MARK + ", so it is not a blocker",
              "make sure it works under both names, since it runs before and after the swap"));
    }
    return new Finding(
        Severity.BLOCKER,
        FindingCode.FUNCTION_BODY,
        new Diagnostic(
            spec.file(),
            at,
            what
                + "; its text is not updated by a rename, so it fails (or silently reads NULL) after the swap",
            fixHint(f)));
  }

  /**
   * A hint that can be followed: only a LANGUAGE sql function can become BEGIN ATOMIC (whose names
   * then follow the rename); any function, a plpgsql trigger function above all, can be replaced at
   * the swap by the spec's own SQL, in the swap's transaction, and put back by its rollback.
   */
  static String fixHint(FunctionSource f) {
    String replace =
        "replace it at the swap with the spec's own SQL, e.g. sql: {swap: {forward: \"CREATE OR"
            + " REPLACE FUNCTION "
            + f.signature()
            + " ... (its body with the new names)\", inverse: \"CREATE OR REPLACE FUNCTION "
            + f.signature()
            + " ... (its body as it is now)\"}}";
    String reviewed =
        "or make it work under both names and add the comment `"
            + Checker.REVIEWED_MARK
            + "` to its body";
    return f.language().equals("sql")
        ? "rewrite it in BEGIN ATOMIC form (its names then follow the rename), "
            + replace
            + ", "
            + reviewed
        : replace + "; " + reviewed;
  }
}
