package io.viewswap.security;

import static org.assertj.core.api.Assertions.assertThat;

import io.viewswap.files.LocalOwnership;
import io.viewswap.pg.BinariesJar;
import io.viewswap.pg.EmbeddedPostgres;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Another local unix user against the embedded PostgreSQL that the demo, the build's class-data
 * training run and every integration test start: uid 65534 (which the server runs as under root,
 * and which "nobody" daemons share) and a throwaway uid with no account at all. Each attack is
 * first run against what the server used to do (reproduced by hand), then against {@link
 * EmbeddedPostgres} as it is. Runs as root, as CI does: planting files as another uid needs it.
 */
class LocalUserIT {
  static final int NOBODY = 65534;
  static final int STRANGER = 4242; // no passwd entry: a user who merely has a shell on the box

  Path tmp;
  final List<Process> sleepers = new ArrayList<>();

  @BeforeEach
  void sharedTmp() throws Exception {
    assertThat(LocalOwnership.currentUid()).as("these tests run as root, as CI does").isZero();
    // A temp directory like /tmp: root's, sticky, everyone may add names.
    tmp = Files.createTempDirectory("viewswap-localuser-");
    sh("chmod", "1777", tmp.toString());
  }

  @AfterEach
  void cleanUp() throws Exception {
    sleepers.forEach(Process::destroyForcibly);
    sh("rm", "-rf", "--", tmp.toString());
  }

  static Path jar() throws IOException {
    return BinariesJar.find(
        Path.of(System.getProperty(BinariesJar.PROPERTY)), BinariesJar.BUILD_DEFAULT_MAJOR);
  }

  record Ran(int code, String output) {}

  static Ran as(int uid, String... command) throws Exception {
    List<String> cmd =
        new ArrayList<>(
            List.of("setpriv", "--reuid=" + uid, "--regid=" + uid, "--clear-groups", "--"));
    cmd.addAll(List.of(command));
    ProcessBuilder pb =
        new ProcessBuilder(cmd).redirectErrorStream(true).directory(new java.io.File("/"));
    pb.environment().put("HOME", "/");
    pb.environment().put("PGPASSFILE", "/nonexistent");
    pb.environment().remove("PGPASSWORD");
    Process p = pb.start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
    return new Ran(p.exitValue(), out);
  }

  static Ran sh(String... command) throws Exception {
    Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
    return new Ran(p.exitValue(), out);
  }

  Process rootSleeper() throws IOException {
    Process p = new ProcessBuilder("sleep", "600").start();
    sleepers.add(p);
    return p;
  }

  static String progressOf(StringWriter w) {
    return w.toString();
  }

