package io.viewswap.catalog;

/**
 * A function whose body PostgreSQL stores as text (plpgsql, string-bodied SQL, other PLs): names in it are not
 * tracked by pg_depend, so a rename breaks it only when it next runs.
 *
 * @param signature as {@code regprocedure} prints it
 * @param language the language name
 * @param source the body (prosrc)
 */
public record FunctionSource(String signature, String language, String source) {}
