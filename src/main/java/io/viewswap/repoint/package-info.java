/**
 * {@code viewswap repoint}: what a new release must change to use a spec's new names, per client
 * (JDBC, libpq, Django, Hibernate, Rails, SQLAlchemy) and per pooler (direct or transaction
 * pooling), and what it may drop once the spec is contracted. Pure: made from the spec alone.
 * Public API (a leaf beside {@code io.viewswap.api}): {@link io.viewswap.repoint.Repoint}.
 *
 * <p>What is the same for every client (which name new code reaches, the search_path, the release
 * role) is worked out once in {@code Repoint}; what a client says in its own terms lives in one
 * class per client ({@code JdbcAdvice}, {@code DjangoAdvice}, ...) behind the sealed {@code
 * ClientAdvice}, and each {@link io.viewswap.repoint.Client} constant carries its class.
 */
package io.viewswap.repoint;
