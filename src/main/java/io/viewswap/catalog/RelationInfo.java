package io.viewswap.catalog;

import io.viewswap.spec.QualifiedName;

/**
 * Any name taken in a schema the spec touches: tables, views, sequences, indexes, composite types.
 *
 * @param name the relation
 * @param kind pg_class.relkind, or {@code T} for a free-standing type
 */
public record RelationInfo(QualifiedName name, char kind) {
  public String kindLabel() {
    return switch (kind) {
      case 'r' -> "table";
      case 'p' -> "partitioned table";
      case 'v' -> "view";
      case 'm' -> "materialized view";
      case 'S' -> "sequence";
      case 'i', 'I' -> "index";
      case 'f' -> "foreign table";
      case 'c', 'T' -> "type";
      default -> "relation";
    };
  }
}
