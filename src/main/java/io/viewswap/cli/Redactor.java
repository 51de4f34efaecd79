package io.viewswap.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.Writer;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Takes passwords out of everything the CLI prints. Every writer a command gets is wrapped here, so
 * a password is removed whatever printed it: pgJDBC's message about a URL it cannot parse, picocli
 * echoing an unknown option, a stack trace under VIEWSWAP_DEBUG, text or JSON.
 *
 * <p>Two rules. By shape: the value after {@code password=} (JDBC URL parameters, libpq connection
 * strings, quoted or not, PGPASSWORD=...), after {@code "password":} in JSON, and in {@code
 * scheme://user:password@host}. By value: the password from PGPASSWORD, VIEWSWAP_URL and any {@code
 * --url} argument, wherever it shows up, when it is at least {@value #MIN_KNOWN} characters long
 * (shorter values would blank ordinary words, and the shapes above already catch them in every form
 * a URL or connection string takes).
 */
final class Redactor {
  static final String MASK = "***";
  static final int MIN_KNOWN = 6;

  private static final List<Pattern> SHAPES =
      List.of(
          // libpq style, a quoted value: password='it''s' or password = 'a\'b'
          Pattern.compile("(?i)(password\\s*=\\s*)'(?:[^'\\\\]|\\\\.|'')*'?"),
          // URL parameter, libpq unquoted value, PGPASSWORD=...
          Pattern.compile("(?i)(password\\s*=\\s*)(?!\\*\\*\\*)[^&\\s;'\",)}\\]]+"),
          // JSON or YAML-ish "password": "value"
          Pattern.compile("(?i)(\"password\"\\s*:\\s*\")(?:[^\"\\\\]|\\\\.)*(?=\")"),
          // scheme://user:password@host
          Pattern.compile("(//[^/:@\\s\"']*:)[^@/\\s\"']+(?=@)"));

  private final List<String> known;

  private Redactor(List<String> known) {
    this.known = known;
  }

  /**
   * The redactor for one invocation: the shapes, plus the passwords its arguments and environment
   * carry.
   */
  static Redactor of(String[] args, Map<String, String> env) {
    List<String> known = new ArrayList<>();
    add(known, env.get("PGPASSWORD"));
    List<String> urls = new ArrayList<>();
    urls.add(env.get("VIEWSWAP_URL"));
    urls.addAll(List.of(args));
    Pattern param = Pattern.compile("(?i)password=([^&\\s]+)");
    Pattern userInfo = Pattern.compile("//[^/:@\\s]*:([^@/\\s]+)@");
    for (String u : urls) {
      if (u == null) {
        continue;
      }
      for (Pattern p : List.of(param, userInfo)) {
        Matcher m = p.matcher(u);
        while (m.find()) {
          add(known, m.group(1));
          add(
              known,
              java.net.URLDecoder.decode(m.group(1), java.nio.charset.StandardCharsets.UTF_8));
        }
      }
    }
    // longest first, so a password that contains a shorter one is replaced whole
    known.sort(Comparator.comparingInt(String::length).reversed());
    return new Redactor(List.copyOf(known));
  }

  private static void add(List<String> known, String secret) {
    if (secret != null && secret.length() >= MIN_KNOWN && !known.contains(secret)) {
      known.add(secret);
    }
  }

  String redact(String text) {
    String out = text;
    for (String secret : known) {
      out = out.replace(secret, MASK);
    }
    for (Pattern p : SHAPES) {
      Matcher m = p.matcher(out);
      if (m.find()) {
        out = m.replaceAll(r -> Matcher.quoteReplacement(r.group(1) + MASK));
      }
    }
    return out;
  }

  /** A writer that passes on whole lines (and whatever is pending at a flush), redacted. */
  PrintWriter wrap(PrintWriter target) {
    return new PrintWriter(new LineRedactor(target));
  }

  private final class LineRedactor extends Writer {
    private final PrintWriter target;
    private final StringBuilder pending = new StringBuilder();

    LineRedactor(PrintWriter target) {
      this.target = target;
    }

    @Override
    public void write(char[] buf, int off, int len) {
      for (int i = off; i < off + len; i++) {
        char c = buf[i];
        pending.append(c);
        if (c == '\n') {
          emit();
          target.flush();
        }
      }
    }

    private void emit() {
      if (pending.length() > 0) {
        target.write(redact(pending.toString()));
        pending.setLength(0);
      }
    }

    @Override
    public void flush() {
      emit();
      target.flush();
    }

    @Override
    public void close() throws IOException {
      flush();
    }
  }
}
