package io.viewswap.repoint;

import io.viewswap.api.Choices;
import io.viewswap.api.ViewSwapException;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * The kinds of client code {@code repoint} gives instructions for. Each constant carries the one
 * class that knows that client ({@link ClientAdvice}); the CLI's {@code --for} words, its help and
 * its error text are made from this list.
 */
public enum Client {
  JDBC(new JdbcAdvice()),
  LIBPQ(new LibpqAdvice()),
  DJANGO(new DjangoAdvice()),
  HIBERNATE(new HibernateAdvice()),
  RAILS(new RailsAdvice()),
  SQLALCHEMY(new SqlAlchemyAdvice());

  private final ClientAdvice advice;

  Client(ClientAdvice advice) {
    this.advice = advice;
  }

  ClientAdvice advice() {
    return advice;
  }

  public String label() {
    return name().toLowerCase(Locale.ROOT);
  }

  /** The words users type, in declaration order. */
  public static List<String> labels() {
    return Arrays.stream(values()).map(Client::label).toList();
  }

  public static Client parse(String text) {
    for (Client c : values()) {
      if (c.label().equalsIgnoreCase(text.trim())) {
        return c;
      }
    }
    throw ViewSwapException.usage(
        "unknown client \"" + text + "\"; expected " + Choices.either(labels()), "");
  }
}