  @Test
  void anInitdbPlantedInTheSharedCacheIsNeverRun() throws Exception {
    Path jar = jar();
    String name = jar.getFileName().toString().replaceAll("\\.jar$", "");
    Path marker = tmp.resolve("ran-as");
    // uid 65534 squats the cache path of root (and of any other user) with programs of its own.
    for (String squat : List.of("viewswap-pg", "viewswap-pg-0")) {
      Path tree = tmp.resolve(squat).resolve(name);
      String script = "#!/bin/sh\nid -u > " + marker + "\nexit 1\n";
      assertThat(
              as(
                      NOBODY,
                      "sh",
                      "-c",
                      "mkdir -p "
                          + tree
                          + "/bin "
                          + tree
                          + "/share/postgresql && for p in initdb pg_ctl postgres; do printf '%s' '"
                          + script.replace("'", "'\\''")
                          + "' > "
                          + tree
                          + "/bin/$p; chmod 755 "
                          + tree
                          + "/bin/$p; done && chmod 755 "
                          + tmp.resolve(squat))
                  .code())
          .isZero();
      // It can even record the right digest: the jar is public.
      Files.writeString(
          tmp.resolve("digest"),
          java.util.HexFormat.of()
              .formatHex(
                  java.security.MessageDigest.getInstance("SHA-256")
                      .digest(Files.readAllBytes(jar))));
      as(
          NOBODY,
          "cp",
          tmp.resolve("digest").toString(),
          tree.resolve(".viewswap-source-sha256").toString());
    }
    // The breakage: the old cache (<tmp>/viewswap-pg/<jar>) was reused when bin/initdb was there,
    // and run as the user who started it.
    Path oldCache = tmp.resolve("viewswap-pg").resolve(name);
    assertThat(Files.isExecutable(oldCache.resolve("bin/initdb"))).isTrue();
    sh(oldCache.resolve("bin/initdb").toString());
    assertThat(Files.readString(marker).trim()).as("the planted initdb ran as root").isEqualTo("0");
    Files.delete(marker);

    StringWriter progress = new StringWriter();
    try (EmbeddedPostgres pg = EmbeddedPostgres.start(jar, new PrintWriter(progress, true), tmp);
        Connection c = DriverManager.getConnection(pg.jdbcUrl("postgres"));
        Statement s = c.createStatement();
        ResultSet rs = s.executeQuery("select 1")) {
      assertThat(rs.next()).isTrue();
      assertThat(progressOf(progress))
          .contains("not using the binaries cache " + tmp.resolve("viewswap-pg-0"))
          .contains("belongs to uid " + NOBODY);
    }
    assertThat(marker).as("no planted program ran").doesNotExist();
    try (Stream<Path> left = Files.list(tmp)) {
      assertThat(left.map(p -> p.getFileName().toString()))
          .as("the run's own binaries and run directory are gone")
          .noneMatch(n -> n.startsWith("viewswap-pg-bin-") || n.startsWith("viewswap-pg-run-"));
    }
  }

  @Test
  void aCacheOfOursIsVerifiedAndOneRecordingAnotherJarIsUnpackedAgain() throws Exception {
    Path jar = jar();
    String name = jar.getFileName().toString().replaceAll("\\.jar$", "");
    try (EmbeddedPostgres pg = EmbeddedPostgres.start(jar, null, tmp)) {
      assertThat(pg.majorVersion()).isEqualTo(BinariesJar.BUILD_DEFAULT_MAJOR);
    }
    Path cache = tmp.resolve("viewswap-pg-0");
    assertThat(LocalOwnership.ownerOf(cache)).isZero();
    assertThat(LocalOwnership.modeOf(cache))
        .as("root's cache: 65534 may reach, not list")
        .isEqualTo(0711);
    Files.writeString(cache.resolve(name).resolve(".viewswap-source-sha256"), "0".repeat(64));
    StringWriter progress = new StringWriter();
    try (EmbeddedPostgres pg = EmbeddedPostgres.start(jar, new PrintWriter(progress, true), tmp)) {
      assertThat(progressOf(progress)).contains("unpacking PostgreSQL");
    }
    // A cache directory others can write is not used either.
    sh("chmod", "0777", cache.toString());
    StringWriter third = new StringWriter();
    try (EmbeddedPostgres pg = EmbeddedPostgres.start(jar, new PrintWriter(third, true), tmp)) {
      assertThat(progressOf(third)).contains("not using the binaries cache").contains("0777");
    }
  }

