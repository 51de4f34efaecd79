package io.viewswap.ecosystem;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.viewswap.ViewSwap;
import io.viewswap.api.Phase;
import io.viewswap.cli.Main;
import io.viewswap.spec.Spec;
import io.viewswap.support.PgBouncer;
import io.viewswap.support.PostgresExtension;
import io.viewswap.support.TestDatabase;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The frameworks {@code repoint} gives advice for, run for real (issue 11): ActiveRecord, Django
 * and SQLAlchemy from Debian's packages, each as an old release (the old names, booted before
 * expand) and a new release configured only from {@code repoint --for F --format json}, through the
 * whole lifecycle, connected directly and through PgBouncer in transaction mode ({@code --pooler
 * transaction}), for both shapes of rename. Each release is one long-lived process, so what a
 * framework caches at boot (Rails' columns and primary key) is carried across the swap as in
 * production. Every unit of work must succeed.
 */
@ExtendWith(PostgresExtension.class)
class FrameworksIT {
  static final Path PROJECT = Path.of(System.getProperty("viewswap.project.dir", "."));
  static final Path SCRIPTS = PROJECT.resolve("itests/resources/frameworks");
  static final ObjectMapper JSON = new ObjectMapper();
  static final int RUNS = 3;

  enum Framework {
    RAILS(
        "rails", "/usr/bin/ruby", "rails_release.rb", "apt-get install ruby-activerecord ruby-pg"),
    DJANGO(
        "django",
        "/usr/bin/python3",
        "django_release.py",
        "apt-get install python3-django python3-psycopg2"),
    SQLALCHEMY(
        "sqlalchemy",
        "/usr/bin/python3",
        "sqlalchemy_release.py",
        "apt-get install python3-sqlalchemy python3-psycopg2");

    final String label;
    final String interpreter;
    final String script;
    final String install;

    Framework(String label, String interpreter, String script, String install) {
      this.label = label;
      this.interpreter = interpreter;
      this.script = script;
      this.install = install;
    }
  }

  /**
   * What the application does with the table, under the old attribute names (new code keeps them
   * mapped).
   */
  record Shape(
      String example,
      String oldTable,
      boolean renamesTable,
      List<Map<String, Object>> fields,
      String update,
      Object updateValue,
      Map<String, Object> create,
      String where) {}

  static final Shape CUSTOMER =
      new Shape(
          "customer-to-client",
          "customer",
          true,
          List.of(field("id", "bigint"), field("full_name", "text"), field("email_addr", "text")),
          "full_name",
          "Customer renamed",
          Map.of("full_name", "new {n}", "email_addr", "f{n}@example.com"),
          "full_name");
  static final Shape ORDERS =
      new Shape(
          "columns-release-role",
          "orders",
          false,
          List.of(field("id", "bigint"), field("cust_id", "bigint"), field("amt_cents", "int")),
          "amt_cents",
          4242,
          Map.of("cust_id", 7, "amt_cents", 100),
          "cust_id");

  /**
   * The same table without a release role: the client sets its search_path, which works only
   * directly.
   */
  static final Shape ORDERS_CLIENT_PATH =
      new Shape(
          "columns-only",
          "orders",
          false,
          ORDERS.fields(),
          ORDERS.update(),
          ORDERS.updateValue(),
          ORDERS.create(),
          ORDERS.where());

  static Map<String, Object> field(String attr, String type) {
    Map<String, Object> f = new LinkedHashMap<>();
    f.put("attr", attr);
    f.put("type", type);
    return f;
  }

  static Stream<Arguments> cases() {
    List<Arguments> all = new ArrayList<>();
    for (Framework f : Framework.values()) {
      for (Shape s : List.of(CUSTOMER, ORDERS)) {
        for (boolean pooled : new boolean[] {false, true}) {
          all.add(Arguments.of(f, s.example(), pooled));
        }
      }
      all.add(Arguments.of(f, ORDERS_CLIENT_PATH.example(), false));
    }
    return all.stream();
  }

  @ParameterizedTest(name = "{0} {1} pooled={2}")
  @MethodSource("cases")
  void oldAndNewReleaseWorkFromExpandToContract(
      Framework f, String example, boolean pooled, TestDatabase db, @TempDir Path dir)
      throws Exception {
    Shape shape =
        Stream.of(CUSTOMER, ORDERS, ORDERS_CLIENT_PATH)
            .filter(s -> s.example().equals(example))
            .findFirst()
            .orElseThrow();
    Spec spec = ExportRunnersIT.load(db, example);
    db.exec("alter role app_rw login password 'app_rw'");
    if (example.equals(ORDERS.example())) {
      db.exec("alter role app_next login password 'app_next'");
    }
    ViewSwap vs = ExportRunnersIT.viewSwap(db);
    JsonNode advice = repoint(example, f, pooled);
    PgBouncer pooler =
        pooled
            ? PgBouncer.transactionPooling(
                db, Map.of("app_rw", "app_rw", "app_next", "app_next"), 2)
            : null;
    List<String> log = new ArrayList<>();
    try {
      Matcher m = Pattern.compile("jdbc:postgresql://([^:/]+):(\\d+)/").matcher(db.url());
      assertThat(m.find()).isTrue();
      String host = pooled ? pooler.host() : m.group(1);
      int port = pooled ? pooler.port() : Integer.parseInt(m.group(2));
      try (Release old =
          Release.start(f, "old", oldConfig(db, shape, advice, host, port), dir, log)) {
        old.work("planned");
        vs.apply(spec, Phase.EXPAND, false);
        old.work("expanded");
        try (Release next =
            Release.start(f, "new", newConfig(db, shape, f, advice, host, port), dir, log)) {
          next.work("expanded");
          if (shape.renamesTable()) {
            vs.apply(spec, Phase.SWAP, false);
            next.work("swapped");
            old.work("swapped (compat view)");
            old.close();
          } else {
            old.close(); // the table keeps its name: old code is gone before the swap (design)
            vs.apply(spec, Phase.SWAP, false);
            next.work("swapped");
          }
          vs.apply(spec, Phase.CONTRACT, false);
          next.work("contracted");
        }
      }
    } finally {
      log.forEach(
          l ->
              System.out.println(
                  "  " + f.label + " " + example + (pooled ? " pooled" : "") + ": " + l));
      if (pooler != null) {
        pooler.close();
      }
    }
    assertThat(log).as("both releases worked in every phase").hasSizeGreaterThanOrEqualTo(RUNS * 5);
    assertThat(log)
        .as("every unit of work of both releases succeeded")
        .allMatch(l -> l.endsWith(": ok"));
  }

  /**
   * The control (the reported bug): a Rails release set up as repoint used to say, without the
   * primary key, fails every operation on the view, and stays broken after the swap because the
   * missing key is cached.
   */
  @Test
  void railsWithoutThePrimaryKeyFailsOnTheView(TestDatabase db, @TempDir Path dir)
      throws Exception {
    Spec spec = ExportRunnersIT.load(db, CUSTOMER.example());
    db.exec("alter role app_rw login password 'app_rw'");
    ViewSwap vs = ExportRunnersIT.viewSwap(db);
    JsonNode advice = repoint(CUSTOMER.example(), Framework.RAILS, false);
    Matcher m = Pattern.compile("jdbc:postgresql://([^:/]+):(\\d+)/").matcher(db.url());
    assertThat(m.find()).isTrue();
    Map<String, Object> cfg =
        newConfig(db, CUSTOMER, Framework.RAILS, advice, m.group(1), Integer.parseInt(m.group(2)));
    cfg.remove("primary_key");
    vs.apply(spec, Phase.EXPAND, false);
    List<String> log = new ArrayList<>();
    try (Release next = Release.start(Framework.RAILS, "new-without-pk", cfg, dir, log)) {
      next.work("expanded");
      vs.apply(spec, Phase.SWAP, false);
      next.work("swapped");
    }
    log.forEach(l -> System.out.println("  control: " + l));
    assertThat(log).hasSize(RUNS * 2);
    assertThat(log)
        .filteredOn(l -> l.contains("expanded"))
        .allMatch(l -> l.contains("ActiveRecord::UnknownPrimaryKey"));
    assertThat(log)
        .filteredOn(l -> l.contains("swapped"))
        .as("the missing key is cached at boot: the release stays broken after the swap")
        .allMatch(l -> l.contains("ActiveRecord::UnknownPrimaryKey"));
  }

  static JsonNode repoint(String example, Framework f, boolean pooled) throws Exception {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    int code =
        Main.run(
            new String[] {
              "repoint",
              PROJECT.resolve("specs/examples/" + example + ".yaml").toString(),
              "--for",
              f.label,
              "--pooler",
              pooled ? "transaction" : "none",
              "--format",
              "json"
            },
            new PrintWriter(out),
            new PrintWriter(err),
            Map.of());
    assertThat(code).as("repoint: %s", err).isZero();
    JsonNode advice = JSON.readTree(out.toString());
    assertThat(advice.get("warnings")).as("repoint has no warning for this setup").isEmpty();
    return advice;
  }

  static Map<String, Object> base(TestDatabase db, Shape shape, String host, int port) {
    Map<String, Object> c = new LinkedHashMap<>();
    c.put("host", host);
    c.put("port", port);
    c.put("database", db.name());
    c.put("rows", 1000);
    c.put("update", shape.update());
    c.put("update_value", shape.updateValue());
    c.put("create", shape.create());
    c.put("where", shape.where());
    return c;
  }

  /**
   * The old release: old names, its usual login, its own primary key; the pooler's rules where
   * pooled.
   */
  static Map<String, Object> oldConfig(
      TestDatabase db, Shape shape, JsonNode advice, String host, int port) {
    Map<String, Object> c = base(db, shape, host, port);
    c.put("username", "app_rw");
    c.put("password", "app_rw");
    c.put("table_name", shape.oldTable());
    List<Map<String, Object>> fields = new ArrayList<>();
    for (Map<String, Object> f : shape.fields()) {
      Map<String, Object> g = new LinkedHashMap<>(f);
      g.put("column", f.get("attr"));
      g.put("pk", f.get("attr").equals("id"));
      fields.add(g);
    }
    c.put("fields", fields);
    c.put("where_column", shape.where());
    connectionRules(c, advice);
    return c;
  }

  /** The new release: everything from repoint's JSON. */
  static Map<String, Object> newConfig(
      TestDatabase db, Shape shape, Framework f, JsonNode advice, String host, int port) {
    Map<String, Object> c = base(db, shape, host, port);
    JsonNode t = advice.get("tables").get(0);
    String user = advice.get("connect_as").isNull() ? "app_rw" : advice.get("connect_as").asText();
    c.put("username", user);
    c.put("password", user);
    String newTable = t.get("new_table").asText();
    c.put("table_name", newTable.substring(newTable.lastIndexOf('.') + 1));
    if (!t.get("client_search_path").isNull()) {
      c.put("search_path", t.get("client_search_path").asText());
      c.put("schema_search_path", t.get("client_search_path").asText());
    }
    Map<String, String> columns = new LinkedHashMap<>();
    t.get("columns").fields().forEachRemaining(e -> columns.put(e.getKey(), e.getValue().asText()));
    StringBuilder changes = new StringBuilder();
    t.get("changes").forEach(ch -> changes.append(ch.asText()).append('\n'));
    Matcher railsPk = Pattern.compile("self\\.primary_key = \"([^\"]+)\"").matcher(changes);
    Matcher sqlaPk =
        Pattern.compile("Column\\(\"([^\"]+)\", \\.\\.\\., primary_key=True\\)").matcher(changes);
    String pk = railsPk.find() ? railsPk.group(1) : sqlaPk.find() ? sqlaPk.group(1) : null;
    if (pk != null) {
      c.put("primary_key", pk);
    }
    List<Map<String, Object>> fields = new ArrayList<>();
    for (Map<String, Object> field : shape.fields()) {
      Map<String, Object> g = new LinkedHashMap<>(field);
      String column = columns.getOrDefault((String) field.get("attr"), (String) field.get("attr"));
      g.put("column", column);
      // Django declares its key in the model; SQLAlchemy and Rails take the one repoint names
      g.put("pk", f == Framework.DJANGO ? field.get("attr").equals("id") : column.equals(pk));
      fields.add(g);
    }
    c.put("fields", fields);
    c.put("aliases", columns);
    c.put("where_column", columns.getOrDefault(shape.where(), shape.where()));
    connectionRules(c, advice);
    return c;
  }

  static void connectionRules(Map<String, Object> c, JsonNode advice) {
    String connection = advice.get("connection").toString();
    c.put("prepared_statements", !connection.contains("prepared_statements: false"));
    c.put("advisory_locks", !connection.contains("advisory_locks: false"));
    c.put(
        "disable_server_side_cursors", connection.contains("'DISABLE_SERVER_SIDE_CURSORS': True"));
  }

  /** One release process; each {@link #work} sends it units of work and records each answer. */
  static final class Release implements AutoCloseable {
    private final Process process;
    private final Writer in;
    private final BufferedReader out;
    private final String name;
    private final Path stderr;
    private final List<String> log;

    private Release(Process process, String name, Path stderr, List<String> log) {
      this.process = process;
      this.in = new java.io.OutputStreamWriter(process.getOutputStream(), StandardCharsets.UTF_8);
      this.out =
          new BufferedReader(
              new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
      this.name = name;
      this.stderr = stderr;
      this.log = log;
    }

    static Release start(
        Framework f, String name, Map<String, Object> cfg, Path dir, List<String> log)
        throws Exception {
      if (!Files.isExecutable(Path.of(f.interpreter))) {
        throw new AssertionError(
            f.interpreter
                + " is missing: the build installs it as root"
                + " (.ci/ensure-app-clients.sh); otherwise "
                + f.install);
      }
      Path err = dir.resolve(f.label + "-" + name + ".err");
      ProcessBuilder pb =
          new ProcessBuilder(
                  f.interpreter, SCRIPTS.resolve(f.script).toString(), JSON.writeValueAsString(cfg))
              .redirectError(err.toFile());
      pb.environment().remove("PYTHONPATH");
      pb.environment().remove("PYTHONHOME");
      pb.environment().remove("RUBYOPT");
      pb.environment().remove("PGOPTIONS");
      return new Release(pb.start(), name, err, log);
    }

    void work(String phase) throws Exception {
      for (int i = 0; i < RUNS; i++) {
        in.write("run\n");
        in.flush();
        CompletableFuture<String> line =
            CompletableFuture.supplyAsync(
                () -> {
                  try {
                    return out.readLine();
                  } catch (java.io.IOException e) {
                    return null;
                  }
                });
        String answer = line.get(60, TimeUnit.SECONDS);
        if (answer == null) {
          answer = "exited: " + Files.readString(stderr, StandardCharsets.UTF_8).strip();
        }
        log.add(name + " release, " + phase + ": " + answer);
      }
    }

    @Override
    public void close() throws Exception {
      if (!process.isAlive()) {
        return;
      }
      try {
        in.write("quit\n");
        in.flush();
        in.close();
      } catch (java.io.IOException gone) {
        // it ended already
      }
      if (!process.waitFor(20, TimeUnit.SECONDS)) {
        process.destroyForcibly();
      }
    }
  }
}
