package io.viewswap.check;

import java.util.Arrays;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * What a simple view cannot take that a table can, recognised in a statement's text (as
 * pg_stat_statements records it), with the advice for new code that will reach the table through
 * the view.
 */
enum ViewLimit {
  // COPY (SELECT ...) TO works on a view; only COPY naming the relation does not.
  COPY(
      "COPY",
      "^\\s*copy\\s+(?!\\()",
      0,
      "run COPY on the table's old name until the swap, or COPY (SELECT ...) TO, which works on a view"),
  TRUNCATE(
      "TRUNCATE",
      "^\\s*truncate\\b",
      0,
      "keep TRUNCATE on the table's old name until the swap, or DELETE"),
  ON_CONFLICT_ON_CONSTRAINT(
      "ON CONFLICT ON CONSTRAINT",
      "\\bon\\s+conflict\\s+on\\s+constraint\\b",
      0,
      "write ON CONFLICT (columns) with the view's column names instead"),
  MERGE(
      "MERGE",
      "^\\s*merge\\b",
      17,
      "MERGE into a view needs PostgreSQL 17; keep it on the old name until the swap");

  private final String label;
  private final Pattern pattern;
  private final int worksFromMajor;
  private final String hint;

  ViewLimit(String label, String regex, int worksFromMajor, String hint) {
    this.label = label;
    this.pattern = Pattern.compile(regex, Pattern.CASE_INSENSITIVE);
    this.worksFromMajor = worksFromMajor;
    this.hint = hint;
  }

  String label() {
    return label;
  }

  String hint() {
    return hint;
  }

  /** The limit the statement would hit through a view on a server of {@code major}, if any. */
  static Optional<ViewLimit> of(String query, int major) {
    return Arrays.stream(values())
        .filter(l -> l.worksFromMajor == 0 || major < l.worksFromMajor)
        .filter(l -> l.pattern.matcher(query).find())
        .findFirst();
  }
}
