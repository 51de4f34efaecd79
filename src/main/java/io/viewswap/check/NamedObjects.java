package io.viewswap.check;

import io.viewswap.api.Finding;
import io.viewswap.api.FindingCode;
import io.viewswap.api.Severity;
import io.viewswap.catalog.CatalogSnapshot;
import io.viewswap.catalog.ExtensionText;
import io.viewswap.catalog.SubscribedTable;
import io.viewswap.plan.DependentNames;
import io.viewswap.spec.ColumnRename;
import io.viewswap.spec.Diagnostic;
import io.viewswap.spec.Identifiers;
import io.viewswap.spec.Spec;
import io.viewswap.spec.TableRename;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Names outside function bodies and triggers: extension configuration that names a renamed table or
 * column as text (pg_cron job commands, pg_partman part_config rows), and the table's own objects
 * named after the old names (what {@code options.rename_dependents} renames).
 */
final class NamedObjects {
  private final Spec spec;
  private final CatalogSnapshot snap;

  NamedObjects(Spec spec, CatalogSnapshot snap) {
    this.spec = spec;
    this.snap = snap;
  }

  List<Finding> find(TableRename r) {
    List<Finding> found = new ArrayList<>();
    for (ExtensionText x : snap.textReferences().extensionTexts()) {
      if (x.unreadable()) {
        found.add(
            new Finding(
                Severity.WARNING,
                FindingCode.EXTENSION_UNREADABLE,
                new Diagnostic(
                    spec.file(),
                    r.position(),
                    x.extension()
                        + " is installed but this role may not read "
                        + x.object()
                        + ": viewswap cannot tell whether it names "
                        + r.table(),
                    "run check as a role that may read it (its owner, or a superuser)")));
      } else if (x.extension().equals("pg_cron")) {
        cronJob(r, x).ifPresent(found::add);
      } else {
        partman(r, x).ifPresent(found::add);
      }
    }
    for (SubscribedTable sub : snap.textReferences().subscribed()) {
      if (sub.table().equals(r.table()) && !spec.options().allowPublications()) {
        found.add(
            new Finding(
                Severity.BLOCKER,
                FindingCode.SUBSCRIPTION,
                new Diagnostic(
                    spec.file(),
                    r.position(),
                    r.table()
                        + " is written by subscription "
                        + Identifiers.display(sub.subscription())
                        + " of this database: its apply worker finds the table and each column by name, so replication"
                        + " stops after the swap",
                    "rename on the publisher in step (the subscriber's names must match the publisher's), then set"
                        + " options.allow_publications: true")));
      }
    }
    dependentNames(r, found);
    return found;
  }

  private Optional<Finding> cronJob(TableRename r, ExtensionText x) {
    BodyText body = BodyText.parsed(x.text());
    Optional<Integer> table = body.tableInCode(r.table());
    if (table.isEmpty()) {
      return Optional.empty();
    }
    String name = null;
    if (r.renamesTable()) {
      name = r.table().name();
    } else {
      for (ColumnRename c : r.columns()) {
        if (body.column(c.from(), r.table(), false).isPresent()) {
          name = c.from();
          break;
        }
      }
    }
    if (name == null) {
      return Optional.empty();
    }
    return Optional.of(
        new Finding(
            Severity.BLOCKER,
            FindingCode.CRON_JOB,
            new Diagnostic(
                spec.file(),
                r.position(),
                "pg_cron "
                    + x.object()
                    + " names \""
                    + name
                    + "\" in its command ("
                    + shortened(x.text())
                    + "): pg_cron runs the text as it is, so the job fails after the swap",
                "change the command with cron.alter_job (or cron.schedule under the same name) to work under both"
                    + " names before the swap, or in the swap's transaction with the spec's own SQL: sql: {swap:"
                    + " {forward: \"SELECT cron.alter_job(<job id>, command := '...new names...')\","
                    + " inverse: \"SELECT cron.alter_job(<job id>, command := '...old names...')\"}}")));
  }

