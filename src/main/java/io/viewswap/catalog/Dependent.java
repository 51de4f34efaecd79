package io.viewswap.catalog;

import io.viewswap.spec.QualifiedName;

/**
 * A user object that depends on a view viewswap would drop: the drop would fail with 2BP01.
 *
 * @param view the view depended on
 * @param description as {@code pg_describe_object} prints the dependent
 */
public record Dependent(QualifiedName view, String description) {}
