package io.viewswap.zerodowntime;

import java.io.File;
import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * pgbench as a client: {@code -n -c 2 -j 1 -M prepared} with a custom script. pgbench aborts a
 * client at its first error that is not a serialization failure or deadlock, and then exits with
 * status 2, so a clean run is: exit 0, no client aborted, 0 failed transactions.
 *
 * <p>Two ways to run it. {@link #startClient} is the zero-downtime tests' client: it returns once
 * pgbench has committed transactions (so it is known to be running before the next phase starts),
 * {@link #awaitCommitsSince} shows it kept committing after a phase landed, and {@link #stop} ends
 * it when the test says so, not when a wall-clock window chosen in advance runs out (how long
 * pgbench takes to connect, and so how much of such a window is left, depends on the server and the
 * machine). {@link #start} with a number of seconds is a fixed-length run, for the benchmarks.
 *
 * <p>A client runs with {@code -P 1}: each second pgbench prints on stderr how many transactions it
 * committed in that second, which is how this class sees commits while pgbench runs. It is stopped
 * with SIGALRM, the signal pgbench's own {@code -T} timer raises: each pgbench client finishes (and
 * commits) the transaction in flight and starts no other, then pgbench prints its summary and exits
 * as if its duration were over. Its {@code -T} is only a bound for a test that fails before it
 * stops the client.
 */
public final class Pgbench {

  private static final Pattern PROCESSED =
      Pattern.compile("number of transactions actually processed: (\\d+)");
  private static final Pattern TPS =
      Pattern.compile("tps = ([0-9.]+) \\(without initial connection time\\)");
  private static final Pattern FAILED = Pattern.compile("number of failed transactions: (\\d+)");
  private static final Pattern HOST_PORT =
      Pattern.compile("jdbc:postgresql://([^:/]+):(\\d+)/([^?]+).*");
  private static final Pattern PROGRESS =
      Pattern.compile("^progress: [0-9.]+ s, ([0-9.]+) tps", Pattern.MULTILINE);

  /**
   * A client's {@code -T}: never reached by a test that passes, which stops its clients long
   * before.
   */
  private static final int CLIENT_BOUND_SECONDS = 600;

  /**
   * Bound on every wait for a client's commits (the first includes starting pgbench and logging
   * in): far above anything a healthy client needs on a loaded 2-core box.
   */
  private static final Duration CLIENT_WAIT = Duration.ofSeconds(30);

  /** Bound on the wait for pgbench's summary once it was told to stop. */
  private static final Duration STOP_WAIT = Duration.ofSeconds(30);

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
   * Starts a pgbench client against the database of {@code jdbcUrl} (host, port and database are
   * taken from it) and waits until it has committed transactions, so it is known to be running. It
   * runs until {@link #stop}.
   *
   * @param options libpq options (PGOPTIONS), e.g. {@code -c search_path=public_next,public}; may
   *     be empty
   */
  public static Pgbench startClient(
      String name,
      String jdbcUrl,
      String user,
      String password,
      String options,
      String script,
      Path workDir)
      throws IOException, InterruptedException {
    return startClient(name, jdbcUrl, user, password, options, script, workDir, "prepared");
  }

  /**
   * @param protocol pgbench's -M: prepared, or extended (unnamed statements) behind a transaction
   *     pooler
   */
  public static Pgbench startClient(
      String name,
      String jdbcUrl,
      String user,
      String password,
      String options,
      String script,
      Path workDir,
      String protocol)
      throws IOException, InterruptedException {
    Pgbench p =
        launch(
            name,
            jdbcUrl,
            user,
            password,
            options,
            script,
            CLIENT_BOUND_SECONDS,
            workDir,
            protocol,
            true);
    p.awaitCommitInReportFrom(1, "since it started");
    return p;
  }

  /**
   * Starts a fixed-length run of {@code seconds} (pgbench's -T), to be read with {@link #finish}.
   *
   * @param options libpq options (PGOPTIONS); may be empty
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
    return launch(
        name, jdbcUrl, user, password, options, script, seconds, workDir, "prepared", false);
  }

  private static Pgbench launch(
      String name,
      String jdbcUrl,
      String user,
      String password,
      String options,
      String script,
      int seconds,
      Path workDir,
      String protocol,
      boolean progress)
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
    List<String> command =
        new ArrayList<>(
            List.of(
                binary().toString(),
                "-n",
                "-c",
                "2",
                "-j",
                "1",
                "-M",
                protocol,
                "-T",
                Integer.toString(seconds)));
    if (progress) {
      command.addAll(List.of("-P", "1"));
    }
    command.addAll(
        List.of(
            "-f", scriptFile.toString(), "-h", m.group(1), "-p", m.group(2), "-U", user, database));
    ProcessBuilder pb =
        new ProcessBuilder(command).redirectOutput(out.toFile()).redirectError(err.toFile());
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

  /**
   * A point in a client's run: pgbench's progress reports from {@code firstReport} on (counted from
   * 1) cover only time after it.
   */
  public record Mark(int firstReport) {}

  /** Now, for {@link #awaitCommitsSince}; for a client started with {@link #startClient}. */
  public Mark mark() throws IOException {
    // Report n+1 may already be under way (its second began before now); report n+2 began after.
    return new Mark(progressTps().size() + 2);
  }

  /**
   * Waits (bounded) until pgbench reports transactions committed after {@code mark}, so it is known
   * to have kept running through what happened since; fails if it ended or committed nothing.
   */
  public void awaitCommitsSince(Mark mark) throws IOException, InterruptedException {
    awaitCommitInReportFrom(
        mark.firstReport(), "since the mark (report " + mark.firstReport() + ")");
  }

  private void awaitCommitInReportFrom(int firstReport, String since)
      throws IOException, InterruptedException {
    long deadline = System.nanoTime() + CLIENT_WAIT.toNanos();
    while (true) {
      boolean alive = process.isAlive();
      List<Double> tps = progressTps();
      for (int i = firstReport - 1; i < tps.size(); i++) {
        if (tps.get(i) > 0) {
          return;
        }
      }
      if (!alive) {
        throw new AssertionError(
            "pgbench "
                + name
                + " ended (exit "
                + process.exitValue()
                + ") without committing "
                + since
                + "; stderr: "
                + Files.readString(stderr, StandardCharsets.UTF_8));
      }
      if (System.nanoTime() > deadline) {
        process.destroyForcibly();
        throw new AssertionError(
            "pgbench "
                + name
                + " committed nothing "
                + since
                + " within "
                + CLIENT_WAIT.toSeconds()
                + " s; stderr: "
                + Files.readString(stderr, StandardCharsets.UTF_8));
      }
      Thread.sleep(50);
    }
  }

  /** Transactions per second of each progress report so far, oldest first. */
  private List<Double> progressTps() throws IOException {
    Matcher m = PROGRESS.matcher(Files.readString(stderr, StandardCharsets.UTF_8));
    List<Double> tps = new ArrayList<>();
    while (m.find()) {
      tps.add(Double.parseDouble(m.group(1)));
    }
    return tps;
  }

  /**
   * Ends the run now, as its -T would: each pgbench client commits the transaction in flight and
   * starts no other. Then reads the summary. A run that already ended is just read.
   */
  public Result stop() throws IOException, InterruptedException {
    return awaitEnd(Duration.ZERO);
  }

  /**
   * Waits up to {@code within} for pgbench to end by itself (when every client has aborted, say),
   * then {@link #stop}s it if it has not, and reads the summary.
   */
  public Result awaitEnd(Duration within) throws IOException, InterruptedException {
    if (!process.waitFor(within.toMillis(), TimeUnit.MILLISECONDS)) {
      signalDurationOver();
    }
    if (!process.waitFor(STOP_WAIT.toMillis(), TimeUnit.MILLISECONDS)) {
      process.destroyForcibly();
      throw new AssertionError(
          "pgbench "
              + name
              + " still running "
              + STOP_WAIT.toSeconds()
              + " s after it was stopped");
    }
    return result();
  }

  /** SIGALRM, pgbench's -T timer; Java has no API for signals other than TERM and KILL. */
  private void signalDurationOver() throws IOException, InterruptedException {
    Process kill =
        new ProcessBuilder("kill", "-s", "ALRM", Long.toString(process.pid()))
            .redirectErrorStream(true)
            .start();
    String said = new String(kill.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    if (kill.waitFor() != 0 && process.isAlive()) {
      throw new AssertionError("could not stop pgbench " + name + ": kill said " + said);
    }
  }

  /** Waits for pgbench to end (bounded: its duration plus a margin) and reads its summary. */
  public Result finish() throws IOException, InterruptedException {
    if (!process.waitFor(seconds + 60L, TimeUnit.SECONDS)) {
      process.destroyForcibly();
      throw new AssertionError("pgbench " + name + " still running 60 s after its -T " + seconds);
    }
    return result();
  }

  private Result result() throws IOException {
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
