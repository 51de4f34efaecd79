package io.viewswap.catalog;

/**
 * A text that an extension keeps in its own tables and that may name a renamed table or column,
 * e.g. a pg_cron job's command or a pg_partman {@code part_config} row. PostgreSQL knows nothing of
 * these names: a rename leaves them stale, and the job or the partition maintenance fails the next
 * time it runs.
 *
 * @param extension the extension's name ({@code pg_cron}, {@code pg_partman})
 * @param object what holds the text, for messages ({@code job 3 "nightly-purge"}, {@code
 *     part_config row public.events})
 * @param field the column the text comes from ({@code command}, {@code parent_table}, {@code
 *     control}, {@code template_table}, {@code constraint_cols}: one row per column there), or
 *     {@link #UNREADABLE} when the connected role may not read the extension's table (then {@code
 *     object} names it)
 * @param text the text itself
 * @param subject for a row about one table (pg_partman's {@code parent_table}), that table as
 *     written there; empty otherwise
 */
public record ExtensionText(
    String extension, String object, String field, String text, String subject) {
  /** The field of a text that could not be read. */
  public static final String UNREADABLE = "unreadable";

  public boolean unreadable() {
    return field.equals(UNREADABLE);
  }

  public ExtensionText {
    subject = subject == null ? "" : subject;
  }
}