  private Optional<Finding> partman(TableRename r, ExtensionText x) {
    boolean aboutTable = NameText.namesTable(x.subject(), r.table());
    String what = null;
    if (x.field().equals("parent_table") && aboutTable && r.renamesTable()) {
      what = "names the table " + r.table() + " as its parent_table";
    } else if (x.field().equals("template_table")
        && r.renamesTable()
        && NameText.namesTable(x.text(), r.table())) {
      what = "names the table " + r.table() + " as its template_table";
    } else if (x.field().equals("control") && aboutTable) {
      for (ColumnRename c : r.columns()) {
        if (x.text().equals(c.from())) {
          what = "names the column \"" + c.from() + "\" as its control column";
        }
      }
    } else if (x.field().equals("constraint_cols") && aboutTable) {
      for (ColumnRename c : r.columns()) {
        if (x.text().equals(c.from())) {
          what = "names the column \"" + c.from() + "\" in its constraint_cols";
        }
      }
    }
    if (what == null) {
      return Optional.empty();
    }
    return Optional.of(
        new Finding(
            Severity.BLOCKER,
            FindingCode.PARTMAN_CONFIG,
            new Diagnostic(
                spec.file(),
                r.position(),
                "pg_partman "
                    + x.object()
                    + " "
                    + what
                    + ": pg_partman reads it as text, so after the swap its maintenance"
                    + " (run_maintenance, new child tables) fails, or finds no such column and"
                    + " quietly makes no more child tables (pg_partman 4 with the control column)",
                "update the part_config row in the swap's transaction with the spec's own SQL, e.g. sql: {swap:"
                    + " {forward: \"UPDATE partman.part_config SET ... (the new names) WHERE parent_table = ...\","
                    + " inverse: \"UPDATE ... (the old names) ...\"}}, or pause maintenance for the table until it"
                    + " is updated")));
  }

  /**
   * With options.rename_dependents, the objects whose new name cannot be used. Without it nothing
   * is said: nearly every table has a {@code _pkey} named after it, and a name that stays as it was
   * breaks nothing.
   */
  private void dependentNames(TableRename r, List<Finding> found) {
    if (!spec.options().renameDependents()) {
      return;
    }
    List<DependentNames.Rename> renames = DependentNames.of(r, r.table(), snap, false);
    for (DependentNames.Rename d : renames) {
      if (d.planned()
          && d.dependent().kind() == io.viewswap.catalog.NamedDependent.Kind.CONSTRAINT) {
        constraintInStatements(r, d, found);
      }
      d.problem()
          .ifPresent(
              p ->
                  found.add(
                      new Finding(
                          Severity.WARNING,
                          FindingCode.DEPENDENT_NAME_KEPT,
                          new Diagnostic(
                              spec.file(),
                              r.position(),
                              d.dependent().kind().name().toLowerCase(java.util.Locale.ROOT)
                                  + " "
                                  + d.dependent().name()
                                  + " of "
                                  + r.table()
                                  + " keeps its name: "
                                  + p,
                              "rename it yourself after the contract, to a name of your choice"))));
    }
  }

  /**
   * Statements pg_stat_statements saw that name a constraint the swap renames ({@code ON CONFLICT
   * ON CONSTRAINT customer_email_key}): they fail after the swap until they use the new name.
   */
  private void constraintInStatements(TableRename r, DependentNames.Rename d, List<Finding> found) {
    java.util.regex.Pattern name =
        io.viewswap.catalog.CatalogReader.javaWordPattern(d.dependent().name());
    for (io.viewswap.catalog.StatementStat st : snap.statements()) {
      if (name.matcher(st.query()).find()) {
        found.add(
            new Finding(
                Severity.WARNING,
                FindingCode.DEPENDENT_NAME_IN_STATEMENT,
                new Diagnostic(
                    spec.file(),
                    r.position(),
                    "pg_stat_statements: "
                        + shortened(st.query())
                        + " names constraint "
                        + d.dependent().name()
                        + ", which rename_dependents renames to "
                        + d.newName()
                        + " at the swap",
                    "after the swap write ON CONFLICT (columns), or the new constraint name")));
      }
    }
  }

  private static String shortened(String text) {
    return NameText.printable(text, 120);
  }
}
