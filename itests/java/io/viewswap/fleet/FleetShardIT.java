package io.viewswap.fleet;

import static io.viewswap.fleet.FleetIT.cli;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.viewswap.fleet.FleetIT.Run;
import io.viewswap.support.PostgresExtension;
import io.viewswap.support.TestDatabase;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code --shard I/N} against real databases: N runners, one after another or all at once, together
 * run every target exactly once, each prints only its own slice, and bad shard values are usage
 * errors that touch no database.
 */
@ExtendWith(PostgresExtension.class)
class FleetShardIT {
  static final int PER_DATABASE = 10;
  static final ObjectMapper JSON = new ObjectMapper();

  @TempDir Path dir;

  /** One runner's result: the targets (database/schema) it reported, and its outcomes. */
  record Slice(Set<String> targets, Set<String> outcomes, JsonNode json) {}

  static Slice slice(Run r) throws Exception {
    assertThat(r.code()).as("%s", r).isZero();
    JsonNode j = JSON.readTree(r.out());
    Set<String> targets = new TreeSet<>();
    Set<String> outcomes = new TreeSet<>();
    for (JsonNode t : j.at("/targets")) {
      assertThat(targets.add(t.at("/database").asText() + "|" + t.at("/schema").asText()))
          .as("a runner lists each target once: %s", r)
          .isTrue();
      outcomes.add(t.at("/outcome").asText());
    }
    return new Slice(targets, outcomes, j);
  }