  @Test
  void rootOpensNothingTheServersUidCanPlantAndSignalsOnlyItsOwnChild() throws Exception {
    Path rootOnly = Files.createDirectory(tmp.resolve("root-only"));
    sh("chmod", "700", rootOnly.toString());
    Path secret = Files.writeString(rootOnly.resolve("secret"), "root's\n");

    // The breakage, as the old server did it: a run directory of 65534's, in which root opened
    // pg_ctl.out (through whatever link 65534 put there) and killed the pid in postmaster.pid.
    Path oldRun = tmp.resolve("old-run");
    as(NOBODY, "mkdir", "-m", "700", oldRun.toString());
    as(NOBODY, "ln", "-s", secret.toString(), oldRun.resolve("pg_ctl.out").toString());
    new ProcessBuilder("echo", "attacker's text")
        .redirectOutput(oldRun.resolve("pg_ctl.out").toFile())
        .start()
        .waitFor();
    assertThat(Files.readString(secret)).isEqualTo("attacker's text\n");
    Files.writeString(secret, "root's\n");
    Process victim = rootSleeper();
    ProcessHandle.of(victim.pid()).ifPresent(ProcessHandle::destroyForcibly); // pid "from the file"
    assertThat(victim.waitFor(10, TimeUnit.SECONDS)).as("root killed its own process").isTrue();

    Process innocent = rootSleeper();
    EmbeddedPostgres pg = EmbeddedPostgres.start(jar(), null, tmp);
    Path data = pg.dataDirectory();
    Path run = data.getParent();
    try {
      assertThat(LocalOwnership.ownerOf(run)).isZero();
      assertThat(LocalOwnership.modeOf(run)).isEqualTo(0711);
      assertThat(LocalOwnership.ownerOf(data)).isEqualTo(NOBODY);
      assertThat(LocalOwnership.ownerOf(run.resolve("socket"))).isEqualTo(NOBODY);
      try (Stream<Path> files = Files.list(run)) {
        for (Path f : files.toList()) {
          if (!f.equals(data) && !f.equals(run.resolve("socket"))) {
            assertThat(LocalOwnership.ownerOf(f)).as("%s", f).isZero();
          }
        }
      }
      // 65534 can put nothing where root opens files...
      for (String f : List.of("pg_ctl.out", "server-1.log", "pgpass", "rm.out")) {
        assertThat(as(NOBODY, "ln", "-s", secret.toString(), run.resolve(f).toString()).code())
            .as("65534 plants %s", f)
            .isNotZero();
      }
      // ...and what it plants where it may (its data directory) root neither kills nor follows.
      assertThat(
              as(
                      NOBODY,
                      "sh",
                      "-c",
                      "printf '%s\\n' "
                          + innocent.pid()
                          + " > "
                          + data.resolve("postmaster.pid")
                          + " && ln -s "
                          + rootOnly
                          + " "
                          + data.resolve("evil")
                          + " && ln -s "
                          + secret
                          + " "
                          + data.resolve("evil-file"))
                  .code())
          .isZero();
    } finally {
      pg.close();
    }
    assertThat(innocent.isAlive()).as("root's own process survives the server's stop").isTrue();
    assertThat(Files.readString(secret)).isEqualTo("root's\n");
    assertThat(run).as("the run directory is gone").doesNotExist();
    try (Connection c = DriverManager.getConnection(pg.jdbcUrl("postgres"))) {
      throw new AssertionError("the server still answers");
    } catch (SQLException stopped) {
      // stopped: the postmaster it started, and only it, was killed
    }
  }

