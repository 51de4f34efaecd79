package io.viewswap.catalog;

import io.viewswap.render.SqlTemplates;
import io.viewswap.spec.QualifiedName;
import io.viewswap.spec.Spec;
import io.viewswap.spec.TableRename;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Reads {@link StandbyInfo} on a standby the user named, in one query: its settings and the
 * sessions on the spec's tables and views under both their old and new names (whichever exist in
 * the state the standby has replayed).
 */
public final class StandbyReader {
  private static final String QUERY = SqlTemplates.load("catalog/standby.sql");

  public StandbyInfo read(Connection c, String label, Spec spec) throws SQLException {
    Set<QualifiedName> names = new LinkedHashSet<>();
    for (TableRename r : spec.renames()) {
      names.add(r.table());
      names.add(r.renamedTable());
    }
    List<String> schemas = new ArrayList<>();
    List<String> relations = new ArrayList<>();
    for (QualifiedName n : names) {
      schemas.add(n.schema());
      relations.add(n.name());
    }
    try (PreparedStatement ps = c.prepareStatement(QUERY)) {
      ps.setArray(1, c.createArrayOf("text", schemas.toArray()));
      ps.setArray(2, c.createArrayOf("text", relations.toArray()));
      try (ResultSet rs = ps.executeQuery()) {
        rs.next();
        return new StandbyInfo(
            label,
            rs.getBoolean("in_recovery"),
            rs.getString("max_delay"),
            rs.getString("feedback"),
            Optional.ofNullable((Long) rs.getObject("replay_delay_ms")),
            rs.getLong("holders"),
            Optional.ofNullable((Long) rs.getObject("longest_ms")),
            "");
      }
    }
  }
}
