package io.viewswap.execute;

import io.viewswap.api.ErrorCode;
import java.sql.SQLException;

/** SQLSTATEs viewswap acts on. Classification is by SQLSTATE, never by message text. */
public final class SqlStates {
  /** lock_not_available: the only one retried. */
  public static final String LOCK_NOT_AVAILABLE = "55P03";

  /** Raised by viewswap.begin_phase: phase out of order or spec changed. */
  public static final String STATE_CONFLICT = "VS409";

  /** Raised by viewswap.expect_columns: the table changed since the plan was made. */
  public static final String PLAN_STALE = "VS412";

  /** Raised by the state schema's installation (state/ensure.sql): the schema cannot be trusted. */
  public static final String UNTRUSTED = "VS403";

  private SqlStates() {}

  public static String of(SQLException e) {
    String s = e.getSQLState();
    return s == null ? "" : s;
  }

  /**
   * The server's message without pgJDBC's detail lines (Where:, Position:), for one-line reports.
   */
  public static String message(SQLException e) {
    String s = e.getMessage();
    if (s == null) {
      return "";
    }
    int nl = s.indexOf('\n');
    return nl < 0 ? s : s.substring(0, nl);
  }

  /** What a failed statement means for the run's exit code. */
  public static ErrorCode classify(SQLException e) {
    String s = of(e);
    if (s.equals(LOCK_NOT_AVAILABLE)) {
      return ErrorCode.LOCK_NOT_ACQUIRED;
    }
    if (s.equals(STATE_CONFLICT)) {
      return ErrorCode.STATE_CONFLICT;
    }
    if (s.equals(UNTRUSTED)) {
      return ErrorCode.BLOCKED;
    }
    if (s.equals(PLAN_STALE)) {
      return ErrorCode.SPEC_INVALID;
    }
    // Class 08 and the admin shutdown family (57P01-57P03, pg_terminate_backend) mean the
    // connection is gone.
    if (s.startsWith("08") || s.equals("57P01") || s.equals("57P02") || s.equals("57P03")) {
      return ErrorCode.CONNECTION;
    }
    return ErrorCode.SQL_FAILED;
  }
}
