package io.viewswap.repoint;

import java.util.List;
import java.util.Optional;

/** libpq and the drivers built on it or on its connection string (psql, psycopg, ...). */
final class LibpqAdvice implements ClientAdvice {
  @Override
  public String tableChange(String oldName, String newName) {
    return PlainSql.tableChange(oldName, newName);
  }

  @Override
  public String columnChange(String from, String to) {
    return PlainSql.columnChange(from, to);
  }

  @Override
  public Optional<String> primaryKeyChange() {
    return Optional.empty();
  }

  @Override
  public String searchPathChange(String searchPath) {
    return "connection string: options='-c search_path="
        + searchPath
        + "' (or PGOPTIONS='-c search_path="
        + searchPath
        + "')";
  }

  @Override
  public String searchPathSetting() {
    return "the search_path option";
  }

  @Override
  public List<String> transactionPoolerAdvice() {
    return List.of(
        "connection string: no options= and no PGOPTIONS: PgBouncer refuses them as startup parameters",
        "no SET outside a transaction (it reaches the next client of the server connection); SET LOCAL"
            + " inside one is fine",
        "no named PREPARE across transactions; psycopg 3: prepare_threshold=None for PgBouncer before"
            + " 1.21 (psycopg2 prepares nothing)");
  }

  @Override
  public List<String> deployAdvice() {
    return List.of();
  }

  @Override
  public List<String> afterColumnRenames() {
    return List.of();
  }
}
