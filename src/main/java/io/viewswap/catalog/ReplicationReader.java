package io.viewswap.catalog;

import io.viewswap.render.SqlTemplates;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Reads {@link ReplicationInfo} in one query. Kept out of the {@link CatalogSnapshot}, like the
 * release role: it describes the server's standbys now, not the tables a snapshot carries.
 */
public final class ReplicationReader {
  private static final String QUERY = SqlTemplates.load("catalog/replication.sql");

  public ReplicationInfo read(Connection c) throws SQLException {
    String names = "";
    String commit = "on";
    List<ReplicationInfo.Standby> standbys = new ArrayList<>();
    try (PreparedStatement ps = c.prepareStatement(QUERY);
        ResultSet rs = ps.executeQuery()) {
      while (rs.next()) {
        names = rs.getString("names");
        commit = rs.getString("sync_commit");
        if (!rs.getBoolean("sender")) {
          continue; // the left join's lone row when nothing streams
        }
        standbys.add(
            new ReplicationInfo.Standby(
                rs.getString("application_name") == null ? "" : rs.getString("application_name"),
                rs.getBoolean("visible"),
                rs.getString("state") == null ? "" : rs.getString("state"),
                rs.getString("sync_state") == null ? "" : rs.getString("sync_state"),
                rs.getBoolean("feedback"),
                Optional.ofNullable((Long) rs.getObject("replay_lag_ms")),
                Optional.ofNullable((Long) rs.getObject("replay_behind_bytes"))));
      }
    }
    return new ReplicationInfo(names, commit, standbys);
  }
}
