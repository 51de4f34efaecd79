package io.viewswap.cli;

import java.util.Map;

/**
 * The few ANSI colours of the text output: severities, state changes, old traffic. Off unless
 * stdout is a terminal, {@code NO_COLOR} is unset or empty (https://no-color.org) and {@code TERM}
 * is not {@code dumb}; {@code --color} overrides all three. Decided once per invocation from what
 * {@link Main} was given, so tests stay in-process.
 *
 * @param on whether escape codes are written at all
 */
record Style(boolean on) {
  static final Style PLAIN = new Style(false);

  /** The {@code --color} words; lower-case so picocli accepts what users type. */
  enum Mode {
    auto,
    always,
    never
  }

  static Style of(Mode mode, boolean stdoutIsTerminal, Map<String, String> env) {
    return new Style(
        switch (mode) {
          case always -> true;
          case never -> false;
          case auto ->
              stdoutIsTerminal
                  && env.getOrDefault("NO_COLOR", "").isEmpty()
                  && !"dumb".equals(env.get("TERM"));
        });
  }

  String red(String text) {
    return paint("31", text);
  }

  String boldRed(String text) {
    return paint("1;31", text);
  }

  String yellow(String text) {
    return paint("33", text);
  }

  String green(String text) {
    return paint("32", text);
  }

  private String paint(String sgr, String text) {
    return on ? "\u001b[" + sgr + "m" + text + "\u001b[0m" : text;
  }
}
