package io.viewswap.catalog;

import io.viewswap.spec.QualifiedName;

/**
 * An object that belongs to a table and has a name of its own: an index, a constraint, a sequence
 * owned by one of its columns, a trigger or a policy. PostgreSQL ties it to the table by OID, so it
 * keeps working after a rename, but its name (often made from the old table or column name: {@code
 * customer_pkey}) stays as it was.
 *
 * @param table the table it belongs to, under the name it has in the snapshot
 * @param kind what it is
 * @param schema the schema of its name (indexes and sequences are relations with a schema;
 *     constraints, triggers and policies are named within their table, whose schema is given)
 * @param name its name
 * @param column for a sequence, the column that owns it; empty otherwise
 */
public record NamedDependent(
    QualifiedName table, Kind kind, String schema, String name, String column) {
  public NamedDependent {
    column = column == null ? "" : column;
  }

  /** The kinds of named objects a table carries. */
  public enum Kind {
    INDEX,
    CONSTRAINT,
    SEQUENCE,
    TRIGGER,
    POLICY
  }
}
