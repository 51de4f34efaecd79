package io.viewswap.check;

import java.util.ArrayList;
import java.util.List;

/**
 * A string a body computes at run time, kept as its parts in order, each with where it came from (a
 * constant, a trigger argument, the trigger's table, a parameter, data): so a name can be tested
 * against what the parts allow, and a finding can say how the name was computed.
 */
final class ComputedText {
  private ComputedText() {}

  /** Where a part of a computed string comes from. */
  enum Source {
    /** a literal in the body */
    CONSTANT,
    /** an argument of the trigger that fired the function ({@code TG_ARGV[n]}) */
    TRIGGER_ARGUMENT,
    /** the table (or schema) of the trigger that fired the function ({@code TG_TABLE_NAME}) */
    TRIGGER_TABLE,
    /** a constant argument of a call of the function in another body */
    CALLER,
    /** a parameter no known call passes a constant to */
    PARAMETER,
    /** a value read from a table, a row or a query: unknowable before it runs */
    DATA,
    /** anything else the reading does not follow (a function call, an operator) */
    OTHER
  }

  /**
   * A part of a computed string.
   *
   * @param text the value when known, else what it is ({@code parameter entity})
   * @param origin for a known part not written in the body, where it came from ({@code trigger t on
   *     x, argument 1})
   * @param table for a {@link Source#TRIGGER_TABLE} part, the trigger's table as written
   */
  record Part(String text, Source source, String origin) {
    boolean known() {
      return source == Source.CONSTANT
          || source == Source.TRIGGER_ARGUMENT
          || source == Source.TRIGGER_TABLE
          || source == Source.CALLER;
    }
  }

  /** A computed string: its parts in order. */
  record Value(List<Part> parts) {
    Value {
      parts = List.copyOf(parts);
    }

    static Value of(Part p) {
      return new Value(List.of(p));
    }

    static Value constant(String s) {
      return of(new Part(s, Source.CONSTANT, ""));
    }

    static Value hole(Source s, String what) {
      return of(new Part(what, s, ""));
    }

    boolean known() {
      return parts.stream().allMatch(Part::known);
    }

    /** The text, with {@link SqlText#HOLE} for each unknown part. */
    String text() {
      StringBuilder sb = new StringBuilder();
      for (Part p : parts) {
        sb.append(p.known() ? p.text() : String.valueOf(SqlText.HOLE));
      }
      return sb.toString();
    }

    Value concat(Value other) {
      List<Part> all = new ArrayList<>(parts);
      all.addAll(other.parts);
      return new Value(all);
    }

    /** The parts that make up text()[from, to), with the bit of each that falls inside. */
    List<Part> partsIn(int from, int to) {
      List<Part> out = new ArrayList<>();
      int at = 0;
      for (Part p : parts) {
        int len = p.known() ? p.text().length() : 1;
        int s = Math.max(from, at);
        int e = Math.min(to, at + len);
        if (s < e) {
          out.add(
              p.known() ? new Part(p.text().substring(s - at, e - at), p.source(), p.origin()) : p);
        }
        at += len;
      }
      return out;
    }

    /** How text()[from, to) was computed, e.g. {@code 'thing' (trigger t ...) || '_history'}. */
    String how(int from, int to) {
      List<String> out = new ArrayList<>();
      for (Part p : partsIn(from, to)) {
        out.add(
            switch (p.source()) {
              case CONSTANT -> "'" + p.text() + "'";
              case TRIGGER_ARGUMENT, TRIGGER_TABLE, CALLER ->
                  "'" + p.text() + "' (" + p.origin() + ")";
              default -> p.text();
            });
      }
      return String.join(" || ", out);
    }
  }
}
