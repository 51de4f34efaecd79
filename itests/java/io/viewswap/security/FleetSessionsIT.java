package io.viewswap.security;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.viewswap.Fleet;
import io.viewswap.api.Database;
import io.viewswap.api.FleetOptions;
import io.viewswap.api.FleetResult;
import io.viewswap.api.Phase;
import io.viewswap.api.TargetOutcome;
import io.viewswap.security.Attack.Run;
import io.viewswap.spec.SpecReader;
import io.viewswap.support.PostgresExtension;
import io.viewswap.support.TestDatabase;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import javax.sql.DataSource;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * A fleet's sessions are the single path's: each is pinned before anything runs on it (so a pooled
 * connection lent with the attacker's schema first on its search_path runs nothing of the
 * attacker's) and given back as it was lent; and what a single run refuses up front for lack of a
 * right, a fleet refuses per target, creating nothing.
 */
@Tag("lifecycle")
@ExtendWith(PostgresExtension.class)
class FleetSessionsIT {
  @TempDir Path dir;

  @Test
  void everyFleetSessionIsPinnedAndGivenBackAsItWasLent(TestDatabase db) throws Exception {
    Attack a = FleetHijackIT.stage(db);
    String before = a.holdings();
    String victim = String.valueOf(db.queryValue("select current_user"));
    ConcurrentLinkedQueue<Connection> lent = new ConcurrentLinkedQueue<>();
    // A pool whose connections come with the application's own search_path: the attacker's schema
    // (named like the runner) first, as the default "$user", public resolves it.
    DataSource pool =
        (DataSource)
            Proxy.newProxyInstance(
                getClass().getClassLoader(),
                new Class<?>[] {DataSource.class},
                (proxy, method, args) -> {
                  switch (method.getName()) {
                    case "hashCode":
                      return System.identityHashCode(proxy);
                    case "equals":
                      return proxy == args[0];
                    case "toString":
                      return "pool";
                    case "getConnection":
                      break;
                    default:
                      throw new UnsupportedOperationException(method.getName());
                  }
                  Connection physical = db.connect();
                  try (Statement s = physical.createStatement()) {
                    s.execute("set search_path = \"" + victim + "\", public");
                  }
                  lent.add(physical);
                  return lend(physical);
                });
    Path spec = dir.resolve("glob.yaml");
    Files.writeString(spec, FleetHijackIT.GLOB_SPEC, StandardCharsets.UTF_8);
    Fleet fleet =
        Fleet.configure().databases(List.of(new Database("db", pool))).sleeper(d -> {}).build();
    var s = new SpecReader().read(spec);
    fleet.check(s, FleetOptions.DEFAULTS);
    fleet.status(s, FleetOptions.DEFAULTS);
    fleet.plans(s, FleetOptions.DEFAULTS);
    FleetResult r = fleet.apply(s, Phase.EXPAND, FleetOptions.DEFAULTS);
    assertThat(r.count(TargetOutcome.DONE)).as("%s", r).isEqualTo(2);
    assertThat(a.holdings()).as("the attacker gained nothing").isEqualTo(before);
    assertThat(lent).isNotEmpty();
    for (Connection physical : lent) {
      try (Statement st = physical.createStatement();
          ResultSet rs = st.executeQuery("show search_path")) {
        rs.next();
        assertThat(rs.getString(1))
            .as("given back as lent")
            .isIn("\"" + victim + "\", public", victim + ", public");
      }
      physical.close();
    }
  }

  @Test
  void aNoinheritMemberOfTheOwnerIsRefusedPerTargetAndNothingIsCreated(TestDatabase db)
      throws Exception {
    Attack a = new Attack(db);
    String owner = "own_" + db.name();
    String member = "mig_" + db.name();
    db.exec(
        "create role "
            + owner
            + "; create role "
            + member
            + " noinherit login password 'pw'; grant "
            + owner
            + " to "
            + member
            + "; grant create on database "
            + db.name()
            + " to "
            + member
            + "; create schema tenant_a; create schema tenant_b;"
            + "create table tenant_a.customer (id int primary key, full_name text, email text);"
            + "create table tenant_b.customer (id int primary key, full_name text, email text);"
            + "alter table tenant_a.customer owner to "
            + owner
            + "; alter table tenant_b.customer owner to "
            + owner
            + "; alter table public.customer owner to "
            + owner);
    // The breakage: a member, but without the owner's rights unless it SET ROLEs, which viewswap
    // does not.
    assertThat(db.queryValue("select pg_has_role('" + member + "', '" + owner + "', 'USAGE')"))
        .isEqualTo(false);
    Path glob = dir.resolve("glob.yaml");
    Files.writeString(glob, FleetHijackIT.GLOB_SPEC, StandardCharsets.UTF_8);
    Path targets = dir.resolve("targets.txt");
    Files.writeString(targets, a.urlAs(member) + "\n", StandardCharsets.UTF_8);
    Path table = Attack.spec(dir, Attack.SPEC_TABLE);
    for (List<String> where :
        List.of(
            List.of(glob.toString(), "--url", a.urlAs(member)),
            List.of(table.toString(), "--targets", targets.toString()))) {
      Run check = Attack.cli(concat(List.of("check"), where));
      assertThat(check.code()).as("%s", check).isEqualTo(8);
      assertThat(check.all()).contains("connected as " + member).contains("owned by " + owner);
      Run apply =
          Attack.cli(concat(List.of("apply", "--phase", "expand", "--format", "json"), where));
      assertThat(apply.code()).as("every target fails alone: %s", apply).isEqualTo(9);
      JsonNode j = new ObjectMapper().readTree(apply.out());
      assertThat(j.at("/counts/done").asLong()).isZero();
      for (JsonNode f : j.at("/failures")) {
        assertThat(f.at("/exit_code").asInt()).isEqualTo(8);
        assertThat(f.at("/message").asText()).contains("owned by " + owner);
      }
      assertThat(db.queryValue("select to_regnamespace('viewswap')"))
          .as("no state schema left behind")
          .isNull();
    }
  }

  private static List<String> concat(List<String> a, List<String> b) {
    List<String> out = new java.util.ArrayList<>(a);
    out.addAll(b);
    return out;
  }

  /** A pooled connection: close() hands it back instead of closing it. */
  private Connection lend(Connection physical) {
    return (Connection)
        Proxy.newProxyInstance(
            getClass().getClassLoader(),
            new Class<?>[] {Connection.class},
            (proxy, method, args) -> {
              if (method.getName().equals("close")) {
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
