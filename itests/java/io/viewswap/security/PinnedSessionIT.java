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
    // real
    // pool it never lends it twice at once; a second borrower (the blocker probe) gets another one.
    Connection pooled =
        (Connection)
            Proxy.newProxyInstance(
                getClass().getClassLoader(),
                new Class<?>[] {Connection.class},
                (proxy, method, args) -> {
                  if (method.getName().equals("close")) {
                    inUse.set(false);
                    return null;
                  }
                  try {
                    return method.invoke(physical, args);
                  } catch (InvocationTargetException e) {
                    throw e.getCause();
                  }
                });
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
}
