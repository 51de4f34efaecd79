package io.viewswap.pg;

import io.viewswap.files.PrivateDirectory;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * Upgrades an {@link EmbeddedPostgres} with {@code pg_upgrade} (see {@link
 * EmbeddedPostgres#upgradeTo}): the tests' way to show what an upgrade does to what viewswap
 * recorded (schema oids change, names, owners and comments stay).
 */
final class Upgrade {

  private Upgrade() {}

  /**
   * pg_upgrade runs as the server's uid in the new cluster's socket directory (its working
   * directory must be writable, and its temporary servers' sockets go there) and logs in with a
   * password file readable by that uid only, so the password is on no command line.
   */
  static EmbeddedPostgres start(EmbeddedPostgres old, Path newInstallDir, PrintWriter out)
      throws IOException {
    for (String program : List.of("initdb", "pg_upgrade", "postgres")) {
      if (!Files.isExecutable(newInstallDir.resolve("bin").resolve(program))) {
        throw new IOException(
            "no PostgreSQL installation in " + newInstallDir + ": bin/" + program + " is missing");
      }
    }
    boolean asRoot = old.asRoot();
    Path newRun =
        PrivateDirectory.createFresh(
            old.runDirectory().getParent(),
            "viewswap-pg-upgraded-",
            BinariesCache.privateMode(asRoot));
    try {
      Path newData = ServerProcess.serverOwnedDirectory(newRun.resolve("data"), asRoot);
      Path newSocket = ServerProcess.serverOwnedDirectory(newRun.resolve("socket"), asRoot);
      ClusterInit.initdb(newInstallDir, newRun, newData, asRoot, old.login());
      Path passFile = newRun.resolve("upgrade.pass");
      ServerProcess.writeForServer(passFile, old.login().passfileLineAnyServer(), asRoot);
      old.stopForCopy();
      ServerProcess.Result upgraded =
          ServerProcess.run(
              newSocket,
              asRoot,
              newRun.resolve("pg_upgrade.out"),
              List.of(
                  "env",
                  "PGPASSFILE=" + passFile,
                  newInstallDir.resolve("bin/pg_upgrade").toString(),
                  "-b",
                  old.binDirectory().resolve("bin").toString(),
                  "-B",
                  newInstallDir.resolve("bin").toString(),
                  "-d",
                  old.dataDirectory().toString(),
                  "-D",
                  newData.toString(),
                  "-U",
                  SuperuserLogin.SUPERUSER,
                  "-s",
                  newSocket.toString(),
                  "-p",
                  Integer.toString(ServerProcess.freePort()),
                  "-P",
                  Integer.toString(ServerProcess.freePort())),
              600);
      if (upgraded.exitCode() != 0) {
        throw new IOException(
            "pg_upgrade failed (exit "
                + upgraded.exitCode()
                + "):\n"
                + ServerProcess.tail(upgraded.output()));
      }
      EmbeddedPostgres upgradedServer =
          EmbeddedPostgres.startCopy(
              newInstallDir, newRun, asRoot, old.login(), old.settings(), "upgraded cluster");
      out.println(
          "pg_upgrade: port "
              + old.port()
              + " (stopped) upgraded into a new cluster on port "
              + upgradedServer.port());
      out.flush();
      return upgradedServer;
    } catch (IOException | RuntimeException e) {
      ServerProcess.deleteRunDir(newRun, asRoot);
      throw e;
    }
  }
}
