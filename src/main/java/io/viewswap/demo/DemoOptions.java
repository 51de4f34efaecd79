package io.viewswap.demo;

import io.viewswap.api.ViewSwapException;
import io.viewswap.pg.BinariesJar;
import java.time.Duration;
import java.util.Objects;

/**
 * How the demo runs.
 *
 * @param keep leave the server running after the walk (until Ctrl-C) so people can look around
 * @param pgMajor the PostgreSQL major to start; its binaries jar must have been copied by the build
 * @param phaseDuration how long the clients run between phases
 */
public record DemoOptions(boolean keep, int pgMajor, Duration phaseDuration) {
  /** The major the build copies by default ({@code pg.major} in pom.xml). */
  public static final int DEFAULT_PG_MAJOR = BinariesJar.BUILD_DEFAULT_MAJOR;

  public DemoOptions {
    Objects.requireNonNull(phaseDuration, "phaseDuration");
    if (pgMajor <= 0) {
      throw ViewSwapException.usage("--pg-major must be a PostgreSQL major version such as 18", "");
    }
    if (phaseDuration.isNegative()) {
      throw ViewSwapException.usage("--seconds-per-phase must be 0 or more", "");
    }
  }
}
