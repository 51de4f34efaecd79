package io.viewswap.security;

import static org.assertj.core.api.Assertions.assertThat;

import io.viewswap.security.Attack.Run;
import io.viewswap.support.PostgresExtension;
import io.viewswap.support.TestDatabase;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.stream.Stream;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * Attack 2: a schema the attacker may create, first on the victim's default search_path ({@code
 * "$user"}: a schema named like the victim; on PostgreSQL 14 also {@code public}), holds {@code
 * hashtextextended(text, integer)}, an exact match for {@code hashtextextended(text, 0)} that wins
 * over the built-in's {@code bigint}. viewswap's sessions, state functions and exported scripts pin
 * {@code search_path = pg_catalog, pg_temp} and call built-ins qualified, so every command runs
 * untouched.
 */
@Tag("lifecycle")
@ExtendWith(PostgresExtension.class)
class SearchPathHijackIT {
  @TempDir Path dir;

  @Test
  void shadowedBuiltInsNeverRunInAnyCommandOrExportedScript(TestDatabase db) throws Exception {
    Attack a = new Attack(db);
    String victim = String.valueOf(db.queryValue("select current_user"));
    String before = a.holdings();
    String shadow =
        " returns bigint language plpgsql as $$ begin " + a.payload() + " return 0; end $$;";
    a.asAttacker(
        "create schema \""
            + victim
            + "\"; grant usage on schema \""
            + victim
            + "\" to public;"
            + "create function \""
            + victim
            + "\".hashtextextended(text, integer)"
            + shadow);
    boolean publicWritable =
        (Boolean)
            db.queryValue("select has_schema_privilege('" + a.attacker + "', 'public', 'CREATE')");
    if (publicWritable) {
      // PostgreSQL 14: everyone may create in public
      a.asAttacker("create function public.hashtextextended(text, integer)" + shadow);
    }

    // The breakage: the lock key as an older viewswap computed it runs the attacker's function as
    // the victim.
    assertThat(
            a.superuserRunningHandsOverTheTable(
                "select pg_try_advisory_lock(hashtextextended('viewswap:' || 'x', 0))"))
        .as("the shadow ran with the victim's rights")
        .isTrue();
    assertThat(a.holdings()).isEqualTo(before);

    Path spec = Attack.spec(dir, Attack.SPEC_COLUMNS);
    String[][] commands = {
      {"check", spec.toString()},
      {"plan", spec.toString()},
      {"status"},
      {"apply", spec.toString(), "--phase", "expand"},
      {"apply", spec.toString(), "--phase", "swap"},
      {"rollback", spec.toString(), "--phase", "swap"},
      {"status", spec.toString()},
      {"export", spec.toString(), "--out", dir.resolve("flyway").toString(), "--format", "flyway"}
    };
    for (String[] command : commands) {
      Run r = a.asSuperuser(command);
      assertThat(r.code()).as("%s: %s", String.join(" ", command), r).isZero();
      assertThat(a.holdings())
          .as("after %s the attacker holds what it held", String.join(" ", command))
          .isEqualTo(before);
    }
    assertThat(db.queryValue("select state from viewswap.spec_state")).isEqualTo("expanded");

    // The exported swap, run by a runner on the victim's own default search_path ("$user", public).
    Path swap;
    try (Stream<Path> files = Files.list(dir.resolve("flyway"))) {
      swap =
          files
              .filter(f -> f.getFileName().toString().matches("V.*_swap\\.sql"))
              .findFirst()
              .orElseThrow();
    }
    try (Connection c = db.connect();
        Statement s = c.createStatement()) {
      try (ResultSet rs = s.executeQuery("show search_path")) {
        rs.next();
        assertThat(rs.getString(1)).contains("$user");
      }
      c.setAutoCommit(false);
      s.execute(Files.readString(swap));
      c.commit();
    }
    assertThat(db.queryValue("select state from viewswap.spec_state")).isEqualTo("swapped");
    assertThat(a.holdings()).as("after the exported script").isEqualTo(before);
    assertThat(a.asSuperuser("apply", spec.toString(), "--phase", "contract").code()).isZero();
    assertThat(a.holdings()).isEqualTo(before);
  }
}
