package io.viewswap.catalog;

import io.viewswap.render.SqlTemplates;
import io.viewswap.spec.QualifiedName;
import io.viewswap.spec.Spec;
import io.viewswap.spec.TableRename;
import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Reads {@link ReleaseRoleInfo} in one query. Kept out of the {@link CatalogSnapshot}: it describes
 * roles and sessions of the server, not the tables a snapshot file carries for offline planning.
 */
public final class ReleaseRoleReader {

  /** Empty when the spec has no release role. */
  public Optional<ReleaseRoleInfo> read(Connection c, Spec spec) throws SQLException {
    Optional<String> role = spec.options().releaseRole();
    if (role.isEmpty()) {
      return Optional.empty();
    }
    List<String> schemas = spec.releaseSearchPath();
    List<QualifiedName> tables = new ArrayList<>();
    for (TableRename r : spec.renames()) {
      if (!r.renamesTable()) {
        tables.add(r.table());
      }
    }
    try (PreparedStatement ps = c.prepareStatement(SqlTemplates.load("catalog/release-role.sql"))) {
      ps.setString(1, role.get());
      ps.setArray(2, c.createArrayOf("text", schemas.toArray()));
      ps.setArray(3, c.createArrayOf("text", tables.stream().map(QualifiedName::schema).toArray()));
      ps.setArray(4, c.createArrayOf("text", tables.stream().map(QualifiedName::name).toArray()));
      try (ResultSet rs = ps.executeQuery()) {
        rs.next();
        Map<String, Boolean> usage = new LinkedHashMap<>();
        Boolean[] u = booleans(rs.getArray("schema_usage"));
        for (int i = 0; i < schemas.size() && i < u.length; i++) {
          if (u[i] != null) {
            usage.put(schemas.get(i), u[i]);
          }
        }
        Map<QualifiedName, Boolean> select = new LinkedHashMap<>();
        Boolean[] t = booleans(rs.getArray("table_select"));
        for (int i = 0; i < tables.size() && i < t.length; i++) {
          select.put(tables.get(i), Boolean.TRUE.equals(t[i]));
        }
        return Optional.of(
            new ReleaseRoleInfo(
                role.get(),
                rs.getBoolean("role_exists"),
                rs.getBoolean("role_superuser"),
                rs.getBoolean("role_can_login"),
                rs.getInt("major"),
                rs.getString("me"),
                rs.getBoolean("me_superuser"),
                rs.getBoolean("me_createrole"),
                rs.getBoolean("me_admin"),
                rs.getBoolean("is_me"),
                usage,
                select,
                rs.getLong("sessions")));
      }
    }
  }

  private static Boolean[] booleans(Array a) throws SQLException {
    return a == null ? new Boolean[0] : (Boolean[]) a.getArray();
  }
}
