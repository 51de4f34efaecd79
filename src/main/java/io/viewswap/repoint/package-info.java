/**
 * {@code viewswap repoint}: what a new release must change to use a spec's new names, per client
 * (JDBC, libpq, Django, Hibernate, Rails, SQLAlchemy) and per pooler (direct or transaction
 * pooling), and what it may drop once the spec is contracted. Pure: made from the spec alone.
 * Public API (a leaf beside {@code io.viewswap.api}): {@link io.viewswap.repoint.Repoint}.
 */
package io.viewswap.repoint;
