package io.viewswap.spec;

import java.nio.charset.StandardCharsets;
import java.util.regex.Pattern;

/** Facts about PostgreSQL identifiers that the spec and its checks need. */
public final class Identifiers {
  /** NAMEDATALEN - 1: longer names are silently truncated by PostgreSQL, so the spec refuses them. */
  public static final int MAX_BYTES = 63;

  private static final Pattern PLAIN = Pattern.compile("[a-z_][a-z0-9_$]*");

  private Identifiers() {}

  public static int byteLength(String identifier) {
    return identifier.getBytes(StandardCharsets.UTF_8).length;
  }

  /** The identifier as a user would type it in SQL: bare when lower-case and simple, else double-quoted. */
  public static String display(String identifier) {
    return PLAIN.matcher(identifier).matches() ? identifier : '"' + identifier.replace("\"", "\"\"") + '"';
  }
}
