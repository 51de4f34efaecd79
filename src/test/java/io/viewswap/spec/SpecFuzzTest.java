package io.viewswap.spec;

import static org.assertj.core.api.Assertions.assertThat;

import io.viewswap.cli.Main;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Mutated example specs (lines deleted, duplicated, swapped or re-indented, random characters,
 * truncation, values of the wrong type) through the whole CLI path of {@code plan --catalog}, which
 * needs no server. Whatever the input, viewswap answers with a usage or spec error naming the
 * problem, or a plan: never exit 1 and never a stack trace. The seed is fixed so a failure replays;
 * the failing case's text is in the assertion message.
 */
class SpecFuzzTest {
  static final Path PROJECT = Path.of(System.getProperty("viewswap.project.dir", "."));
  static final List<String> EXAMPLES =
      List.of("customer-to-client", "columns-only", "table-only", "multi-table", "quoted");
  static final int CLI_CASES_PER_EXAMPLE = 120;
  static final int LIBRARY_CASES_PER_EXAMPLE = 400;
  static final long SEED = 20261103L;

  static final String[] WRONG_VALUES = {
    "[]",
    "{}",
    "-1",
    "0",
    "99999999999999999999999",
    "true",
    "null",
    "~",
    "''",
    "\"\"",
    "1.5",
    "[a, b]",
    "{a: b}",
    "&anchor x",
    "*anchor",
    "!!binary AAAA",
    "!!int x",
    "\"unterminated",
    "'single",
    "|",
    ">",
    "- item",
    "? key",
    "2026-11-01",
    "0x1F",
    "1e400",
    "-0ms",
    "5 fortnights",
    "1ms..",
    "..",
    "100ms..50ms",
    "\"a\\u0000b\"",
    "x".repeat(300),
    "\"Ä\u00e9\u4e2d\ud83d\ude00\"",
    "public.",
    ".x",
    "a.b.c",
    "\"\"\"",
    "#comment",
    "@at",
    "%TAG",
  };
  static final String[] KEYS = {
    "id",
    "description",
    "renames",
    "table",
    "to",
    "columns",
    "transition_schema",
    "options",
    "lock_timeout",
    "statement_timeout",
    "retries",
    "backoff",
    "compat_view",
    "allow_publications",
    "unknown_key",
    "<<",
    "",
  };
  static final String NOISE = ":-[]{}\"'#&*!|>%@`,?\\\t \n\r\u0000\u00a0\u2028\ufeffaZ09._$";

  @TempDir Path dir;

  /**
   * One mutated spec: its text, the example it came from and the mutations applied, for the failure
   * message.
   */
  record Case(int number, String example, String text, List<Integer> mutations) {
    String describe() {
      return "case " + number + " from " + example + " (mutations " + mutations + "):\n" + text;
    }
  }

  /**
   * Through {@code Main.run}: the whole path a user takes. Each run builds the picocli command tree
   * (~10 ms), so this part is kept to a thousand cases; the library-level test below covers many
   * more.
   */
  @Test
  void mutatedSpecsNeverCrashTheCli() throws Exception {
    int[] byExit = new int[10];
    List<Case> cases = cases(SEED, CLI_CASES_PER_EXAMPLE);
    for (Case c : cases) {
      Path file = dir.resolve("case-" + c.number() + ".yaml");
      Files.writeString(file, c.text(), StandardCharsets.UTF_8);
      StringWriter out = new StringWriter();
      StringWriter err = new StringWriter();
      int code =
          Main.run(
              new String[] {"plan", file.toString(), "--catalog", catalog(c.example())},
              new PrintWriter(out),
              new PrintWriter(err),
              Map.of());
      String why = c.describe() + "\n--- stderr:\n" + err;
      assertThat(code).as("exit code, %s", why).isIn(0, 2, 3);
      assertThat(err.toString())
          .as("no exception text, %s", why)
          .doesNotContain("Exception")
          .doesNotContain("\tat ");
      if (code != 0) {
        assertThat(err.toString())
            .as("a refusal says what is wrong, %s", why)
            .startsWith("error: ");
        assertThat(err.toString().strip().length())
            .as("and says more than `error:`, %s", why)
            .isGreaterThan(20);
      }
      byExit[code]++;
    }
    assertThat(byExit[3])
        .as("most mutations break the spec: %s", Arrays.toString(byExit))
        .isGreaterThan(cases.size() / 4);
    assertThat(byExit[0])
        .as("some survive as valid specs: %s", Arrays.toString(byExit))
        .isGreaterThan(0);
  }

