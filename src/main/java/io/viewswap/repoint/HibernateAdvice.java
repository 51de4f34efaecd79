package io.viewswap.repoint;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Hibernate (JPA) over pgjdbc: the driver's connection advice, plus the mapping annotations and the
 * Hibernate settings that would override the search_path.
 */
final class HibernateAdvice implements ClientAdvice {
  private static final JdbcAdvice DRIVER = new JdbcAdvice();

  @Override
  public String tableChange(String oldName, String newName) {
    return "entity: @Table(name = \"" + newName + "\") (was \"" + oldName + "\")";
  }

  @Override
  public String columnChange(String from, String to) {
    return "attribute mapped to " + from + ": @Column(name = \"" + to + "\")";
  }

  @Override
  public Optional<String> primaryKeyChange() {
    return Optional.empty();
  }

  @Override
  public String searchPathChange(String searchPath) {
    return DRIVER.searchPathChange(searchPath)
        + "; leave @Table(schema) and hibernate.default_schema unset";
  }

  @Override
  public String searchPathSetting() {
    return DRIVER.searchPathSetting();
  }

  @Override
  public List<String> transactionPoolerAdvice() {
    List<String> out = new ArrayList<>(DRIVER.transactionPoolerAdvice());
    out.add(
        "leave hibernate.default_schema unset, and hibernate.connection.provider_disables_autocommit"
            + " off");
    return out;
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
