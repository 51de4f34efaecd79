package io.viewswap.security;

import static org.assertj.core.api.Assertions.assertThat;

import io.viewswap.ViewSwap;
import io.viewswap.spec.SpecReader;
import io.viewswap.support.PostgresExtension;
import io.viewswap.support.TestDatabase;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import javax.sql.DataSource;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * The library pins each connection's search_path while it works and gives a pooled connection back
 * as it was lent: the application's own search_path survives a viewswap call.
 */
@Tag("lifecycle")
@ExtendWith(PostgresExtension.class)
class PinnedSessionIT {
  @TempDir Path dir;

  @Test
  void aPooledConnectionGetsItsSearchPathBack(TestDatabase db) throws Exception {
    new Attack(db);
    Connection physical = db.connect();
    try (Statement s = physical.createStatement()) {
      s.execute("set search_path = public, \"$user\"");
    }
    AtomicInteger lent = new AtomicInteger();
    java.util.concurrent.atomic.AtomicBoolean inUse =
        new java.util.concurrent.atomic.AtomicBoolean();
    // A pool around one physical connection: close() hands it back instead of closing it. Like a
    // real pool, it never lends it twice at once; a second borrower (the blocker probe) gets
    // another one.
    Connection pooled = lend(physical, () -> inUse.set(false));
    DataSource pool =
        (DataSource)
            Proxy.newProxyInstance(
                getClass().getClassLoader(),
                new Class<?>[] {DataSource.class},
                (proxy, method, args) -> {
                  if (method.getName().equals("getConnection")) {
                    if (!inUse.compareAndSet(false, true)) {
                      return db.connect();
                    }
                    lent.incrementAndGet();
                    return pooled;
                  }
                  throw new UnsupportedOperationException(method.getName());
                });
    ViewSwap vs = ViewSwap.configure().dataSource(pool).build();
    var spec = new SpecReader().read(Attack.spec(dir, Attack.SPEC_TABLE));
    vs.check(spec);
    vs.apply(spec, io.viewswap.api.Phase.EXPAND, false);
    vs.status(Optional.empty());
    assertThat(lent.get())
        .as("the pooled connection served each of the three commands")
        .isEqualTo(3);
    try (Statement s = physical.createStatement();
        ResultSet rs = s.executeQuery("show search_path")) {
      rs.next();
      assertThat(rs.getString(1)).isEqualTo("public, \"$user\"");
    }
    assertThat(physical.getAutoCommit()).isTrue();
  }

  /**
   * The blocker probe borrows a second connection from the same pool and sets its own
   * application_name and timeouts on it (for the session: it runs in autocommit). Left there, a
   * 2-second statement_timeout would cancel the application's next long query on that connection;
   * so the probe gives back what it found.
   */
  @Test
  void theBlockerProbeGivesItsPooledConnectionBackAsItWasLent(TestDatabase db) throws Exception {
    new Attack(db);
    Connection first = db.connect();
    Connection second = db.connect();
    try (Statement s = second.createStatement()) {
      s.execute("set application_name = 'billing'; set statement_timeout = '30min'");
    }
    java.util.concurrent.atomic.AtomicBoolean firstInUse =
        new java.util.concurrent.atomic.AtomicBoolean();
    AtomicInteger secondLent = new AtomicInteger();
    DataSource pool =
        (DataSource)
            Proxy.newProxyInstance(
                getClass().getClassLoader(),
                new Class<?>[] {DataSource.class},
                (proxy, method, args) -> {
                  if (!method.getName().equals("getConnection")) {
                    throw new UnsupportedOperationException(method.getName());
                  }
                  if (firstInUse.compareAndSet(false, true)) {
                    return lend(first, () -> firstInUse.set(false));
                  }
                  secondLent.incrementAndGet();
                  return lend(second, () -> {});
                });
    ViewSwap vs = ViewSwap.configure().dataSource(pool).sleeper(d -> {}).build();
    var spec =
        new SpecReader()
            .read(
                Attack.spec(
                    dir, Attack.SPEC_TABLE + "options:\n  lock_timeout: 100ms\n  retries: 0\n"));
    vs.apply(spec, io.viewswap.api.Phase.EXPAND, false);
    try (Connection holder = db.connect();
        Statement h = holder.createStatement()) {
      holder.setAutoCommit(false);
      h.execute("select count(*) from public.customer");
      org.assertj.core.api.Assertions.assertThatThrownBy(
              () -> vs.apply(spec, io.viewswap.api.Phase.SWAP, false))
          .isInstanceOf(io.viewswap.api.ViewSwapException.class)
          .hasMessageContaining("blocked by pid");
      holder.rollback();
    }
    assertThat(secondLent.get()).as("the probe borrowed the second connection").isPositive();
    try (Statement s = second.createStatement();
        ResultSet rs =
            s.executeQuery(
                "select current_setting('application_name'), current_setting('statement_timeout'),"
                    + " current_setting('lock_timeout')")) {
      rs.next();
      assertThat(rs.getString(1)).isEqualTo("billing");
      assertThat(rs.getString(2)).isEqualTo("30min");
      assertThat(rs.getString(3)).isEqualTo("0");
    }
  }

  /** A pooled connection: close() hands it back instead of closing it. */
  private Connection lend(Connection physical, Runnable giveBack) {
    return (Connection)
        Proxy.newProxyInstance(
            getClass().getClassLoader(),
            new Class<?>[] {Connection.class},
            (proxy, method, args) -> {
              if (method.getName().equals("close")) {
                giveBack.run();
                return null;
              }
              try {
                return method.invoke(physical, args);
              } catch (InvocationTargetException e) {
                throw e.getCause();
              }
            });
  }
}
