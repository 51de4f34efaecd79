package io.viewswap.spec;

import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * One statement of the spec's own SQL ({@code sql:} in the spec) and the statement that undoes it:
 * the phase runs {@code forward} in its transaction after its own statements, the phase's rollback
 * runs {@code inverse} before its own. The usual use: a plpgsql trigger function that names a
 * renamed column, replaced with the new names at the swap and put back by the swap's rollback.
 *
 * @param phase {@code expand}, {@code swap} or {@code contract}
 * @param index its place among the phase's entries, from 0
 * @param forward one SQL statement, as the spec wrote it
 * @param inverse one SQL statement that undoes {@code forward}
 * @param position where the entry stands in the spec file
 */
public record SpecSql(String phase, int index, String forward, String inverse, Position position) {
  /** The phases that take SQL, in the order they run. */
  public static final List<String> PHASES = List.of("expand", "swap", "contract");

  public SpecSql {
    Objects.requireNonNull(phase, "phase");
    Objects.requireNonNull(forward, "forward");
    Objects.requireNonNull(inverse, "inverse");
    position = position == null ? Position.UNKNOWN : position;
    if (!PHASES.contains(phase)) {
      throw new IllegalArgumentException("no phase " + phase);
    }
  }

  /** How the spec names it, e.g. {@code sql.swap[0]}. */
  public String label() {
    return "sql." + phase + "[" + index + "]";
  }

  /**
   * The function or procedure {@code statement} creates or replaces, as {@code schema.name} with
   * the number of its input arguments, when it is a {@code CREATE [OR REPLACE] FUNCTION|PROCEDURE}
   * with a schema-qualified name.
   */
  public static Optional<Routine> createdRoutine(String statement) {
    return OneStatement.createdRoutine(statement);
  }

  /**
   * A routine as a {@code CREATE FUNCTION} names it.
   *
   * @param name {@code schema.name}, each part as {@link Identifiers#display} writes it (as {@code
   *     regprocedure} prints it)
   * @param inputs how many input arguments it takes (OUT arguments left out)
   */
  public record Routine(String name, int inputs) {}
}
