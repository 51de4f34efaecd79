/**
 * Scripts for DBAs and migrations for frameworks, rendered from the same {@link
 * io.viewswap.api.Plan} that {@code apply} runs: each phase one transaction with the same timeouts,
 * guards, statements and state row. psql scripts own their transaction; Flyway, Liquibase and the
 * framework migrations (Django, Rails, Alembic: one {@link io.viewswap.export.FrameworkMigrations}
 * per framework) carry the same runner-phase body inside their runner's transaction, the Python and
 * Ruby ones as escaped string literals ({@link io.viewswap.export.SourceText}).
 *
 * <p>One writer per {@link io.viewswap.export.ExportFormat} member ({@code FormatExport}: {@code
 * PsqlScripts}, {@code FlywayMigrations}, {@code LiquibaseChangelog} and the framework ones), tied
 * to it in the one exhaustive switch of {@code ExportFormat.exporter}; {@link
 * io.viewswap.export.ScriptRenderer} holds what they all carry (summary, state check, readiness
 * gate, body). A new format: a member of the enum with its help text, its writer class (added to
 * the sealed {@code permits}), its case in {@code exporter}, its templates in {@code
 * sql-templates/export/}, and a runner for it in the ITs ({@code ExportRunnersIT} or {@code
 * FrameworkMigrationsIT}, which iterate the enum); {@code ExportFormatsTest} fails until the writer
 * is the format's own.
 *
 * <p>Internal: no compatibility promise. Library users go through {@link io.viewswap.ViewSwap} and
 * the types of {@code io.viewswap.api}.
 */
package io.viewswap.export;
