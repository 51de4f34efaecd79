package io.viewswap.zerodowntime;

import java.io.File;
import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * pgbench as a client: {@code -n -c 2 -j 1 -M prepared} with a custom script, for a fixed number of
 * seconds. pgbench aborts a client at its first error that is not a serialization failure or
 * deadlock, and then exits with status 2, so a clean run is: exit 0, no client aborted, 0 failed
 * transactions.
 */
public final class Pgbench {

  private static final Pattern PROCESSED =
      Pattern.compile("number of transactions actually processed: (\\d+)");
  private static final Pattern TPS =
      Pattern.compile("tps = ([0-9.]+) \\(without initial connection time\\)");
  private static final Pattern FAILED = Pattern.compile("number of failed transactions: (\\d+)");
  private static final Pattern HOST_PORT =
      Pattern.compile("jdbc:postgresql://([^:/]+):(\\d+)/([^?]+).*");

  private final String name;
  private final Process process;
  private final Path stdout;
  private final Path stderr;
  private final int seconds;

  private Pgbench(String name, Process process, Path stdout, Path stderr, int seconds) {
    this.name = name;
    this.process = process;
    this.stdout = stdout;
    this.stderr = stderr;
    this.seconds = seconds;
  }

  /**
   * The pgbench binary: $PGBENCH, else the first on PATH, else a Debian/Ubuntu client package's.
   */
  public static Path binary() {
    List<Path> candidates = new ArrayList<>();
    String env = System.getenv("PGBENCH");
    if (env != null && !env.isBlank()) {
      candidates.add(Path.of(env));
    }
    for (String dir : System.getenv().getOrDefault("PATH", "").split(File.pathSeparator)) {
      if (!dir.isEmpty()) {
        candidates.add(Path.of(dir, "pgbench"));
      }
    }
    try (var versions = Files.list(Path.of("/usr/lib/postgresql"))) {
      versions.sorted().forEach(v -> candidates.add(v.resolve("bin/pgbench")));
    } catch (IOException ignored) {
      // no Debian-style install; PATH was the last chance
    }
    Optional<Path> found = candidates.stream().filter(Files::isExecutable).findFirst();
    return found.orElseThrow(
        () ->
            new AssertionError(
                "pgbench is not installed, and the zero-downtime tests need it as a client: install the PostgreSQL"
                    + " client tools (Debian/Ubuntu: apt-get install -y postgresql-client), or set PGBENCH to"
                    + " its path. Looked at: "
                    + candidates));
  }

  /**
   * Starts pgbench against the database of {@code jdbcUrl} (host, port and database are taken from
   * it).
   *
   * @param options libpq options (PGOPTIONS), e.g. {@code -c search_path=public_next,public}; may
   *     be empty
   */
  public static Pgbench start(
      String name,
      String jdbcUrl,
      String user,
      String password,
      String options,
      String script,
      int seconds,
      Path workDir)
      throws IOException {
    return start(name, jdbcUrl, user, password, options, script, seconds, workDir, "prepared");
  }

  /**
   * @param protocol pgbench's -M: prepared, or extended (unnamed statements) behind a transaction
   *     pooler
   */
  public static Pgbench start(
      String name,
      String jdbcUrl,
      String user,
      String password,
      String options,
      String script,
      int seconds,
      Path workDir,
      String protocol)
      throws IOException {
    Matcher m = HOST_PORT.matcher(jdbcUrl);
    if (!m.matches()) {
      throw new IllegalArgumentException("cannot take host, port and database from " + jdbcUrl);
    }
    String database = URI.create("x:/" + m.group(3)).getPath().substring(1);
    Path scriptFile = workDir.resolve(name + ".pgb");
    Files.writeString(scriptFile, script, StandardCharsets.UTF_8);
    Path out = workDir.resolve(name + ".out");
    Path err = workDir.resolve(name + ".err");
    ProcessBuilder pb =
        new ProcessBuilder(
                binary().toString(),
                "-n",
                "-c",
                "2",
                "-j",
                "1",
                "-M",
                protocol,
                "-T",
                Integer.toString(seconds),
                "-f",
                scriptFile.toString(),
                "-h",
                m.group(1),
                "-p",
                m.group(2),
                "-U",
                user,
                database)
            .redirectOutput(out.toFile())
            .redirectError(err.toFile());
    Map<String, String> env = pb.environment();
    env.put("PGPASSWORD", password);
    env.put("PGAPPNAME", name);
    env.put("PGCONNECT_TIMEOUT", "10");
    if (options.isEmpty()) {
      env.remove("PGOPTIONS");
    } else {
      env.put("PGOPTIONS", options);
    }
    return new Pgbench(name, pb.start(), out, err, seconds);
  }

  /** Waits for pgbench to end (bounded: its duration plus a margin) and reads its summary. */
  public Result finish() throws IOException, InterruptedException {
    if (!process.waitFor(seconds + 60L, TimeUnit.SECONDS)) {
      process.destroyForcibly();
      throw new AssertionError("pgbench " + name + " still running 60 s after its -T " + seconds);
    }
    String out = Files.readString(stdout, StandardCharsets.UTF_8);
    String err = Files.readString(stderr, StandardCharsets.UTF_8);
    Matcher tps = TPS.matcher(out);
    return new Result(
        name,
        process.exitValue(),
        number(PROCESSED, out),
        number(FAILED, out),
        tps.find() ? Double.parseDouble(tps.group(1)) : -1,
        out,
        err);
  }

  public boolean isRunning() {
    return process.isAlive();
  }

  private static long number(Pattern p, String text) {
    Matcher m = p.matcher(text);
    return m.find() ? Long.parseLong(m.group(1)) : -1;
  }

  /**
   * What pgbench reported.
   *
   * @param exitCode 0 clean, 2 when clients were aborted by errors
   * @param processed committed transactions, -1 when the summary is missing
   * @param failed failed transactions, -1 when the summary does not say
   * @param tps transactions per second without connection time, -1 when the summary is missing
   */
  public record Result(
      String name,
      int exitCode,
      long processed,
      long failed,
      double tps,
      String stdout,
      String stderr) {

    /** Client aborts and errors pgbench printed on stderr. */
    public List<String> errorLines() {
      return stderr
          .lines()
          .filter(l -> l.contains("error") || l.contains("abort") || l.contains("fatal"))
          .toList();
    }
  }
}
