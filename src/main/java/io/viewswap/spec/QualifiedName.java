package io.viewswap.spec;

import java.util.Objects;

/**
 * A schema-qualified relation name, both parts exact PostgreSQL identifiers (case and spaces kept).
 */
public record QualifiedName(String schema, String name) {
  public QualifiedName {
    Objects.requireNonNull(schema, "schema");
    Objects.requireNonNull(name, "name");
  }

  public QualifiedName withName(String newName) {
    return new QualifiedName(schema, newName);
  }

  /** For messages: quoted only where PostgreSQL would need quotes. */
  @Override
  public String toString() {
    return Identifiers.display(schema) + "." + Identifiers.display(name);
  }
}
