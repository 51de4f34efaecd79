package io.viewswap.state;

import io.viewswap.api.ErrorCode;
import io.viewswap.api.PhaseRunRecord;
import io.viewswap.api.State;
import io.viewswap.api.ViewSwapException;
import io.viewswap.render.Sql;
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

/**
 * Reads and installs the state schema. Phase rows are written by the phase transaction itself.
 *
 * <p>viewswap runs the schema's functions with the rights of whoever runs it, often the table owner
 * or a superuser, so nothing in the schema is read or called before {@link #untrusted} found it
 * trustworthy: it and every object in it belong to the connected role, a role it inherits that no
 * other login role can act as, or a superuser, and nobody else may create in it or write its
 * tables. A schema that merely carries viewswap's comment is never adopted.
 */
public final class StateStore {
  /** Bumped when install.sql changes, so older installations are upgraded in place. */
  public static final String VERSION_MARK = "viewswap state v4";

  private static final Sql SQL = new Sql();

  /**
   * Why a schema cannot be trusted by the connected role.
   *
   * @param object the object at fault ("schema viewswap", "function
   *     viewswap.begin_phase(text,text,text)")
   * @param role the role that owns it or holds the right
   * @param problem the sentence for the user
   */
  public record Untrusted(String object, String role, String problem) {}

  /**
   * Every reason the schema cannot be trusted by the connected role; empty when it is missing or
   * trusted.
   */
  public static List<Untrusted> untrusted(Connection c, String schema) throws SQLException {
    List<Untrusted> out = new ArrayList<>();
    try (PreparedStatement ps = c.prepareStatement(untrustedQuery(schema));
        ResultSet rs = ps.executeQuery()) {
      while (rs.next()) {
        out.add(
            new Untrusted(rs.getString("object"), rs.getString("role"), rs.getString("problem")));
      }
    }
    return out;
  }

