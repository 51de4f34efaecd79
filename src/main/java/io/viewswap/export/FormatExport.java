package io.viewswap.export;

import io.viewswap.api.Plan;
import io.viewswap.spec.Spec;
import java.util.List;

/**
 * One export format's files: one implementation per {@link ExportFormat} member, chosen by {@link
 * ExportFormat#exporter} in one exhaustive switch. Each carries the phase body {@link
 * ScriptRenderer} renders (the same timeouts, state check, readiness gate, statements and state row
 * as {@code apply}) in its runner's own file layout, naming and header.
 */
sealed interface FormatExport
    permits PsqlScripts, FlywayMigrations, LiquibaseChangelog, FrameworkMigrations {

  /** Every file of the export, in run order. */
  List<ExportedFile> files(Spec spec, Plan plan, ScriptRenderer renderer);
}
