package io.viewswap.demo;

import java.io.IOException;
import java.io.Writer;

/** Indents the embedded server's progress lines under the demo's. */
final class IndentingWriter extends Writer {
  private final Writer target;
  private final String indent;
  private boolean atLineStart = true;

  IndentingWriter(Writer target, String indent) {
    this.target = target;
    this.indent = indent;
  }

  @Override
  public void write(char[] buf, int off, int len) throws IOException {
    for (int i = off; i < off + len; i++) {
      if (atLineStart && buf[i] != '\n') {
        target.write(indent);
      }
      target.write(buf[i]);
      atLineStart = buf[i] == '\n';
    }
  }

  @Override
  public void flush() throws IOException {
    target.flush();
  }

  @Override
  public void close() throws IOException {
    target.flush();
  }
}