  @Test
  void onlyTheStarterLogsInAndTrustWouldHaveLetAnyoneRunPrograms() throws Exception {
    try (EmbeddedPostgres pg = EmbeddedPostgres.start(jar(), null, tmp);
        Connection c = DriverManager.getConnection(pg.jdbcUrl("postgres"))) {
      String port = Integer.toString(pg.port());
      Path socket = pg.dataDirectory().getParent().resolve("socket");
      try (Statement s = c.createStatement();
          ResultSet rs =
              s.executeQuery(
                  "select count(*) from pg_catalog.pg_hba_file_rules where auth_method <> 'scram-sha-256'")) {
        rs.next();
        assertThat(rs.getInt(1)).as("every pg_hba line asks for a password").isZero();
      }
      Ran tcp =
          as(
              STRANGER,
              "psql",
              "-w",
              "-h",
              "127.0.0.1",
              "-p",
              port,
              "-U",
              "postgres",
              "-c",
              "select 1");
      assertThat(tcp.code()).as(tcp.output()).isNotZero();
      assertThat(tcp.output()).contains("password");
      Ran unix =
          as(
              STRANGER,
              "psql",
              "-w",
              "-h",
              socket.toString(),
              "-p",
              port,
              "-U",
              "postgres",
              "-c",
              "select 1");
      assertThat(unix.code()).as(unix.output()).isNotZero();

      // The breakage: the old server's pg_hba.conf trusted the superuser on 127.0.0.1. Put that
      // line back by hand and the stranger runs a program as the server's uid.
      Path witness = tmp.resolve("witness");
      as(NOBODY, "mkdir", "-m", "700", witness.toString());
      io.viewswap.support.Hba.write(
          c, "host all postgres 127.0.0.1/32 trust\nhost all all 127.0.0.1/32 scram-sha-256\n");
      Ran in = null;
      for (int i = 0; i < 100; i++) {
        in =
            as(
                STRANGER,
                "psql",
                "-w",
                "-h",
                "127.0.0.1",
                "-p",
                port,
                "-U",
                "postgres",
                "-c",
                "copy (select 1) to program 'id -u > " + witness.resolve("pwned") + "'");
        if (in.code() == 0) {
          break;
        }
        Thread.sleep(50);
      }
      assertThat(in.code()).as(in.output()).isZero();
      assertThat(as(NOBODY, "cat", witness.resolve("pwned").toString()).output().trim())
          .isEqualTo(Integer.toString(NOBODY));
      io.viewswap.support.Hba.write(
          c, "local all all scram-sha-256\nhost all all 127.0.0.1/32 scram-sha-256\n");
      Ran after = null;
      for (int i = 0; i < 100; i++) {
        after =
            as(
                STRANGER,
                "psql",
                "-w",
                "-h",
                "127.0.0.1",
                "-p",
                port,
                "-U",
                "postgres",
                "-c",
                "select 1");
        if (after.code() != 0) {
          break;
        }
        Thread.sleep(50);
      }
      assertThat(after.code()).as("as started: password only").isNotZero();
    }
  }

  @Test
  void theDockerHelperStopsOnlyADaemonItStarted() throws Exception {
    Path script =
        Path.of(System.getProperty("viewswap.project.dir", "."))
            .resolve("itests/docker/docker-daemon.sh");
    Path state = Files.createDirectory(tmp.resolve("docker-state"));
    sh("chmod", "700", state.toString());
    Process first = rootSleeper();
    Files.writeString(state.resolve("dockerd.pid"), first.pid() + "\n");
    // The breakage: the old stop killed whatever pid its file named.
    sh("bash", "-c", "kill \"$(cat " + state.resolve("dockerd.pid") + ")\"");
    assertThat(first.waitFor(10, TimeUnit.SECONDS)).isTrue();

    Process second = rootSleeper();
    Files.writeString(state.resolve("dockerd.pid"), second.pid() + "\n");
    String out = dockerHelper(script, "stop", state).output();
    assertThat(out).contains("not stopping pid " + second.pid());
    assertThat(second.isAlive()).isTrue();

    // A state directory of another user's is refused before anything starts.
    Path hers = tmp.resolve("hers");
    as(NOBODY, "mkdir", "-m", "700", hers.toString());
    Ran refused = dockerHelper(script, "start", hers);
    String said = refused.output();
    assertThat(refused.code()).as(said).isNotZero();
    assertThat(said).contains("refusing " + hers);
    assertThat(Files.exists(hers.resolve("docker.sock"), LinkOption.NOFOLLOW_LINKS)).isFalse();
  }

  /** docker-daemon.sh ACTION STATE, with DOCKER_HOST at a socket in STATE, as the pom runs it. */
  static Ran dockerHelper(Path script, String action, Path state) throws Exception {
    ProcessBuilder pb =
        new ProcessBuilder("bash", script.toString(), action, state.toString())
            .redirectErrorStream(true);
    pb.environment().put("DOCKER_HOST", "unix://" + state.resolve("docker.sock"));
    Process p = pb.start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
    return new Ran(p.exitValue(), out);
  }
}
