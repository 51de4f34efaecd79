package io.viewswap.repoint;

import io.viewswap.api.Choices;
import io.viewswap.api.ViewSwapException;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * What sits between the new release and PostgreSQL, as far as the advice is concerned. Each
 * constant carries the words users type for it and what it stands for; the CLI's help and error
 * text are made from them.
 */
public enum Pooler {
  /**
   * A direct connection, or a pooler that gives each client its own server connection (session
   * pooling).
   */
  NONE("direct or session pooling", "session", "direct"),
  /**
   * PgBouncer in transaction or statement mode, RDS Proxy, Supavisor: a server connection serves
   * one client for one transaction, then the next. No startup parameters reach the server, a
   * session SET outlives the transaction and reaches whichever client gets that server connection
   * next, and named prepared statements live on one server connection.
   */
  TRANSACTION("PgBouncer transaction/statement mode, RDS Proxy, Supavisor", "statement");

  private final String means;
  private final List<String> synonyms;

  Pooler(String means, String... synonyms) {
    this.means = means;
    this.synonyms = List.of(synonyms);
  }

  public String label() {
    return name().toLowerCase(Locale.ROOT);
  }

  /** What the word stands for, for help and error texts. */
  public String means() {
    return means;
  }

  /** The words users type, in declaration order (synonyms are accepted too). */
  public static List<String> labels() {
    return Arrays.stream(values()).map(Pooler::label).toList();
  }

  /** Every word with what it stands for: {@code none (direct or session pooling) or ...}. */
  public static String described() {
    return Choices.either(
        Arrays.stream(values()).map(p -> p.label() + " (" + p.means + ")").toList());
  }

  public static Pooler parse(String text) {
    String t = text.trim().toLowerCase(Locale.ROOT);
    for (Pooler p : values()) {
      if (p.label().equals(t) || p.synonyms.contains(t)) {
        return p;
      }
    }
    throw ViewSwapException.usage("unknown pooler \"" + text + "\"; expected " + described(), "");
  }
}
