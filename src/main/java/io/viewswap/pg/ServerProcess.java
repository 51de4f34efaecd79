package io.viewswap.pg;

import io.viewswap.files.PrivateDirectory;
import io.viewswap.text.VisibleText;
import java.io.File;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.ByteBuffer;
import java.nio.channels.SeekableByteChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Runs PostgreSQL's programs for {@link EmbeddedPostgres} and makes the files they use: under root
 * every program runs as uid {@value #UNPRIVILEGED_ID} through {@code setpriv}, its output goes to a
 * file this process created exclusively in the run directory (root's, so the program's uid cannot
 * swap it for a link), and whatever that uid must own or read is given to it by this process, never
 * taken from it.
 */
final class ServerProcess {

  /** The uid and gid PostgreSQL runs as when the JVM runs as root (nobody/nogroup). */
  static final int UNPRIVILEGED_ID = 65534;

  private static final int LOG_TAIL_LINES = 30;
  private static final int LOG_LINE_CHARS = 300;

  private ServerProcess() {}

  /** A finished program: its exit code (-1 when it timed out) and its output. */
  record Result(int exitCode, String output) {}

  /**
   * Starts a PostgreSQL program (as uid 65534 under root) with its output going to a file of the
   * run directory, created by this process (not a pipe: the postmaster outlives a read of it).
   */
  static Process launch(Path workDir, boolean asRoot, Path outFile, List<String> command)
      throws IOException {
    List<String> cmd = new ArrayList<>();
    if (asRoot) {
      cmd.addAll(
          List.of(
              "setpriv",
              "--reuid=" + UNPRIVILEGED_ID,
              "--regid=" + UNPRIVILEGED_ID,
              "--clear-groups"));
    }
    cmd.addAll(command);
    writeNew(outFile, ""); // exclusive, no link followed; the redirect below then truncates it
    ProcessBuilder pb =
        new ProcessBuilder(cmd)
            .directory(workDir.toFile()) // the unprivileged user cannot read root's working dir
            .redirectErrorStream(true)
            .redirectOutput(ProcessBuilder.Redirect.appendTo(outFile.toFile()))
            .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")));
    Map<String, String> env = pb.environment();
    env.put("LC_ALL", "C"); // English messages, and no dependence on locales installed on the host
    env.put("LANG", "C");
    env.remove("PGDATA");
    env.remove("PGPORT");
    env.remove("PGHOST");
    env.remove("PGPASSWORD");
    return pb.start();
  }

  /** Runs a program to its end, killing it after {@code timeoutSeconds}. */
  static Result run(
      Path workDir, boolean asRoot, Path outFile, List<String> command, int timeoutSeconds)
      throws IOException {
    Files.deleteIfExists(outFile); // an earlier run's, in this process's own directory
    Process p = launch(workDir, asRoot, outFile, command);
    try {
      if (!p.waitFor(timeoutSeconds, TimeUnit.SECONDS)) {
        p.destroyForcibly();
        p.waitFor(5, TimeUnit.SECONDS);
        return new Result(
            -1,
            "timed out after "
                + timeoutSeconds
                + " s: "
                + String.join(" ", command)
                + "\n"
                + readQuietly(outFile));
      }
    } catch (InterruptedException e) {
      p.destroyForcibly();
      Thread.currentThread().interrupt();
      throw new IOException("interrupted while running " + command.get(0), e);
    }
    return new Result(p.exitValue(), readQuietly(outFile));
  }

  /** Waits up to 30 s for a process to exit; the caller checks whether it did. */
  static void awaitExit(Process p) {
    try {
      p.waitFor(30, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  /** A new file of this process, never through a link, readable only by it. */
  static void writeNew(Path file, String content) throws IOException {
    Files.writeString(
        file,
        content,
        StandardCharsets.UTF_8,
        StandardOpenOption.CREATE_NEW,
        StandardOpenOption.WRITE,
        LinkOption.NOFOLLOW_LINKS);
    Files.setPosixFilePermissions(file, PrivateDirectory.permissions(0600));
  }

  /**
   * A new file that only the server's uid reads (mode 0400; under root, given to uid 65534): a
   * password a PostgreSQL program needs, kept off its command line. Created by this process in its
   * own directory, like {@link #writeNew}.
   */
  static void writeForServer(Path file, String content, boolean asRoot) throws IOException {
    writeNew(file, content);
    if (asRoot) {
      Files.setAttribute(file, "unix:uid", UNPRIVILEGED_ID, LinkOption.NOFOLLOW_LINKS);
    }
    Files.setPosixFilePermissions(file, PrivateDirectory.permissions(0400));
  }

  /**
   * A directory of the server's own (its data, its socket), made by this process inside the run
   * directory and, under root, given to uid 65534.
   */
  static Path serverOwnedDirectory(Path dir, boolean asRoot) throws IOException {
    Files.createDirectory(
        dir, PosixFilePermissions.asFileAttribute(PrivateDirectory.permissions(0700)));
    Files.setPosixFilePermissions(dir, PrivateDirectory.permissions(0700));
    if (asRoot) {
      Files.setAttribute(dir, "unix:uid", UNPRIVILEGED_ID, LinkOption.NOFOLLOW_LINKS);
      Files.setAttribute(dir, "unix:gid", UNPRIVILEGED_ID, LinkOption.NOFOLLOW_LINKS);
    }
    return dir;
  }

  /**
   * Deletes a run directory. Under root the server's directories are emptied by {@code rm} running
   * as the server's uid (whatever it planted there, a link included, it can only delete with its
   * own rights), then root removes them (empty, or the removal fails) and its own files.
   */
  static void deleteRunDir(Path runDir, boolean asRoot) throws IOException {
    if (asRoot) {
      List<String> rm = new ArrayList<>(List.of("rm", "-rf", "--"));
      for (String d : List.of("data", "socket")) {
        if (Files.exists(runDir.resolve(d), LinkOption.NOFOLLOW_LINKS)) {
          rm.add(runDir.resolve(d).toString());
        }
      }
      if (rm.size() > 3) {
        run(runDir, true, runDir.resolve("rm.out"), rm, 120); // its own dirs stay: root's parent
        for (String d : List.of("data", "socket")) {
          Files.deleteIfExists(runDir.resolve(d)); // not recursive: fails if not empty
        }
      }
    }
    BinariesCache.deleteTree(runDir);
  }

  /** An output file of the run directory (this process's own), at most its last 1 MiB. */
  static String readQuietly(Path file) {
    try (SeekableByteChannel ch =
        Files.newByteChannel(file, StandardOpenOption.READ, LinkOption.NOFOLLOW_LINKS)) {
      long size = ch.size();
      int n = (int) Math.min(size, 1 << 20);
      ch.position(size - n);
      ByteBuffer buf = ByteBuffer.allocate(n);
      while (buf.hasRemaining() && ch.read(buf) > 0) {
        // read on
      }
      return new String(buf.array(), 0, buf.position(), StandardCharsets.UTF_8);
    } catch (NoSuchFileException e) {
      return "";
    } catch (IOException e) {
      return "(could not read " + file + ": " + e.getMessage() + ")";
    }
  }

  /**
   * The last lines of a program's output, for an error message: at most {@value #LOG_TAIL_LINES}
   * lines of at most {@value #LOG_LINE_CHARS} characters, control characters made visible (the log
   * quotes what clients sent, and clients can be anyone who reaches the port).
   */
  static String tail(String text) {
    String[] lines = text.split("\\R");
    int from = Math.max(0, lines.length - LOG_TAIL_LINES);
    List<String> shown = new ArrayList<>();
    for (String line : Arrays.asList(lines).subList(from, lines.length)) {
      String visible = VisibleText.oneLine(line);
      shown.add(
          visible.length() > LOG_LINE_CHARS
              ? visible.substring(0, LOG_LINE_CHARS) + " ..."
              : visible);
    }
    return String.join("\n", shown);
  }

  /** A port free on 127.0.0.1 now; another process may take it before the server binds it. */
  static int freePort() throws IOException {
    try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      s.setReuseAddress(true);
      return s.getLocalPort();
    }
  }
}
