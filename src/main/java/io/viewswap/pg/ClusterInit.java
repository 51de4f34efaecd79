package io.viewswap.pg;

import static io.viewswap.pg.ServerProcess.UNPRIVILEGED_ID;

import io.viewswap.files.LocalOwnership;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * What comes before an embedded server runs: whether it must drop from root (and can), whether its
 * uid can reach the temporary directory, {@code initdb} with password logins only, and the
 * postmaster's command line with the throwaway defaults.
 */
final class ClusterInit {

  private ClusterInit() {}

  /** True when the JVM runs as root, which then needs setpriv to start PostgreSQL as 65534. */
  static boolean requireSetprivIfRoot() throws IOException {
    boolean asRoot = LocalOwnership.currentUid() == 0;
    if (asRoot
        && !Files.isExecutable(Path.of("/usr/bin/setpriv"))
        && !Files.isExecutable(Path.of("/bin/setpriv"))) {
      throw new IOException(
          "running as root, and PostgreSQL refuses to run as root: setpriv (util-linux) is "
              + "needed to drop to uid "
              + UNPRIVILEGED_ID
              + ", but it is not installed");
    }
    return asRoot;
  }

  /** {@code tmpDir} made absolute, checked to be reachable by uid 65534 when running as root. */
  static Path reachableTmp(Path tmpDir, boolean asRoot) throws IOException {
    Path tmp = tmpDir.toAbsolutePath();
    if (asRoot) {
      requireReachableByOthers(tmp);
    }
    return tmp;
  }

  /**
   * uid 65534 must reach the binaries and the data directory under tmp: every ancestor needs o+x.
   */
  private static void requireReachableByOthers(Path tmp) throws IOException {
    for (Path p = tmp; p != null; p = p.getParent()) {
      Set<PosixFilePermission> perms = Files.getPosixFilePermissions(p);
      if (!perms.contains(PosixFilePermission.OTHERS_EXECUTE)) {
        throw new IOException(
            "running as root, PostgreSQL runs as uid "
                + UNPRIVILEGED_ID
                + ", which cannot reach "
                + "java.io.tmpdir "
                + tmp
                + " ("
                + p
                + " is "
                + PosixFilePermissions.toString(perms)
                + "); point java.io.tmpdir at a directory it can reach, such as /tmp");
      }
    }
  }

  /**
   * Runs initdb into {@code dataDir} with scram-sha-256 for every login and the superuser's
   * password read from a file: one of the server's uid, in the run directory (root's under root),
   * for as long as initdb runs.
   *
   * @return initdb's output, for an error message should the server not start after all
   * @throws IOException if initdb fails; the message carries the tail of its output
   */
  static String initdb(Path binDir, Path runDir, Path dataDir, boolean asRoot, SuperuserLogin login)
      throws IOException {
    Path pwFile = runDir.resolve("initdb.pw");
    ServerProcess.writeForServer(pwFile, login.pwfileContent(), asRoot);
    ServerProcess.Result initdb;
    try {
      initdb =
          ServerProcess.run(
              runDir,
              asRoot,
              runDir.resolve("initdb.out"),
              List.of(
                  binDir.resolve("bin/initdb").toString(),
                  "-D",
                  dataDir.toString(),
                  "-U",
                  SuperuserLogin.SUPERUSER,
                  "--auth=scram-sha-256",
                  "--pwfile=" + pwFile,
                  "-E",
                  "UTF8",
                  "--locale=C",
                  "-N"),
              120);
    } finally {
      Files.deleteIfExists(pwFile);
    }
    if (initdb.exitCode() != 0) {
      throw new IOException(
          "initdb failed (exit "
              + initdb.exitCode()
              + ")\n--- initdb output ---\n"
              + ServerProcess.tail(initdb.output()));
    }
    return initdb.output();
  }

  /** The postmaster's command, tuned for throwaway use; {@code settings} replace defaults. */
  static List<String> serverCommand(
      Path binDir, Path dataDir, int port, Path socketDir, Map<String, String> settings) {
    Map<String, String> all = new LinkedHashMap<>();
    all.put("fsync", "off");
    all.put("synchronous_commit", "off");
    all.put("full_page_writes", "off");
    all.put("max_connections", "200");
    all.put("wal_level", "logical");
    all.put("deadlock_timeout", "1s");
    all.put("shared_preload_libraries", "pg_stat_statements");
    all.putAll(settings);
    List<String> cmd =
        new ArrayList<>(
            List.of(
                binDir.resolve("bin/postgres").toString(),
                "-D",
                dataDir.toString(),
                "-p",
                Integer.toString(port),
                "-h",
                "127.0.0.1",
                "-k",
                socketDir.toString()));
    all.forEach(
        (name, value) -> {
          cmd.add("-c");
          cmd.add(name + "=" + value);
        });
    return cmd;
  }
}
