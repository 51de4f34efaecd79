package io.viewswap.repoint;

import java.util.List;
import java.util.Optional;

/**
 * Everything {@code repoint} knows about one kind of client, in that client's own terms. Sealed,
 * and with no defaults, so that a new client is one new class that must answer every question below
 * (the compiler says which it missed) plus its constant in {@link Client}.
 */
sealed interface ClientAdvice
    permits JdbcAdvice, LibpqAdvice, DjangoAdvice, HibernateAdvice, RailsAdvice, SqlAlchemyAdvice {
  /** How code names a renamed table by its new name. */
  String tableChange(String oldName, String newName);

  /** How code names a renamed column by its new name. */
  String columnChange(String from, String to);

  /**
   * Until the swap the new release reads a view, and a view has no primary key: frameworks that
   * look the key up in the catalog must be told it. Empty for those that do not.
   */
  Optional<String> primaryKeyChange();

  /**
   * How the client puts {@code searchPath} (transition schema first) on its sessions, for a table
   * that keeps its name.
   */
  String searchPathChange(String searchPath);

  /** Where that search_path setting lives, so the release after contract can drop it. */
  String searchPathSetting();

  /**
   * Behind a transaction pooler a server connection serves a client for one transaction only:
   * nothing may be left on it for the next client, and nothing may be expected from the previous
   * one. What this client must set or avoid for that.
   */
  List<String> transactionPoolerAdvice();

  /** What the framework itself needs around the deploy, whatever the pooler (caches, restarts). */
  List<String> deployAdvice();

  /** What the release may drop after contract for a table whose columns were renamed. */
  List<String> afterColumnRenames();
}
