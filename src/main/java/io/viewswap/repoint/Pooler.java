package io.viewswap.repoint;

import io.viewswap.api.ViewSwapException;
import java.util.Locale;

/** What sits between the new release and PostgreSQL, as far as the advice is concerned. */
public enum Pooler {
  /**
   * A direct connection, or a pooler that gives each client its own server connection (session
   * pooling).
   */
  NONE,
  /**
   * PgBouncer in transaction or statement mode, RDS Proxy, Supavisor: a server connection serves
   * one client for one transaction, then the next. No startup parameters reach the server, a
   * session SET outlives the transaction and reaches whichever client gets that server connection
   * next, and named prepared statements live on one server connection.
   */
  TRANSACTION;

  public String label() {
    return name().toLowerCase(Locale.ROOT);
  }

  public static Pooler parse(String text) {
    String t = text.trim().toLowerCase(Locale.ROOT);
    return switch (t) {
      case "none", "session", "direct" -> NONE;
      case "transaction", "statement" -> TRANSACTION;
      default ->
          throw ViewSwapException.usage(
              "unknown pooler \""
                  + text
                  + "\"; expected none (direct or session pooling) or transaction"
                  + " (PgBouncer transaction/statement mode, RDS Proxy, Supavisor)",
              "");
    };
  }
}
