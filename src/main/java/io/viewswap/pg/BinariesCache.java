package io.viewswap.pg;

import io.viewswap.files.LocalOwnership;
import io.viewswap.files.PrivateDirectory;
import io.viewswap.text.VisibleText;
import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;
import org.tukaani.xz.XZInputStream;

/**
 * The unpacked binaries, cached once per jar in a directory private to this user: {@code
 * <java.io.tmpdir>/viewswap-pg-<uid>/<jar name>/}, the cache directory owned by the user with mode
 * 0700 (0711 for root, so that uid 65534, which the server then runs as, can reach the binaries by
 * name without listing or changing anything). Before a cached tree is used, the cache directory is
 * verified (owner, mode, no link, no directory on the way another user can change) and the tree's
 * recorded digest is compared with the jar's: another user cannot plant an {@code initdb} that this
 * user then runs. A cache that fails the check is left alone and the binaries are unpacked into a
 * fresh private directory for this run only. Unpacking goes to a temporary sibling renamed into
 * place, so concurrent JVMs never see half a tree.
 */
final class BinariesCache {
  /** Serializes unpacking within this JVM; other JVMs are kept apart by the atomic rename. */
  private static final Object UNPACK_LOCK = new Object();

  /** The jar's SHA-256 in hex, written last into an unpacked tree. */
  static final String DIGEST_FILE = ".viewswap-source-sha256";

  private BinariesCache() {}

  /**
   * Unpacked binaries: the tree, and whether it is this run's own (to delete when the server stops)
   * rather than the shared cache's.
   */
  record Binaries(Path dir, boolean temporary) {}

  /** The private cache directory of this user under {@code tmp}. */
  static Path cacheRoot(Path tmp) {
    return tmp.resolve("viewswap-pg-" + LocalOwnership.currentUid());
  }

  /** The mode of a private directory whose names uid 65534 must reach when this runs as root. */
  static int privateMode(boolean asRoot) {
    return asRoot ? 0711 : 0700;
  }

  /** Returns the binaries of the jar, from the verified cache or freshly unpacked. */
  static Binaries unpack(Path binariesJar, Path tmp, boolean asRoot, PrintWriter out)
      throws IOException {
    String jarName = binariesJar.getFileName().toString();
    String name = jarName.endsWith(".jar") ? jarName.substring(0, jarName.length() - 4) : jarName;
    String digest = sha256(binariesJar);
    int mode = privateMode(asRoot);
    synchronized (UNPACK_LOCK) {
      Path cacheRoot = cacheRoot(tmp);
      try {
        PrivateDirectory.ensure(cacheRoot, mode);
      } catch (IOException untrusted) {
        out.println(
            "not using the binaries cache "
                + cacheRoot
                + " ("
                + VisibleText.oneLine(untrusted.getMessage())
                + "): unpacking into a private directory for this run");
        out.flush();
        return unpackPrivate(binariesJar, tmp, asRoot, out);
      }
      Path target = cacheRoot.resolve(name);
      if (isComplete(target) && digest.equals(recordedDigest(target))) {
        return new Binaries(target, false);
      }
      unpackInto(binariesJar, digest, cacheRoot, name, target, out);
      return new Binaries(target, false);
    }
  }

  /**
   * Unpacks the jar into a fresh private directory of this run (not the shared cache), so the tree
   * can be changed without touching what other runs use; the caller deletes {@code
   * dir().getParent()}.
   */
  static Binaries unpackPrivate(Path binariesJar, Path tmp, boolean asRoot, PrintWriter out)
      throws IOException {
    String jarName = binariesJar.getFileName().toString();
    String name = jarName.endsWith(".jar") ? jarName.substring(0, jarName.length() - 4) : jarName;
    Path fresh = PrivateDirectory.createFresh(tmp, "viewswap-pg-bin-", privateMode(asRoot));
    try {
      Path target = fresh.resolve(name);
      unpackInto(binariesJar, sha256(binariesJar), fresh, name, target, out);
      return new Binaries(target, true);
    } catch (IOException | RuntimeException e) {
      deleteTree(fresh);
      throw e;
    }
  }

