package io.viewswap.repoint;

import io.viewswap.api.ViewSwapException;
import java.util.Locale;

/** The kinds of client code {@code repoint} gives instructions for. */
public enum Client {
  JDBC,
  LIBPQ,
  DJANGO,
  HIBERNATE,
  RAILS,
  SQLALCHEMY;

  public String label() {
    return name().toLowerCase(Locale.ROOT);
  }

  public static Client parse(String text) {
    for (Client c : values()) {
      if (c.label().equalsIgnoreCase(text.trim())) {
        return c;
      }
    }
    throw ViewSwapException.usage(
        "unknown client \""
            + text
            + "\"; expected jdbc, libpq, django, hibernate, rails or sqlalchemy",
        "");
  }
}
