package io.viewswap.spec;

import static io.viewswap.spec.NodeChecks.in;
import static io.viewswap.spec.NodeChecks.q;
import static io.viewswap.spec.NodeChecks.skip;

import io.viewswap.spec.YamlTree.Entry;
import io.viewswap.spec.YamlTree.Kind;
import io.viewswap.spec.YamlTree.MapNode;
import io.viewswap.spec.YamlTree.Node;
import io.viewswap.spec.YamlTree.Scalar;
import io.viewswap.text.DurationText;
import java.math.BigInteger;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads {@code options:}. Defaults are {@link SpecOptions#DEFAULTS}; bounds are those of {@link
 * DurationText} and {@link RetryCount}, which the command line's overrides and library callers go
 * through too. {@code skip_missing} is read with {@code schemas:} by {@link SchemaSelectionReader}.
 */
final class OptionsReader {
  /** The keys of {@code options:}, in the order the messages and the schema list them. */
  static final List<String> KEYS =
      List.of(
          "lock_timeout",
          "statement_timeout",
          "retries",
          "backoff",
          "compat_view",
          "allow_publications",
          "rename_dependents",
          "release_role",
          "skip_missing",
          "synchronous_commit");

  static final Pattern DURATION = DurationText.FORMAT;
  private static final Pattern BACKOFF = Pattern.compile("(.*?)\\.\\.(.*)");
  private static final String DURATION_HINT =
      "write a whole number and a unit (ms, s or m), e.g. 200ms, 5s, 1m";

  private final NodeChecks nodes;

  OptionsReader(NodeChecks nodes) {
    this.nodes = nodes;
  }

  SpecOptions read(MapNode root) {
    SpecOptions def = SpecOptions.DEFAULTS;
    Entry e = root.get("options");
    if (e == null || (e.value() instanceof Scalar s0 && s0.kind() == Kind.NULL)) {
      return def;
    }
    if (skip(e.value())) {
      return null;
    }
    if (!(e.value() instanceof MapNode m)) {
      nodes.wrongType(
          e,
          "",
          "a map of option names to values",
          "write one \"name: value\" line per option, e.g." + " lock_timeout: 200ms");
      return null;
    }
    nodes.checkKeys(m, KEYS, "options");
    int before = nodes.count();
    Duration lock = duration(m.get("lock_timeout"), def.lockTimeout());
    Duration statement = duration(m.get("statement_timeout"), def.statementTimeout());
    Integer retries = retries(m.get("retries"), def.retries());
    Duration[] backoff = backoff(m.get("backoff"), def.backoffMin(), def.backoffMax());
    Boolean compat = bool(m.get("compat_view"), def.compatView());
    Boolean publications = bool(m.get("allow_publications"), def.allowPublications());
    Boolean dependents = bool(m.get("rename_dependents"), def.renameDependents());
    Optional<String> releaseRole = releaseRole(m.get("release_role"));
    Boolean keepSyncCommit = synchronousCommit(m.get("synchronous_commit"));
    if (nodes.count() != before
        || keepSyncCommit == null
        || lock == null
        || statement == null
        || retries == null
        || backoff == null
        || compat == null
        || publications == null
        || dependents == null
        || releaseRole == null) {
      return null;
    }
    Entry rr = m.get("release_role");
    return new SpecOptions(
        lock,
        statement,
        retries,
        backoff[0],
        backoff[1],
        compat,
        publications,
        dependents,
        releaseRole,
        rr == null ? Position.UNKNOWN : rr.value().position(),
        keepSyncCommit);
  }

  /**
   * {@code synchronous_commit: local} (the default: the phase's COMMIT does not wait for
   * synchronous standbys while it holds its locks) or {@code configured} (it waits as the server
   * says); true for configured, null (after reporting) when bad.
   */
  Boolean synchronousCommit(Entry e) {
    if (e == null) {
      return false;
    }
    if (skip(e.value())) {
      return null;
    }
    if (e.value() instanceof Scalar s && s.kind() != Kind.NULL) {
      switch (s.text()) {
        case "local":
          return false;
        case "configured":
          return true;
        default:
          break;
      }
    }
    nodes.error(
        e.value().position(),
        "synchronous_commit in options must be local or configured",
        "local (the default) commits the phase without waiting for synchronous standbys while it"
            + " holds its locks; configured waits as the server is configured, however long that is");
    return null;
  }

  /** {@code release_role: NAME}: empty when absent, null (after reporting) when bad. */
  Optional<String> releaseRole(Entry e) {
    if (e == null) {
      return Optional.empty();
    }
    String role = nodes.name(e, "options", "app_next");
    if (role == null || !nodes.identifier("release role", role, e.value().position(), "options")) {
      return null;
    }
    if (role.equalsIgnoreCase("public") || role.startsWith("pg_")) {
      nodes.error(
          e.value().position(),
          "release role " + q(role) + " in options is reserved by PostgreSQL",
          "name the login role the new release connects as");
      return null;
    }
    return Optional.of(role);
  }

