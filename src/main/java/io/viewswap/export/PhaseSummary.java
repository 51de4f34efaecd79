package io.viewswap.export;

import io.viewswap.api.Phase;
import io.viewswap.spec.ColumnRename;
import io.viewswap.spec.Spec;
import io.viewswap.spec.TableRename;
import java.util.ArrayList;
import java.util.List;

/**
 * What a reviewer reads first in every exported file, before any set-up: the renames of the spec,
 * what the phase does, and what must be deployed before and after it. Plain lines; each format
 * makes them comments by its own safe rules ({@link io.viewswap.render.ScriptText#printable} for
 * SQL, {@link SourceText#comment} for Python and Ruby), since the names come from the spec.
 */
final class PhaseSummary {
  private PhaseSummary() {}

  /**
   * One line per table: {@code renames public.customer -> client; columns name -> full_name}. Each
   * starts with the word {@code renames}, so no line of a Liquibase changelog reads as a directive.
   */
  static List<String> renames(Spec spec) {
    List<String> out = new ArrayList<>();
    for (TableRename t : spec.renames()) {
      StringBuilder line = new StringBuilder("renames ").append(t.table());
      if (t.renamesTable()) {
        line.append(" -> ").append(t.renamedTable());
      }
      List<String> columns = new ArrayList<>();
      for (ColumnRename c : t.columns()) {
        columns.add(display(c.from()) + " -> " + display(c.to()));
      }
      if (!columns.isEmpty()) {
        line.append(t.renamesTable() ? "; columns " : ": columns ")
            .append(String.join(", ", columns));
      }
      out.add(line.toString());
    }
    return out;
  }

  private static String display(String column) {
    return io.viewswap.spec.Identifiers.display(column);
  }

  static String what(Spec spec, Phase phase) {
    return switch (phase) {
      case EXPAND ->
          "adds views showing the tables under their new names (nothing is renamed yet); old releases"
              + " keep working unchanged";
      case SWAP ->
          "renames the tables and columns"
              + (spec.options().compatView()
                  ? "; a renamed table's old name lives on as a compat view with the old column names"
                  : "");
      case CONTRACT ->
          "drops what the transition left (compat views, transition schemas, release role settings)";
    };
  }

  static String before(Spec spec, Phase phase) {
    return switch (phase) {
      case EXPAND -> "nothing: the old release may keep running";
      case SWAP ->
          "the new release deployed everywhere"
              + (spec.hasColumnOnlyRenames() || !spec.options().compatView()
                  ? ", and no old release left (a table that keeps its name has no compat view)"
                  : "");
      case CONTRACT ->
          "no old release left anywhere (`viewswap drain SPEC` shows who still uses the old names);"
              + " ship this migration in the release after the one that carries expand and swap";
    };
  }

  static String after(Spec spec, Phase phase) {
    return switch (phase) {
      case EXPAND -> "deploy the new release, which uses the new names";
      case SWAP ->
          spec.options().compatView()
              ? "old releases still running use the compat views until they are gone"
              : "only the new release works";
      case CONTRACT -> "the old names are gone";
    };
  }
}
