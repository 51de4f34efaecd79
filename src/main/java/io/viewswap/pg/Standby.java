package io.viewswap.pg;

import io.viewswap.files.PrivateDirectory;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Starts a hot standby of an {@link EmbeddedPostgres} (see {@link EmbeddedPostgres#startStandby}):
 * a copy of the primary's data directory taken while the primary is shut down cleanly, so no
 * pg_basebackup of the same major is needed.
 */
final class Standby {

  private Standby() {}

  /**
   * The copy is made by the server's uid into a directory of its own; the standby logs in for
   * replication with a password file of this process's private directory, readable by the server's
   * uid only, so the password is on no command line.
   */
  static EmbeddedPostgres start(EmbeddedPostgres primary, String applicationName, PrintWriter out)
      throws IOException {
    boolean asRoot = primary.asRoot();
    Path standbyRun =
        PrivateDirectory.createFresh(
            primary.runDirectory().getParent(),
            "viewswap-pg-standby-",
            BinariesCache.privateMode(asRoot));
    try {
      Path standbyData = ServerProcess.serverOwnedDirectory(standbyRun.resolve("data"), asRoot);
      Path standbySocket = ServerProcess.serverOwnedDirectory(standbyRun.resolve("socket"), asRoot);
      primary.stopForCopy();
      ServerProcess.Result copied =
          ServerProcess.run(
              standbyRun,
              asRoot,
              standbyRun.resolve("cp.out"),
              List.of("cp", "-a", "--", primary.dataDirectory() + "/.", standbyData.toString()),
              120);
      ServerProcess.Result signal =
          ServerProcess.run(
              standbyRun,
              asRoot,
              standbyRun.resolve("touch.out"),
              List.of("touch", "--", standbyData.resolve("standby.signal").toString()),
              30);
      Path restartLog = primary.runDirectory().resolve("server-restart.log");
      String primaryNotReady = primary.restart(restartLog);
      if (copied.exitCode() != 0 || signal.exitCode() != 0 || primaryNotReady != null) {
        throw new IOException(
            "could not copy the primary or start it again: "
                + (primaryNotReady == null ? "" : primaryNotReady)
                + "\n"
                + ServerProcess.tail(copied.output() + signal.output())
                + "\n--- server log ---\n"
                + ServerProcess.tail(ServerProcess.readQuietly(restartLog)));
      }
      Path passFile = standbyRun.resolve("replication.pass");
      ServerProcess.writeForServer(
          passFile, primary.login().passfileLine("127.0.0.1", primary.port()), asRoot);
      Map<String, String> settings = new LinkedHashMap<>(primary.settings());
      settings.put(
          "primary_conninfo",
          "host=127.0.0.1 port="
              + primary.port()
              + " user="
              + SuperuserLogin.SUPERUSER
              + " application_name="
              + applicationName.replaceAll("[^A-Za-z0-9_]", "_")
              + " passfile="
              + passFile);
      settings.put("hot_standby", "on");
      EmbeddedPostgres standby =
          EmbeddedPostgres.startCopy(
              primary.binDirectory(),
              standbyRun,
              asRoot,
              primary.login(),
              Map.copyOf(settings),
              "standby");
      out.println(
          "standby "
              + applicationName
              + " of port "
              + primary.port()
              + " on port "
              + standby.port());
      out.flush();
      return standby;
    } catch (IOException | RuntimeException e) {
      ServerProcess.deleteRunDir(standbyRun, asRoot);
      throw e;
    }
  }
}
