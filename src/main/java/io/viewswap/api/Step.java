package io.viewswap.api;

import java.util.Objects;

/**
 * One statement of a phase. The id and description name catalog objects whose names anyone who
 * could create them chose; the planner makes them printable (one line, control characters escaped)
 * before they get here, because they end up in {@code --} comment lines of scripts, in terminals
 * and in logs, where a raw newline would start a new command.
 *
 * @param id stable name, e.g. {@code create-view:public.client}; logs, state rows and tests refer
 *     to it
 * @param kind whether it only checks or records ({@link StepKind#GUARD}) or changes the schema
 * @param description what it does, for people
 * @param sql the statement, rendered
 * @param inverse the id of the step in the opposite direction that undoes this one, or empty for
 *     guards
 */
public record Step(String id, StepKind kind, String description, String sql, String inverse) {
  public Step {
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(kind, "kind");
    Objects.requireNonNull(description, "description");
    Objects.requireNonNull(sql, "sql");
    inverse = inverse == null ? "" : inverse;
    if (kind == StepKind.GUARD && !inverse.isEmpty()) {
      throw new IllegalArgumentException("guard " + id + " changes nothing, so it has no inverse");
    }
  }

  /** Guards check or record; they change no schema object. */
  public boolean isGuard() {
    return kind == StepKind.GUARD;
  }
}
