package io.viewswap.state;

import io.viewswap.api.PhaseRunRecord;

import io.viewswap.api.State;
import io.viewswap.render.SqlTemplates;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** Reads and installs the state schema. Phase rows are written by the phase transaction itself. */
public final class StateStore {
  /** Bumped when install.sql changes, so older installations are upgraded in place. */
  public static final String VERSION_MARK = "viewswap state v2";

  /**
   * Creates or upgrades the state schema, once, under a transaction-level advisory lock so that two first runs
   * cannot collide. Commits; leaves autocommit off.
   */
  public void install(Connection c) throws SQLException {
    if (installed(c)) {
      return;
    }
    c.setAutoCommit(false);
    try (Statement st = c.createStatement()) {
      st.execute("select pg_advisory_xact_lock(hashtextextended('viewswap:install', 0))");
      if (!installed(c)) {
        st.execute(SqlTemplates.load("state/install.sql"));
        st.execute("comment on schema viewswap is '" + VERSION_MARK + "'");
      }
      c.commit();
    } catch (SQLException e) {
      c.rollback();
      throw e;
    }
  }

  private boolean installed(Connection c) throws SQLException {
    try (PreparedStatement ps =
            c.prepareStatement("select obj_description(to_regnamespace('viewswap'), 'pg_namespace')");
        ResultSet rs = ps.executeQuery()) {
      rs.next();
      return VERSION_MARK.equals(rs.getString(1));
    }
  }

  private boolean exists(Connection c) throws SQLException {
    try (PreparedStatement ps = c.prepareStatement("select to_regclass('viewswap.spec_state') is not null");
        ResultSet rs = ps.executeQuery()) {
      rs.next();
      return rs.getBoolean(1);
    }
  }

  /** The spec's row, or empty when it never ran a phase (it is then {@link State#PLANNED}). */
  public Optional<SpecStateRecord> state(Connection c, String specId) throws SQLException {
    return states(c, specId).stream().findFirst();
  }

  /** Every spec's row, by id. */
  public List<SpecStateRecord> all(Connection c) throws SQLException {
    return states(c, null);
  }

  private List<SpecStateRecord> states(Connection c, String specId) throws SQLException {
    List<SpecStateRecord> out = new ArrayList<>();
    if (!exists(c)) {
      return out;
    }
    try (PreparedStatement ps =
        c.prepareStatement(
            "select spec_id, checksum, state, created_at, updated_at from viewswap.spec_state"
                + " where ?::text is null or spec_id = ? order by spec_id")) {
      ps.setString(1, specId);
      ps.setString(2, specId);
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          out.add(
              new SpecStateRecord(
                  rs.getString(1),
                  rs.getString(2),
                  State.parse(rs.getString(3)),
                  rs.getObject(4, OffsetDateTime.class),
                  rs.getObject(5, OffsetDateTime.class)));
        }
      }
    }
    return out;
  }

  /** The spec's phase history, oldest first. */
  public List<PhaseRunRecord> history(Connection c, String specId) throws SQLException {
    List<PhaseRunRecord> out = new ArrayList<>();
    if (!exists(c)) {
      return out;
    }
    try (PreparedStatement ps =
        c.prepareStatement(
            "select run_id, spec_id, phase, direction, from_state, to_state, run_by, client, finished_at,"
                + " attempts, lock_wait_ms, lock_held_ms, statements from viewswap.phase_run"
                + " where spec_id = ? order by run_id")) {
      ps.setString(1, specId);
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          out.add(
              new PhaseRunRecord(
                  rs.getLong(1),
                  rs.getString(2),
                  rs.getString(3),
                  rs.getString(4),
                  rs.getString(5),
                  rs.getString(6),
                  rs.getString(7),
                  rs.getString(8),
                  rs.getObject(9, OffsetDateTime.class),
                  // bigint since 2026-12 (squawk's prefer-bigint-over-int); older installs keep integer
                  rs.getObject(10) instanceof Number n ? Integer.valueOf(n.intValue()) : null,
                  (Long) rs.getObject(11),
                  (Long) rs.getObject(12),
                  List.of((String[]) rs.getArray(13).getArray())));
        }
      }
    }
    return out;
  }
}