  /**
   * The same mutations, many more of them, through the library calls the CLI makes ({@link
   * SpecReader#read} then {@code ViewSwap.planOffline}): only a {@link SpecException} with
   * positioned diagnostics or a {@code ViewSwapException} naming the problem may come out.
   */
  @Test
  void mutatedSpecsOnlyEverFailWithDiagnostics() throws Exception {
    int failures = 0;
    List<Case> cases = cases(SEED + 1, LIBRARY_CASES_PER_EXAMPLE);
    Map<String, String> snapshots = new java.util.HashMap<>();
    for (String example : EXAMPLES) {
      snapshots.put(example, java.nio.file.Files.readString(Path.of(catalog(example))));
    }
    for (Case c : cases) {
      Path file = dir.resolve("lib-" + c.number() + ".yaml");
      Files.writeString(file, c.text(), StandardCharsets.UTF_8);
      try {
        Spec spec = new SpecReader().read(file);
        io.viewswap.ViewSwap.planOffline(spec, snapshots.get(c.example()));
      } catch (SpecException e) {
        failures++;
        assertThat(e.diagnostics()).as("diagnostics, %s", c.describe()).isNotEmpty();
        assertThat(e.diagnostics())
            .as("each names its problem, %s", c.describe())
            .allSatisfy(d -> assertThat(d.message()).isNotBlank());
      } catch (io.viewswap.api.ViewSwapException e) {
        failures++;
        assertThat(e.code().exitCode()).as("%s: %s", e.getMessage(), c.describe()).isIn(2, 3);
        assertThat(e.getMessage()).as(c.describe()).isNotBlank();
      }
    }
    assertThat(failures).as("most mutations break the spec").isGreaterThan(cases.size() / 4);
  }

  static String catalog(String example) {
    return PROJECT.resolve("specs/examples/" + example + ".catalog.json").toString();
  }

  static List<Case> cases(long seed, int perExample) throws java.io.IOException {
    Random random = new Random(seed);
    List<Case> out = new ArrayList<>();
    for (String example : EXAMPLES) {
      String original =
          Files.readString(
              PROJECT.resolve("specs/examples/" + example + ".yaml"), StandardCharsets.UTF_8);
      for (int i = 0; i < perExample; i++) {
        String mutated = original;
        List<Integer> applied = new ArrayList<>();
        int rounds = 1 + random.nextInt(3);
        for (int k = 0; k < rounds; k++) {
          int kind = random.nextInt(9);
          applied.add(kind);
          mutated = mutate(mutated, kind, random);
        }
        out.add(new Case(out.size(), example, mutated, applied));
      }
    }
    return out;
  }

  static String mutate(String text, int kind, Random r) {
    List<String> lines = new ArrayList<>(Arrays.asList(text.split("\n", -1)));
    int at = r.nextInt(lines.size());
    switch (kind) {
      case 0 -> lines.remove(at);
      case 1 -> lines.add(at, lines.get(r.nextInt(lines.size())));
      case 2 -> {
        int other = r.nextInt(lines.size());
        String t = lines.get(at);
        lines.set(at, lines.get(other));
        lines.set(other, t);
      }
      case 3 -> {
        String line = lines.get(at);
        lines.set(at, r.nextBoolean() ? " ".repeat(1 + r.nextInt(4)) + line : line.stripLeading());
      }
      case 4 -> {
        StringBuilder sb = new StringBuilder(text);
        int count = 1 + r.nextInt(5);
        for (int i = 0; i < count; i++) {
          sb.insert(r.nextInt(sb.length() + 1), NOISE.charAt(r.nextInt(NOISE.length())));
        }
        return sb.toString();
      }
      case 5 -> {
        return text.substring(0, r.nextInt(text.length() + 1));
      }
      case 6, 7 -> {
        String line = lines.get(at);
        int colon = line.indexOf(": ");
        if (colon < 0) {
          colon = line.indexOf(':');
          if (colon < 0) {
            return text;
          }
          lines.set(
              at,
              line.substring(0, colon + 1) + " " + WRONG_VALUES[r.nextInt(WRONG_VALUES.length)]);
        } else {
          lines.set(
              at, line.substring(0, colon + 2) + WRONG_VALUES[r.nextInt(WRONG_VALUES.length)]);
        }
      }
      default -> {
        String line = lines.get(at);
        int colon = line.indexOf(':');
        if (colon < 0) {
          return text;
        }
        String indent = line.substring(0, line.length() - line.stripLeading().length());
        String prefix = line.stripLeading().startsWith("- ") ? indent + "- " : indent;
        lines.set(at, prefix + KEYS[r.nextInt(KEYS.length)] + line.substring(colon));
      }
    }
    return String.join("\n", lines);
  }
}
