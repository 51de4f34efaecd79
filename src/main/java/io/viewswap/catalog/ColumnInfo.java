package io.viewswap.catalog;

import java.util.List;
import java.util.Optional;

/**
 * One live column of a table.
 *
 * @param attnum its position; views list columns in this order so prepared {@code SELECT *}
 *     survives the swap
 * @param name its current name
 * @param type as {@code format_type} prints it
 * @param notNull whether NOT NULL
 * @param identity {@code a} (ALWAYS), {@code d} (BY DEFAULT) or empty
 * @param generated {@code s} (stored), {@code v} (virtual, 18+) or empty
 * @param defaultExpression the default or generation expression, if any
 * @param comment the column comment, if any
 * @param inherited whether the column comes from a parent (it can only be renamed there)
 * @param grants column-level privileges (attacl)
 */
public record ColumnInfo(
    int attnum,
    String name,
    String type,
    boolean notNull,
    String identity,
    String generated,
    Optional<String> defaultExpression,
    Optional<String> comment,
    boolean inherited,
    List<Grant> grants) {
  public ColumnInfo {
    grants = List.copyOf(grants);
  }
}