  private static void unpackInto(
      Path binariesJar, String digest, Path parent, String name, Path target, PrintWriter out)
      throws IOException {
    long t0 = System.nanoTime();
    out.println(
        "unpacking PostgreSQL "
            + BinariesJar.displayVersion(binariesJar.getFileName().toString())
            + " binaries to "
            + target
            + " (first run only)...");
    out.flush();
    Path staging = parent.resolve(name + ".tmp-" + UUID.randomUUID());
    try {
      Files.createDirectory(staging);
      extractTxz(binariesJar, staging);
      for (String prog : List.of("bin/initdb", "bin/pg_ctl", "bin/postgres")) {
        if (!Files.isExecutable(staging.resolve(prog))) {
          throw new IOException(binariesJar + " has no executable " + prog);
        }
      }
      Files.writeString(
          staging.resolve(DIGEST_FILE),
          digest,
          StandardCharsets.US_ASCII,
          StandardOpenOption.CREATE_NEW,
          StandardOpenOption.WRITE,
          LinkOption.NOFOLLOW_LINKS);
      Files.setPosixFilePermissions(staging, PosixFilePermissions.fromString("rwxr-xr-x"));
      if (Files.exists(target, LinkOption.NOFOLLOW_LINKS)) { // stale: another jar of that name
        Path stale = parent.resolve(name + ".stale-" + UUID.randomUUID());
        try {
          Files.move(target, stale, StandardCopyOption.ATOMIC_MOVE);
          deleteTree(stale);
        } catch (IOException e) {
          // another JVM of this user is replacing it; the move below decides
        }
      }
      try {
        Files.move(staging, target, StandardCopyOption.ATOMIC_MOVE);
      } catch (FileAlreadyExistsException | java.nio.file.DirectoryNotEmptyException e) {
        // another JVM of this user won the race; its copy is checked below
      }
    } finally {
      deleteTree(staging);
    }
    if (!isComplete(target) || !digest.equals(recordedDigest(target))) {
      throw new IOException("unpacked PostgreSQL binaries are incomplete in " + target);
    }
    out.println("unpacked in " + TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - t0) + " ms");
    out.flush();
  }

  /** The digest recorded in an unpacked tree, or empty if there is none (or it is not a file). */
  static String recordedDigest(Path tree) {
    Path file = tree.resolve(DIGEST_FILE);
    try (InputStream in = Files.newInputStream(file, LinkOption.NOFOLLOW_LINKS)) {
      return new String(in.readNBytes(128), StandardCharsets.US_ASCII).trim();
    } catch (IOException e) {
      return "";
    }
  }

  static String sha256(Path file) throws IOException {
    try (InputStream in = Files.newInputStream(file)) {
      MessageDigest md = MessageDigest.getInstance("SHA-256");
      byte[] buf = new byte[1 << 16];
      for (int n; (n = in.read(buf)) > 0; ) {
        md.update(buf, 0, n);
      }
      return HexFormat.of().formatHex(md.digest());
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every Java runtime has SHA-256", e);
    }
  }

  private static boolean isComplete(Path dir) {
    return !Files.isSymbolicLink(dir)
        && Files.isExecutable(dir.resolve("bin/initdb"))
        && Files.isExecutable(dir.resolve("bin/pg_ctl"))
        && Files.isExecutable(dir.resolve("bin/postgres"))
        && Files.isDirectory(dir.resolve("share/postgresql"));
  }

  static void extractTxz(Path jar, Path dest) throws IOException {
    try (ZipFile zip = new ZipFile(jar.toFile())) {
      ZipEntry txz =
          zip.stream()
              .filter(e -> e.getName().endsWith(".txz"))
              .findFirst()
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
              throw new IOException(
                  "archive hard link escapes the target directory: " + entry.getLinkName());
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

  /**
   * The entry's mode plus a+r, and a+x wherever anyone may execute (a+rX), so uid 65534 can use the
   * tree.
   */
  static Set<PosixFilePermission> readableModeOf(int mode, boolean directory) {
    int m = mode & 0777 | 0444 | 0200;
    if (directory || (mode & 0111) != 0) {
      m |= 0111;
    }
    return PrivateDirectory.permissions(m);
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
