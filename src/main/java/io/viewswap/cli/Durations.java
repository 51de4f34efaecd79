package io.viewswap.cli;

import io.viewswap.text.DurationText;
import java.time.Duration;
import picocli.CommandLine;

/** Reads {@code 200ms}, {@code 5s}, {@code 1m} on the command line with the spec's rules. */
final class Durations implements CommandLine.ITypeConverter<Duration> {
  @Override
  public Duration convert(String value) {
    try {
      return DurationText.parse(value);
    } catch (DurationText.Invalid e) {
      throw new CommandLine.TypeConversionException(
          switch (e.problem()) {
            case NOT_A_DURATION ->
                "'" + value + "' is not a duration; write it like 200ms, 5s or 1m";
            case ZERO ->
                "'" + value + "' is zero, which PostgreSQL reads as no timeout; use at least 1ms";
            case TOO_LONG ->
                "'" + value + "' is longer than PostgreSQL accepts (" + DurationText.MAX_MS + "ms)";
          });
    }
  }
}