  /** Parses {@code 200ms}, {@code 5s}, {@code 1m}; null (after reporting) when bad. */
  Duration parseDuration(String text, Position pos, String what, String path) {
    try {
      return DurationText.parse(text);
    } catch (DurationText.Invalid e) {
      switch (e.problem()) {
        case NOT_A_DURATION ->
            nodes.error(pos, "bad duration " + q(text) + " for " + what + in(path), DURATION_HINT);
        case ZERO ->
            nodes.error(
                pos,
                what + in(path) + " must be greater than zero, found " + q(text),
                "use at least 1ms");
        case TOO_LONG ->
            nodes.error(
                pos,
                what + in(path) + " is too long: " + q(text),
                "PostgreSQL accepts at most " + DurationText.MAX_MS + "ms (about 24 days)");
      }
      return null;
    }
  }

  Duration duration(Entry e, Duration def) {
    if (e == null) {
      return def;
    }
    Node v = e.value();
    if (skip(v)) {
      return null;
    }
    if (v instanceof Scalar s && s.kind() == Kind.STRING) {
      return parseDuration(s.text(), s.position(), q(e.key()), "options");
    }
    if (v instanceof Scalar s && (s.kind() == Kind.INTEGER || s.kind() == Kind.FLOAT)) {
      nodes.error(
          s.position(),
          q(e.key()) + " in options needs a unit, found the number " + s.text(),
          "write " + s.text() + "ms, " + s.text() + "s or " + s.text() + "m");
    } else if (v instanceof Scalar s && s.kind() == Kind.NULL) {
      nodes.error(
          e.keyPosition(),
          "missing value for " + q(e.key()) + " in options",
          "write a duration such as "
              + format(def)
              + ", or remove the line to use the default "
              + format(def));
    } else {
      nodes.wrongType(e, "options", "a duration", DURATION_HINT);
    }
    return null;
  }

  Integer retries(Entry e, int def) {
    if (e == null) {
      return def;
    }
    Node v = e.value();
    if (skip(v)) {
      return null;
    }
    if (v instanceof Scalar s && s.kind() == Kind.INTEGER) {
      BigInteger n;
      try {
        n = new BigInteger(s.text().replace("_", ""));
      } catch (NumberFormatException ex) {
        n = null;
      }
      if (n != null && RetryCount.allows(n)) {
        return n.intValue();
      }
      nodes.error(
          s.position(),
          RetryCount.refusal(q("retries") + " in options", s.text()),
          RetryCount.HINT);
      return null;
    }
    if (v instanceof Scalar s && s.kind() == Kind.NULL) {
      nodes.error(
          e.keyPosition(),
          "missing value for " + q("retries") + " in options",
          "write a whole number, or remove the line to use the default " + def);
    } else {
      nodes.wrongType(
          e,
          "options",
          "a whole number between " + RetryCount.MIN + " and " + RetryCount.MAX,
          "write it without quotes, e.g. retries: " + def);
    }
    return null;
  }

  Duration[] backoff(Entry e, Duration defMin, Duration defMax) {
    if (e == null) {
      return new Duration[] {defMin, defMax};
    }
    Node v = e.value();
    if (skip(v)) {
      return null;
    }
    if (!(v instanceof Scalar s) || s.kind() != Kind.STRING) {
      if (v instanceof Scalar s && s.kind() == Kind.NULL) {
        nodes.error(
            e.keyPosition(),
            "missing value for " + q("backoff") + " in options",
            "write min..max, e.g. backoff: 50ms..5s, or remove the line to use the default");
      } else {
        nodes.wrongType(
            e, "options", "a range min..max", "write it as min..max, e.g. backoff: 50ms..5s");
      }
      return null;
    }
    Matcher mt = BACKOFF.matcher(s.text());
    if (!mt.matches()) {
      nodes.error(
          s.position(),
          "bad backoff " + q(s.text()) + " in options",
          "write min..max with two durations, e.g. backoff: 50ms..5s");
      return null;
    }
    String what = "backoff " + q(s.text());
    Duration min = parseDuration(mt.group(1), s.position(), what, "options");
    Duration max = parseDuration(mt.group(2), s.position(), what, "options");
    if (min == null || max == null) {
      return null;
    }
    if (min.compareTo(max) > 0) {
      nodes.error(
          s.position(),
          "backoff "
              + q(s.text())
              + " in options has its minimum "
              + mt.group(1)
              + " above its maximum "
              + mt.group(2),
          "write the smaller duration first: " + mt.group(2) + ".." + mt.group(1));
      return null;
    }
    return new Duration[] {min, max};
  }

  Boolean bool(Entry e, boolean def) {
    if (e == null) {
      return def;
    }
    Node v = e.value();
    if (skip(v)) {
      return null;
    }
    if (v instanceof Scalar s && s.kind() == Kind.BOOLEAN) {
      return Boolean.valueOf(
          switch (s.text().toLowerCase(java.util.Locale.ROOT)) {
            case "true", "yes", "on", "y" -> true;
            default -> false;
          });
    }
    if (v instanceof Scalar s && s.kind() == Kind.NULL) {
      nodes.error(
          e.keyPosition(),
          "missing value for " + q(e.key()) + " in options",
          "write true or false, or remove the line to use the default " + def);
    } else {
      nodes.wrongType(
          e, "options", "true or false", "write " + e.key() + ": " + def + " (without quotes)");
    }
    return null;
  }

  static String format(Duration d) {
    long ms = d.toMillis();
    if (ms % 60_000 == 0) {
      return ms / 60_000 + "m";
    } else if (ms % 1000 == 0) {
      return ms / 1000 + "s";
    }
    return ms + "ms";
  }
}
