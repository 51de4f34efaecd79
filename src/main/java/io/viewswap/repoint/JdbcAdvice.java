package io.viewswap.repoint;

import java.util.List;
import java.util.Optional;

/** Plain JDBC (pgjdbc), with or without a pool such as HikariCP. */
final class JdbcAdvice implements ClientAdvice {
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
    return "JDBC URL: add currentSchema="
        + searchPath
        + " (jdbc:postgresql://HOST/DB?currentSchema="
        + searchPath
        + ")";
  }

  @Override
  public String searchPathSetting() {
    return "currentSchema in the JDBC URL";
  }

  @Override
  public List<String> transactionPoolerAdvice() {
    return List.of(
        "JDBC URL: no currentSchema and no options= parameter: they travel as startup parameters, which"
            + " PgBouncer refuses (FATAL: unsupported startup parameter)",
        "JDBC URL: prepareThreshold=0 for PgBouncer before 1.21, RDS Proxy and Supavisor: pgjdbc's named"
            + " server-side statements live on one server connection, and the next transaction may run on"
            + " another (PgBouncer 1.21+ with max_prepared_statements > 0 tracks them)",
        "pooler: ignore_startup_parameters = extra_float_digits (pgjdbc sends it at every connect)",
        "no SET in connectionInitSql (HikariCP) or on checkout: a session SET stays on the server"
            + " connection and reaches the next client; use SET LOCAL inside a transaction");
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
