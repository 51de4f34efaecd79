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
 * --url} argument and line of the {@code --targets} file, wherever it shows up (plain and
 * URL-encoded) when it is at least {@value #MIN_KNOWN} characters long, and wherever it stands as a
 * password value when shorter (blanking a short value everywhere would blank ordinary words).
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
   * The redactor for one invocation: the shapes, plus the passwords its arguments, its environment
   * and the {@code --targets} file it names carry, each read by the parser that connects with it
   * ({@link Connections#passwordIn}), so a password is known whole whatever characters it holds (a
   * space, a quote, a semicolon, an ampersand).
   */
  static Redactor of(String[] args, Map<String, String> env) {
    List<String> secrets = new ArrayList<>();
    secrets.add(env.get("PGPASSWORD"));
    secrets.add(Connections.passwordIn(env.get("VIEWSWAP_URL")));
    for (int i = 0; i < args.length; i++) {
      String arg = args[i];
      secrets.add(Connections.passwordIn(arg.startsWith("--url=") ? arg.substring(6) : arg));
      String targets =
          arg.startsWith("--targets=")
              ? arg.substring("--targets=".length())
              : arg.equals("--targets") && i + 1 < args.length ? args[i + 1] : null;
      if (targets != null) {
        secrets.addAll(targetsPasswords(targets));
      }
    }
    List<String> known = new ArrayList<>();
    for (String secret : secrets) {
      if (secret != null && !secret.isEmpty()) {
        known.add(secret);
        try { // a JDBC URL's parameter, as the driver decodes it
          known.add(java.net.URLDecoder.decode(secret, java.nio.charset.StandardCharsets.UTF_8));
        } catch (IllegalArgumentException notEncoded) {
          // used as it is
        }
        known.add(java.net.URLEncoder.encode(secret, java.nio.charset.StandardCharsets.UTF_8));
        known.add(
            java.net.URLEncoder.encode(secret, java.nio.charset.StandardCharsets.UTF_8)
                .replace("+", "%20"));
      }
    }
    // longest first, so a password that contains a shorter one is replaced whole
    List<String> unique = new ArrayList<>(known.stream().distinct().toList());
    unique.sort(Comparator.comparingInt(String::length).reversed());
    return new Redactor(List.copyOf(unique));
  }

  /** The passwords of a targets file's lines; none if it cannot be read (then nothing runs). */
  private static List<String> targetsPasswords(String file) {
    List<String> found = new ArrayList<>();
    try {
      for (String line :
          java.nio.file.Files.readAllLines(
              java.nio.file.Path.of(file), java.nio.charset.StandardCharsets.UTF_8)) {
        found.add(Connections.passwordIn(line));
      }
    } catch (java.io.IOException | RuntimeException e) {
      // the command reports the file it cannot read; nothing of it can be printed
    }
    return found;
  }

  String redact(String text) {
    String out = text;
    for (String secret : known) {
      if (secret.length() >= MIN_KNOWN) {
        out = out.replace(secret, MASK);
      } else {
        // too short to blank everywhere: wherever it stands as a password value
        out =
            Pattern.compile(
                    "(?i)(password\\s*=\\s*'?|//[^/:@\\s]*:)"
                        + Pattern.quote(secret)
                        + "(?=$|['&\\s;@,)}\\]\"])")
                .matcher(out)
                .replaceAll(r -> Matcher.quoteReplacement(r.group(1) + MASK));
      }
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
