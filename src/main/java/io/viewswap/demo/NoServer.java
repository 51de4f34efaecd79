package io.viewswap.demo;

import java.io.IOException;

/**
 * The demo has no server to work with: no binaries, or the embedded server did not start. A user's
 * situation (exit 7, like any other database that cannot be reached), not a bug.
 */
final class NoServer extends IOException {
  private final String hint;

  NoServer(String message, String hint) {
    super(message);
    this.hint = hint;
  }

  String hint() {
    return hint;
  }
}
