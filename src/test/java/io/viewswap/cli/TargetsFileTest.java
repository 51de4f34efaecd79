package io.viewswap.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.viewswap.api.Database;
import io.viewswap.api.ViewSwapException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.postgresql.ds.PGSimpleDataSource;

class TargetsFileTest {
  @TempDir Path dir;

  @Test
  void readsEveryFormAndKeepsPasswordsOutOfLabels() throws Exception {
    Path f = dir.resolve("fleet.txt");
    Files.writeString(
        f,
        String.join(
            "\n",
            "# shards",
            "jdbc:postgresql://db1:5433/app?user=owner&password=s3cret1",
            "",
            "postgresql://owner:s3cret2@db2/app?sslmode=disable",
            "  host=db3 port=6000 dbname='my app' user=owner password='s3\\'cret3'",
            ""));
    List<Database> dbs = TargetsFile.read(f, Map.of());
    assertThat(dbs)
        .extracting(Database::label)
        .containsExactly("db1:5433/app", "db2:5432/app", "db3:6000/my app");
    assertThat(dbs.toString()).doesNotContain("s3cret");
    PGSimpleDataSource three = (PGSimpleDataSource) dbs.get(2).dataSource();
    assertThat(three.getPassword()).isEqualTo("s3'cret3");
    assertThat(((PGSimpleDataSource) dbs.get(1).dataSource()).getPassword()).isEqualTo("s3cret2");
  }

  @Test
  void passwordFromTheEnvironmentWhenTheLineHasNone() {
    Database db = TargetsFile.parse("host=h dbname=d user=u", Map.of("PGPASSWORD", "envpw"), "f:1");
    assertThat(((PGSimpleDataSource) db.dataSource()).getPassword()).isEqualTo("envpw");
  }

  @Test
  void refusalsNameTheLineButNeverRepeatIt() throws Exception {
    Path f = dir.resolve("bad.txt");
    Files.writeString(f, "host=h password='pw-zq9\n");
    assertThatThrownBy(() -> TargetsFile.read(f, Map.of()))
        .isInstanceOf(ViewSwapException.class)
        .hasMessageContaining("bad.txt:1")
        .message()
        .doesNotContain("pw-zq9");
    Files.writeString(f, "# nothing\n");
    assertThatThrownBy(() -> TargetsFile.read(f, Map.of()))
        .hasMessageContaining("lists no database");
    Files.writeString(f, "host=a dbname=x\nhost=a dbname=x password=p\n");
    assertThatThrownBy(() -> TargetsFile.read(f, Map.of())).hasMessageContaining("listed twice");
  }

  @Test
  void progressLine() {
    assertThat(FleetTicker.line(50, 2, 48, 10_000))
        .isEqualTo("50 done, 2 failed, 48 left; 5.2 targets/s, ETA 9s");
    assertThat(FleetTicker.bar(12, 24)).isEqualTo("[############------------]");
    assertThat(FleetCli.directoryName("../t\u00e9nant x")).isEqualTo("%2E%2E%2Ft%C3%A9nant%20x");
  }

  /**
   * A fleet export's directories: one per target, so no two names may share one, not even where the
   * file system folds case, and no schema may take the directory of the spec's named tables.
   */
  @Test
  void exportDirectoryNamesNeverCollide() {
    java.util.List<String> names =
        java.util.List.of(
            "tenant",
            "Tenant",
            "TENANT",
            "_shared",
            "shared",
            "%5Fshared",
            "tenant.a",
            "tenant%2Ea",
            "tenant a",
            "t\u00e9nant",
            "te\u0301nant",
            ".",
            "..",
            "a/b",
            "a%2Fb",
            "a_b",
            "a-b");
    java.util.Set<String> folded = new java.util.HashSet<>();
    for (String n : names) {
      String d = FleetCli.directoryName(n);
      assertThat(d).matches("[a-z0-9_%A-F-]+").doesNotStartWith(".").isNotEqualTo("_shared");
      assertThat(folded.add(d.toLowerCase(java.util.Locale.ROOT)))
          .as("%s -> %s collides (case folded)", n, d)
          .isTrue();
    }
    assertThat(FleetCli.directoryName("_shared")).isEqualTo("%5Fshared");
    assertThat(FleetCli.directoryName("Tenant_1")).isEqualTo("%54enant_1");
  }

  @Test
  void aPasswordFileFillsInOnlyWhatTheLineAndPgpasswordLeaveOut() throws Exception {
    Path one = dir.resolve("one");
    Path two = dir.resolve("two");
    Files.writeString(one, "db1:5432:app:owner:from-one\n");
    Files.writeString(two, "*:*:*:*:from-two\n");
    Map<String, String> env = Map.of("PGPASSFILE", one.toString());
    String line = "host=db1 dbname=app user=owner";
    assertThat(password(TargetsFile.parse(line, env, "f:1"))).isEqualTo("from-one");
    assertThat(password(TargetsFile.parse(line + " passfile=" + two, env, "f:1")))
        .isEqualTo("from-two");
    assertThat(password(TargetsFile.parse(line + " password=inline", env, "f:1")))
        .isEqualTo("inline");
    assertThat(
            password(
                TargetsFile.parse(
                    line, Map.of("PGPASSFILE", one.toString(), "PGPASSWORD", "env"), "f:1")))
        .isEqualTo("env");
    assertThat(password(TargetsFile.parse("jdbc:postgresql://db1/app?user=owner", env, "f:1")))
        .isEqualTo("from-one");
  }

  private static String password(Database db) {
    return ((PGSimpleDataSource) db.dataSource()).getPassword();
  }
}