  @Test
  void runnersOneAfterAnotherAndAtOnceCoverEveryTargetExactlyOnce(TestDatabase db)
      throws Exception {
    String second = db.name() + "_b";
    try (Connection admin = DriverManager.getConnection(db.adminUrl());
        Statement st = admin.createStatement()) {
      st.execute("create database " + second);
    }
    try {
      List<String> urls = List.of(db.url(), db.url().replace("/" + db.name(), "/" + second));
      Set<String> all = new TreeSet<>();
      for (String url : urls) {
        try (Connection c = DriverManager.getConnection(url);
            Statement st = c.createStatement()) {
          for (int i = 0; i < PER_DATABASE; i++) {
            String s = FleetRollbackIT.tenant(i);
            st.execute(
                "create schema "
                    + s
                    + "; create table "
                    + s
                    + ".customer (id int primary key, full_name text, email text)");
          }
        }
      }
      Path targets = dir.resolve("fleet.txt");
      Files.writeString(targets, String.join("\n", urls) + "\n");
      Path spec = dir.resolve("tenants.yaml");
      Files.writeString(spec, FleetIT.SPEC, StandardCharsets.UTF_8);

      // Every target, as an unsharded status names them.
      Run status =
          cli("status", spec.toString(), "--targets", targets.toString(), "--format", "json");
      assertThat(status.code()).as("%s", status).isZero();
      for (JsonNode t : JSON.readTree(status.out()).at("/targets")) {
        all.add(t.at("/database").asText() + "|" + t.at("/schema").asText());
      }
      assertThat(all).hasSize(2 * PER_DATABASE);

      // Three runners, one after another: expand.
      int n = 3;
      Set<String> covered = new HashSet<>();
      for (int i = 0; i < n; i++) {
        Slice s =
            slice(
                cli(
                    "apply",
                    spec.toString(),
                    "--phase",
                    "expand",
                    "--shard",
                    i + "/" + n,
                    "--targets",
                    targets.toString(),
                    "--format",
                    "json"));
        assertThat(s.outcomes()).as("runner %d/%d", i, n).containsOnly("done");
        assertOwnSlice(s.targets(), i, n);
        for (String t : s.targets()) {
          assertThat(covered.add(t)).as("%s run by two runners", t).isTrue();
        }
        // Status of the same slice names exactly the same targets.
        Run st =
            cli(
                "status",
                spec.toString(),
                "--shard",
                i + "/" + n,
                "--targets",
                targets.toString(),
                "--format",
                "json");
        Set<String> listed = new TreeSet<>();
        for (JsonNode t : JSON.readTree(st.out()).at("/targets")) {
          listed.add(t.at("/database").asText() + "|" + t.at("/schema").asText());
        }
        assertThat(listed).isEqualTo(s.targets());
      }
      assertThat(covered).isEqualTo(all);
      assertRunsPerTarget(urls, "expand", 1);

      // The text of a dry run lists the targets that would run: only the runner's own.
      for (int i = 0; i < n; i++) {
        Run dry =
            cli(
                "apply",
                spec.toString(),
                "--phase",
                "swap",
                "--dry-run",
                "--shard",
                i + "/" + n,
                "--targets",
                targets.toString());
        assertThat(dry.code()).as("%s", dry).isZero();
        Set<String> listed = new TreeSet<>();
        for (String line : dry.out().lines().toList()) {
          if (line.strip().startsWith("would run")) {
            String target = line.strip().substring("would run".length()).strip();
            int slash = target.lastIndexOf('/');
            listed.add(target.substring(0, slash) + "|" + target.substring(slash + 1));
          }
        }
        assertOwnSlice(listed, i, n);
        assertThat(listed).as("%s", dry).hasSize(sliceSize(all, i, n));
      }

      // Four runners at once: swap. The slices are disjoint, so no runner waits for another.
      int m = 4;
      ExecutorService pool = Executors.newFixedThreadPool(m);
      try {
        List<Future<Run>> runs = new ArrayList<>();
        for (int i = 0; i < m; i++) {
          String shard = i + "/" + m;
          runs.add(
              pool.submit(
                  () ->
                      cli(
                          "apply",
                          spec.toString(),
                          "--phase",
                          "swap",
                          "--shard",
                          shard,
                          "--parallel",
                          "2",
                          "--targets",
                          targets.toString(),
                          "--format",
                          "json")));
        }
        covered.clear();
        for (int i = 0; i < m; i++) {
          Slice s = slice(runs.get(i).get());
          assertThat(s.outcomes()).as("runner %d/%d", i, m).containsOnly("done");
          assertOwnSlice(s.targets(), i, m);
          for (String t : s.targets()) {
            assertThat(covered.add(t)).as("%s run by two runners", t).isTrue();
          }
        }
      } finally {
        pool.shutdownNow();
      }
      assertThat(covered).isEqualTo(all);
      assertRunsPerTarget(urls, "swap", 1);

      // A runner repeated resumes: its slice is already done, and nothing else is touched.
      Slice again =
          slice(
              cli(
                  "apply",
                  spec.toString(),
                  "--phase",
                  "swap",
                  "--shard",
                  "1/4",
                  "--targets",
                  targets.toString(),
                  "--format",
                  "json"));
      assertThat(again.outcomes()).containsOnly("already_done");
      assertOwnSlice(again.targets(), 1, 4);
      assertRunsPerTarget(urls, "swap", 1);
    } finally {
      try (Connection admin = DriverManager.getConnection(db.adminUrl());
          Statement st = admin.createStatement()) {
        st.execute("drop database if exists " + second + " with (force)");
      }
    }
  }

