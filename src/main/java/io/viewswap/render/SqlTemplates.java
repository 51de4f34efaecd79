package io.viewswap.render;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads the hand-written SQL in {@code sql-templates/} (packed into the jar) and fills its {@code
 * {0}}, {@code {1}} slots with text that jOOQ has already rendered. The filling is plain
 * substitution, not jOOQ's plain-SQL templating, because templates hold dollar-quoted bodies that
 * jOOQ's template parser does not know.
 */
public final class SqlTemplates {
  private static final Pattern SLOT = Pattern.compile("\\{(\\d+)}");

  private SqlTemplates() {}

  /** The template's text with its leading {@code --} comment lines removed. */
  public static String load(String path) {
    String resource = "sql-templates/" + path;
    try (InputStream in = SqlTemplates.class.getClassLoader().getResourceAsStream(resource)) {
      if (in == null) {
        throw new IllegalStateException("missing template " + resource + " on the classpath");
      }
      String text = new String(in.readAllBytes(), StandardCharsets.UTF_8);
      StringBuilder body = new StringBuilder();
      boolean header = true;
      for (String line : text.split("\n", -1)) {
        if (header && line.startsWith("--")) {
          continue;
        }
        header = false;
        body.append(line).append('\n');
      }
      return body.toString().strip();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Fills the slots; every slot must have a value. */
  public static String fill(String template, String... values) {
    Matcher m = SLOT.matcher(template);
    StringBuilder out = new StringBuilder();
    while (m.find()) {
      int i = Integer.parseInt(m.group(1));
      if (i >= values.length) {
        throw new IllegalArgumentException("template slot {" + i + "} has no value");
      }
      m.appendReplacement(out, Matcher.quoteReplacement(values[i]));
    }
    m.appendTail(out);
    return out.toString();
  }
}
