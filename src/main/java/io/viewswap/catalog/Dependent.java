package io.viewswap.catalog;

import io.viewswap.spec.QualifiedName;

/**
 * A user object that depends on a view viewswap would drop: the drop would fail with 2BP01.
 *
 * @param view the view depended on
 * @param description as {@code pg_describe_object} prints the dependent
 * @param onRowType whether it depends on the view's row type (a column, function, cast, domain or
 *     type of it, or of its array) rather than on the view's rows (another view)
 */
public record Dependent(QualifiedName view, String description, boolean onRowType) {
  /** A dependent on the view's rows. */
  public Dependent(QualifiedName view, String description) {
    this(view, description, false);
  }
}
