package io.viewswap.repoint;

import java.util.List;
import java.util.Optional;

/** Django's ORM: model Meta, field options and the DATABASES setting. */
final class DjangoAdvice implements ClientAdvice {
  @Override
  public String tableChange(String oldName, String newName) {
    return "model Meta: db_table = \"" + newName + "\" (was \"" + oldName + "\")";
  }

  @Override
  public String columnChange(String from, String to) {
    return "field " + from + ": db_column=\"" + to + "\" (or rename the field to " + to + ")";
  }

  @Override
  public Optional<String> primaryKeyChange() {
    return Optional.empty();
  }

  @Override
  public String searchPathChange(String searchPath) {
    return "DATABASES OPTIONS: 'options': '-c search_path=" + searchPath + "'";
  }

  @Override
  public String searchPathSetting() {
    return "the search_path OPTIONS entry";
  }

  @Override
  public List<String> transactionPoolerAdvice() {
    return List.of(
        "DATABASES OPTIONS: no 'options' entry (a startup parameter PgBouncer refuses)",
        "DATABASES: 'DISABLE_SERVER_SIDE_CURSORS': True (a server-side cursor would outlive the"
            + " transaction's server connection)",
        "Django runs SET TIME ZONE at connect when the server's TimeZone differs from the one it wants"
            + " (UTC with USE_TZ): give the release role that timezone (ALTER ROLE ... SET timezone TO 'UTC')"
            + " so no session SET is left on a shared server connection",
        "psycopg 3 (Django 4.2+): leave OPTIONS server_side_binding off");
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
