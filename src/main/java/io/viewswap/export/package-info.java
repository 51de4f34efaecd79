/**
 * Scripts for DBAs and migrations for frameworks, rendered from the same {@link
 * io.viewswap.api.Plan} that {@code apply} runs: each phase one transaction with the same timeouts,
 * guards, statements and state row. psql scripts own their transaction; Flyway, Liquibase and the
 * framework migrations (Django, Rails, Alembic: one {@link io.viewswap.export.FrameworkMigrations}
 * per framework) carry the same runner-phase body inside their runner's transaction, the Python and
 * Ruby ones as escaped string literals ({@link io.viewswap.export.SourceText}).
 *
 * <p>Internal: no compatibility promise. Library users go through {@link io.viewswap.ViewSwap} and
 * the types of {@code io.viewswap.api}.
 */
package io.viewswap.export;