  /**
   * {@link #untrusted(Connection, String)} for every schema given, in one query: schema to its
   * problems (a schema without any is left out).
   */
  public static java.util.Map<String, List<Untrusted>> untrusted(
      Connection c, java.util.Collection<String> schemas) throws SQLException {
    java.util.Map<String, List<Untrusted>> out = new java.util.HashMap<>();
    if (schemas.isEmpty()) {
      return out;
    }
    String query =
        SqlTemplates.fill(
            SqlTemplates.load("state/untrusted-schemas.sql"),
            SqlTemplates.fill(SqlTemplates.load("state/untrusted.sql"), "s.name"));
    try (PreparedStatement ps = c.prepareStatement(query)) {
      ps.setArray(1, c.createArrayOf("text", schemas.toArray()));
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          out.computeIfAbsent(rs.getString("schema"), k -> new ArrayList<>())
              .add(
                  new Untrusted(
                      rs.getString("object"), rs.getString("role"), rs.getString("problem")));
        }
      }
    }
    return out;
  }

  private static String untrustedQuery(String schema) {
    return SqlTemplates.fill(SqlTemplates.load("state/untrusted.sql"), SQL.literal(schema));
  }

  /**
   * Refuses (exit 8) a state schema the connected role cannot trust, naming every object at fault;
   * nothing of the schema has been read or run when this throws.
   */
  public static void requireTrusted(Connection c) throws SQLException {
    List<Untrusted> problems = untrusted(c, Sql.STATE_SCHEMA);
    if (!problems.isEmpty()) {
      throw ViewSwapException.of(
          ErrorCode.BLOCKED,
          "viewswap's state schema \""
              + Sql.STATE_SCHEMA
              + "\" cannot be trusted; nothing was read from it or"
              + " changed:"
              + System.lineSeparator()
              + problems.stream()
                  .map(p -> "  " + p.problem())
                  .collect(java.util.stream.Collectors.joining(System.lineSeparator())),
          untrustedHint(problems));
    }
  }

  /**
   * What to do about an untrusted state schema. It may hold the state of every spec run in this
   * database, so no advice destroys it: connect as the role that owns it, hand it over, or move a
   * squatter's schema aside for inspection.
   */
  static String untrustedHint(List<Untrusted> problems) {
    java.util.Set<String> owners = new java.util.TreeSet<>();
    problems.stream()
        .filter(p -> p.problem().startsWith(p.object() + " is owned by "))
        .forEach(p -> owners.add(io.viewswap.spec.Identifiers.display(p.role())));
    String who = owners.isEmpty() ? "its owner" : String.join(" or ", owners);
    return "viewswap runs the functions in that schema with your rights, so only you or a superuser may own"
        + " it or anything in it, act as its owner, or create in it. If "
        + who
        + " runs viewswap in this database, connect as "
        + who
        + " (or as a superuser): the schema keeps the state of every spec run here. If another role is to"
        + " run viewswap from now on, a superuser can hand the schema over (ALTER SCHEMA "
        + Sql.STATE_SCHEMA
        + " OWNER TO that role, the same for each object named) and revoke what the roles named hold or"
        + " their membership in its owner. If nobody you trust made it, a superuser should move it aside"
        + " for inspection (ALTER SCHEMA "
        + Sql.STATE_SCHEMA
        + " RENAME TO "
        + Sql.STATE_SCHEMA
        + "_suspect) and run again; never drop it while it may hold other specs' state";
  }

  /**
   * The statement that makes sure of the state schema, shared by {@code apply} and exported
   * scripts: refuses an untrusted one (SQLSTATE VS403), installs or upgrades it only when it is
   * missing or older, and checks again.
   */
  public static String ensureStatement() {
    return SqlTemplates.fill(
        SqlTemplates.load("state/ensure.sql"),
        untrustedQuery(Sql.STATE_SCHEMA),
        SQL.literal(VERSION_MARK),
        SqlTemplates.load("state/install.sql")
            + "\n"
            + SQL.commentOnSchema(Sql.STATE_SCHEMA, VERSION_MARK)
            + ";");
  }

  /**
   * The statement an exported script after the first runs instead of {@link #ensureStatement}: the
   * same trust check, then a check that the schema holds this version, refused (SQLSTATE VS426)
   * with {@code hint} when it does not, so the install is in one script, not in every one.
   */
  public static String expectStatement(String hint) {
    return SqlTemplates.fill(
        SqlTemplates.load("state/expect.sql"),
        untrustedQuery(Sql.STATE_SCHEMA),
        SQL.literal(VERSION_MARK),
        SQL.literal(hint));
  }

  /**
   * Creates or upgrades the state schema, once, under a transaction-level advisory lock so that two
   * first runs cannot collide, after making sure it can be trusted. Commits; leaves autocommit off.
   */
  public void install(Connection c) throws SQLException {
    c.setAutoCommit(false);
    try (Statement st = c.createStatement()) {
      st.execute(ensureStatement());
      c.commit();
    } catch (SQLException e) {
      c.rollback();
      throw e;
    }
  }

  /**
   * Whether the state schema exists and holds this version (only meaningful once it is known to be
   * trusted).
   */
  public static boolean current(Connection c) throws SQLException {
    try (PreparedStatement ps = c.prepareStatement(SqlTemplates.load("state/version-mark.sql"));
        ResultSet rs = ps.executeQuery()) {
      rs.next();
      return VERSION_MARK.equals(rs.getString(1));
    }
  }

  /**
   * Whether the state tables exist, once the schema was found trusted (else refused with exit 8).
   */
  private boolean exists(Connection c) throws SQLException {
    requireTrusted(c);
    try (PreparedStatement ps = c.prepareStatement(SqlTemplates.load("state/installed.sql"));
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
    try (PreparedStatement ps = c.prepareStatement(SqlTemplates.load("state/spec-states.sql"))) {
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
                  rs.getObject(5, OffsetDateTime.class),
                  Optional.ofNullable(rs.getString(6))));
        }
      }
    }
    return out;
  }

  /**
   * The release role's search_path as viewswap last set it for the spec and as the server has it
   * now; empty when the state schema or its role_setting table does not exist.
   */
  public Optional<RoleSetting> roleSetting(Connection c, String specId, String role)
      throws SQLException {
    if (!exists(c)) {
      return Optional.empty();
    }
    try (PreparedStatement probe =
            c.prepareStatement(SqlTemplates.load("state/role-setting-recorded.sql"));
        ResultSet rs = probe.executeQuery()) {
      rs.next();
      if (!rs.getBoolean(1)) {
        return Optional.empty();
      }
    }
    try (PreparedStatement ps = c.prepareStatement(SqlTemplates.load("state/role-setting.sql"))) {
      ps.setString(1, specId);
      ps.setString(2, role);
      ps.setString(3, role);
      try (ResultSet rs = ps.executeQuery()) {
        rs.next();
        return Optional.of(
            new RoleSetting(
                role,
                rs.getString("database"),
                Optional.ofNullable(rs.getString("recorded")),
                Optional.ofNullable(rs.getString("current"))));
      }
    }
  }

  /** The spec's phase history, oldest first. */
  public List<PhaseRunRecord> history(Connection c, String specId) throws SQLException {
    List<PhaseRunRecord> out = new ArrayList<>();
    if (!exists(c)) {
      return out;
    }
    try (PreparedStatement ps = c.prepareStatement(SqlTemplates.load("state/phase-runs.sql"))) {
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
                  // bigint since 2026-12 (squawk's prefer-bigint-over-int); older installs keep
                  // integer
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
