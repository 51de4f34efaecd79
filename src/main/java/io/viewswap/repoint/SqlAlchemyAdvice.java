package io.viewswap.repoint;

import java.util.List;
import java.util.Optional;

/** SQLAlchemy (Core and ORM) with psycopg2, psycopg 3 or asyncpg. */
final class SqlAlchemyAdvice implements ClientAdvice {
  @Override
  public String tableChange(String oldName, String newName) {
    return "Table(\""
        + newName
        + "\", ...) or __tablename__ = \""
        + newName
        + "\" (was \""
        + oldName
        + "\")";
  }

  @Override
  public String columnChange(String from, String to) {
    return "Column(\""
        + to
        + "\", ..., key=\""
        + from
        + "\") keeps the attribute "
        + from
        + " (or rename it to "
        + to
        + ")";
  }

  @Override
  public Optional<String> primaryKeyChange() {
    return Optional.of(
        "declare the primary key: Column(\"id\", ..., primary_key=True) (by its new"
            + " name); when reflecting (autoload_with) a view has none and the mapper cannot be built");
  }

  @Override
  public String searchPathChange(String searchPath) {
    return "create_engine(url, connect_args={\"options\": \"-c search_path=" + searchPath + "\"})";
  }

  @Override
  public String searchPathSetting() {
    return "the search_path in connect_args";
  }

  @Override
  public List<String> transactionPoolerAdvice() {
    return List.of(
        "create_engine: no connect_args options (a startup parameter PgBouncer refuses), no SET in a"
            + " connect or checkout event",
        "psycopg2 prepares nothing; asyncpg: connect_args={\"statement_cache_size\": 0} and"
            + " prepared_statement_cache_size=0 in the URL");
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
