package io.viewswap.check;

import io.viewswap.api.Finding;
import io.viewswap.api.FindingCode;
import io.viewswap.api.Severity;
import io.viewswap.catalog.CatalogReader;
import io.viewswap.catalog.StatementStat;
import io.viewswap.spec.Position;
import io.viewswap.spec.Spec;
import io.viewswap.spec.TableRename;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Before expand, what the views will not do for old or new code: old clients of a table that keeps
 * its name fail at the swap, the views' own limits, and the statements pg_stat_statements saw that
 * would hit them.
 */
final class PlannedWarnings implements SpecRule {

  @Override
  public List<Finding> find(CheckContext ctx) {
    List<Finding> out = new ArrayList<>();
    if (!ctx.expanding()) {
      return out;
    }
    Spec spec = ctx.spec();
    for (TableRename r : spec.renames()) {
      if (!r.renamesTable()) {
        out.add(
            ctx.finding(
                Severity.WARNING,
                FindingCode.OLD_CLIENTS_AT_SWAP,
                r.position(),
                r.table()
                    + " keeps its name: after the swap old code reading \""
                    + firstColumn(r)
                    + "\" fails; there is no compat view for column-only renames",
                "deploy the new code on search_path "
                    + ctx.geometry(r).searchPath().orElseThrow()
                    + " and check with `viewswap drain` that old traffic is gone before the swap"));
      }
    }
    out.add(
        ctx.finding(
            Severity.WARNING,
            FindingCode.VIEW_LIMITS,
            Position.UNKNOWN,
            "through the views there is no COPY, no TRUNCATE and no ON CONFLICT ON CONSTRAINT; MERGE needs "
                + "PostgreSQL 17; ORMs that introspect a view see every column nullable and no primary key",
            "keep such statements on the table's old name until the swap, or write ON CONFLICT (columns)"));
    statementWarnings(ctx, out);
    return out;
  }

  /**
   * The view limits as evidence: statements pg_stat_statements saw on a renamed table, with their
   * calls.
   */
  private static void statementWarnings(CheckContext ctx, List<Finding> out) {
    for (StatementStat s : ctx.snapshot().statements()) {
      Optional<ViewLimit> limit = ViewLimit.of(s.query(), ctx.snapshot().serverMajor());
      Optional<TableRename> on =
          ctx.spec().renames().stream()
              .filter(
                  r -> CatalogReader.javaWordPattern(r.table().name()).matcher(s.query()).find())
              .findFirst();
      if (limit.isPresent() && on.isPresent()) {
        out.add(
            ctx.finding(
                Severity.WARNING,
                FindingCode.VIEW_LIMIT_STATEMENT,
                on.get().position(),
                "pg_stat_statements: "
                    + limit.get().label()
                    + " on "
                    + on.get().table()
                    + " ran "
                    + s.calls()
                    + (s.calls() == 1 ? " time" : " times")
                    + ": "
                    + shortened(s.query())
                    + "; through the view it fails",
                limit.get().hint()));
      }
    }
  }

  private static String shortened(String query) {
    String oneLine = query.strip().replaceAll("\\s+", " ");
    return oneLine.length() <= 200 ? oneLine : oneLine.substring(0, 197) + "...";
  }

  private static String firstColumn(TableRename r) {
    return r.columns().isEmpty() ? "" : r.columns().get(0).from();
  }
}
