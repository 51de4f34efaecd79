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
 * @param description what it does, for people
 * @param sql the statement, rendered
 * @param inverse the id of the step in the opposite direction that undoes this one, or empty for
 *     guards
 */
public record Step(String id, String description, String sql, String inverse) {
  public Step {
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(description, "description");
    Objects.requireNonNull(sql, "sql");
    inverse = inverse == null ? "" : inverse;
  }

  /** Guards and state calls check or record; they change no schema object. */
  public boolean isGuard() {
    return id.startsWith("guard:");
  }
}