  @Test
  void badShardValuesAreUsageErrorsWithAHintAndTouchNothing(TestDatabase db) throws Exception {
    FleetIT.tenants(db, 2);
    Path spec = dir.resolve("tenants.yaml");
    Files.writeString(spec, FleetIT.SPEC, StandardCharsets.UTF_8);
    for (String bad : List.of("3/3", "-1/3", "1/0", "0/0", "1", "1/2/3", "a/b", "", "1/-2")) {
      for (List<String> command :
          List.of(
              List.of("apply", spec.toString(), "--phase", "expand"),
              List.of("rollback", spec.toString(), "--phase", "expand"),
              List.of("check", spec.toString()),
              List.of("status", spec.toString()))) {
        List<String> args = new ArrayList<>(command);
        args.addAll(List.of("--shard", bad, "--url", db.url()));
        Run r = cli(args.toArray(String[]::new));
        assertThat(r.code()).as("--shard '%s' for %s: %s", bad, command.get(0), r).isEqualTo(2);
        assertThat(r.err())
            .contains("error: --shard must be I/N with 0 <= I < N, found '" + bad + "'")
            .contains("hint: e.g. --shard 0/4");
        assertThat(r.out()).isEmpty();
      }
    }
    Run json =
        cli(
            "apply",
            spec.toString(),
            "--phase",
            "expand",
            "--shard",
            "4/4",
            "--url",
            db.url(),
            "--format",
            "json");
    assertThat(json.code()).isEqualTo(2);
    JsonNode e = JSON.readTree(json.out()).at("/error");
    assertThat(e.at("/exit_code").asInt()).isEqualTo(2);
    assertThat(e.at("/hint").asText()).contains("--shard 0/4");
    assertThat(db.queryValue("select to_regclass('viewswap.spec_state')"))
        .as("nothing was changed")
        .isNull();
  }

  @Test
  void aShardOnASpecThatIsNoFleetIsRefused(TestDatabase db) throws Exception {
    db.exec("create table customer (id int primary key, full_name text)");
    Path spec = dir.resolve("single.yaml");
    Files.writeString(spec, "id: single\nrenames:\n  - table: public.customer\n    to: client\n");
    for (String shard : List.of("1/2", "5/2")) {
      Run r =
          cli("apply", spec.toString(), "--phase", "expand", "--shard", shard, "--url", db.url());
      assertThat(r.code()).as("--shard %s: %s", shard, r).isEqualTo(2);
      assertThat(r.err())
          .contains("error: --shard applies to a fleet only, and spec single selects no schemas")
          .contains("hint: give the spec schemas: or add --targets FILE");
    }
    Run status = cli("status", "--shard", "0/2", "--url", db.url());
    assertThat(status.code()).as("%s", status).isEqualTo(2);
    assertThat(status.err()).contains("status --shard needs the SPEC");
    assertThat(db.queryValue("select to_regclass('public.client')"))
        .as("a runner of a CI matrix does not run a single-database spec")
        .isNull();
  }

  static int sliceSize(Set<String> all, int i, int n) {
    return (int) all.stream().filter(t -> shardOf(t, n) == i).count();
  }

  static int shardOf(String target, int n) {
    int bar = target.indexOf('|');
    return Selection.shardOf(target.substring(0, bar), target.substring(bar + 1), n);
  }

  static void assertOwnSlice(Set<String> targets, int i, int n) {
    for (String t : targets) {
      assertThat(shardOf(t, n)).as("%s belongs to runner %d/%d", t, i, n).isEqualTo(i);
    }
  }

  /** Every tenant of every database has exactly {@code runs} forward runs of the phase. */
  static void assertRunsPerTarget(List<String> urls, String phase, long runs) throws Exception {
    for (String url : urls) {
      try (Connection c = DriverManager.getConnection(url);
          Statement st = c.createStatement();
          ResultSet rs =
              st.executeQuery(
                  "select n.nspname, (select count(*) from viewswap.phase_run r where r.spec_id ="
                      + " 'tenants@' || n.nspname and r.phase = '"
                      + phase
                      + "' and r.direction = 'forward') from pg_namespace n where n.nspname like"
                      + " 'tenant\\_%' and n.nspname not like '%\\_next' order by 1")) {
        int count = 0;
        while (rs.next()) {
          assertThat(rs.getLong(2))
              .as("%s %s runs of %s", url, rs.getString(1), phase)
              .isEqualTo(runs);
          count++;
        }
        assertThat(count).isEqualTo(PER_DATABASE);
      }
    }
  }
}
