package io.viewswap.demo;

import io.viewswap.pg.EmbeddedPostgres;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Finds the zonky binaries jar the demo starts PostgreSQL from. An explicit setting (system property, then
 * environment variable; a jar or a directory of jars) wins and must be right. Otherwise the demo looks where
 * {@code ./mvnw package} copies the jar: {@code pg-binaries/} next to the running viewswap.jar (or next to
 * {@code target/classes}), then {@code target/pg-binaries} under the working directory.
 */
final class PgBinaries {
  static final String PROPERTY = "viewswap.pg.binaries";
  static final String ENV = "VIEWSWAP_PG_BINARIES";

  private PgBinaries() {}

  /**
   * @param property the value of system property {@value #PROPERTY}, or null
   * @param envValue the value of environment variable {@value #ENV}, or null
   * @param codeSource where viewswap's classes were loaded from (the jar, or {@code target/classes})
   * @param workingDir the current directory
   * @throws IOException naming every place looked at and how to fill one
   */
  static Path locate(int major, String property, String envValue, Optional<Path> codeSource, Path workingDir)
      throws IOException {
    if (property != null && !property.isBlank()) {
      return explicit(Path.of(property), major, "system property " + PROPERTY);
    }
    if (envValue != null && !envValue.isBlank()) {
      return explicit(Path.of(envValue), major, "environment variable " + ENV);
    }
    Set<Path> candidates = new LinkedHashSet<>();
    codeSource.map(Path::toAbsolutePath).map(Path::getParent).ifPresent(p -> candidates.add(p.resolve("pg-binaries")));
    candidates.add(workingDir.toAbsolutePath().resolve("target").resolve("pg-binaries"));
    List<String> looked = new ArrayList<>();
    for (Path dir : candidates) {
      looked.add(dir.normalize().toString());
      if (Files.isDirectory(dir)) {
        try {
          return EmbeddedPostgres.findBinaries(dir, major);
        } catch (IOException wrongMajor) {
          // another candidate may hold it; the message below names them all
        }
      }
    }
    throw new IOException(
        "no PostgreSQL "
            + major
            + " binaries ("
            + EmbeddedPostgres.JAR_PREFIX
            + major
            + ".*.jar) in "
            + String.join(" or ", looked)
            + "; run `./mvnw -q package -DskipTests"
            + (major == DemoOptions.DEFAULT_PG_MAJOR ? "" : " -Dpg.major=" + major)
            + "` first (it copies them there), or set "
            + ENV
            + " to the jar or its directory");
  }

  private static Path explicit(Path given, int major, String source) throws IOException {
    if (Files.isRegularFile(given)) {
      return given;
    }
    try {
      return EmbeddedPostgres.findBinaries(given, major);
    } catch (IOException e) {
      throw new IOException(source + " = " + given + ": " + e.getMessage(), e);
    }
  }
}
