package io.viewswap.drain;

import io.viewswap.render.Sql;
import io.viewswap.spec.ColumnRename;
import io.viewswap.spec.Identifiers;
import io.viewswap.spec.Spec;
import io.viewswap.spec.TableRename;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;

/**
 * How to recognise SQL that still uses a spec's old names, as a PostgreSQL boolean expression over
 * a query text column. A renamed table's old name is old traffic wherever it appears. A table that
 * keeps its name is reached by old and new code alike, so there only its old column names, in
 * statements that name the table, are old traffic.
 */
public final class OldNames {
  private final Sql sql = new Sql();

  /** e.g. {@code ((query ~* '\mcustomer\M'))}: true for text that uses an old name of the spec. */
  public String predicate(Spec spec, String textColumn) {
    List<String> perTable = new ArrayList<>();
    for (TableRename r : spec.renames()) {
      if (r.renamesTable()) {
        perTable.add(mentions(textColumn, r.table().name()));
      } else {
        String columns =
            r.columns().stream()
                .map(ColumnRename::from)
                .map(c -> mentions(textColumn, c))
                .collect(Collectors.joining(" or "));
        perTable.add(mentions(textColumn, r.table().name()) + " and (" + columns + ")");
      }
    }
    return perTable.stream().map(p -> "(" + p + ")").collect(Collectors.joining(" or ", "(", ")"));
  }

  /**
   * A whole-word match of one identifier. A plain lower-case name may be written in any case, bare
   * or quoted, so it matches case-insensitively between word boundaries ({@code \m ... \M}); any
   * other name can only be written quoted, so its quoted form matches exactly.
   */
  String mentions(String textColumn, String identifier) {
    String display = Identifiers.display(identifier);
    if (display.equals(identifier)) {
      return textColumn
          + " operator(pg_catalog.~*) "
          + sql.literal("\\m" + Sql.regexQuote(identifier) + "\\M");
    }
    return textColumn + " operator(pg_catalog.~) " + sql.literal(Sql.regexQuote(display));
  }
}
