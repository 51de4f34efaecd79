package io.viewswap.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.viewswap.support.PostgresExtension;
import io.viewswap.support.TestDatabase;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The fleet against the shell loop, side by side on one server: the full lifecycle (expand, swap,
 * contract) on {@code viewswap.bench.tenants} tenant schemas (default 1000) as three {@code java
 * -jar target/viewswap.jar apply} runs, against {@code java -jar target/viewswap.jar apply} once
 * per schema per phase on {@code viewswap.bench.loop} other schemas (default 20; the loop's cost
 * per tenant does not depend on how many there are). Reports wall time, cost per tenant and the
 * lock each phase held per tenant, in both. Writes target/bench/fleet.json. Not a test: run it with
 * {@code ./mvnw -B -P bench verify -Dit.test=FleetBench}.
 */
@ExtendWith(PostgresExtension.class)
class FleetBench {
  static final Path PROJECT = Path.of(System.getProperty("viewswap.project.dir", "."));
  static final ObjectMapper JSON = new ObjectMapper();

  @Test
  void fleetAgainstTheShellLoop(TestDatabase db) throws Exception {
    int tenants = Integer.getInteger("viewswap.bench.tenants", 1000);
    int loop = Integer.getInteger("viewswap.bench.loop", 20);
    int parallel = Integer.getInteger("viewswap.bench.parallel", 4);
    Path jar = PROJECT.resolve("target/viewswap.jar");
    if (!Files.exists(jar)) {
      throw new AssertionError(
          jar + " is missing: run the bench through `./mvnw -P bench verify`, which builds it");
    }
    Path dir = Files.createDirectories(PROJECT.resolve("target/bench/fleet"));
    make(db, "tenant_", tenants);
    make(db, "loop_", loop);
    Path fleetSpec = dir.resolve("fleet.yaml");
    Files.writeString(
        fleetSpec,
        "id: bench-fleet\nschemas: [\"tenant_*\"]\nrenames:\n  - table: customer\n"
            + "    to: client\n    columns:\n      full_name: display_name\n",
        StandardCharsets.UTF_8);

    Map<String, Object> result = new LinkedHashMap<>();
    Map<String, Object> fleetPhases = new LinkedHashMap<>();
    long fleetStart = System.nanoTime();
    for (String phase : List.of("expand", "swap", "contract")) {
      long t = System.nanoTime();
      JsonNode r =
          run(
              jar,
              "apply",
              fleetSpec.toString(),
              "--phase",
              phase,
              "--parallel",
              Integer.toString(parallel),
              "--format",
              "json",
              "--url",
              db.url());
      long ms = (System.nanoTime() - t) / 1_000_000;
      if (r.at("/counts/done").asInt() != tenants) {
        throw new AssertionError(
            "fleet " + phase + " did not finish every tenant: " + r.at("/counts"));
      }
      List<Long> held = new ArrayList<>();
      r.at("/targets").forEach(x -> held.add(x.get("lock_held_ms").asLong()));
      fleetPhases.put(phase, phaseFigures(ms, held));
    }
    long fleetMs = (System.nanoTime() - fleetStart) / 1_000_000;

    Map<String, List<Long>> loopHeld = new LinkedHashMap<>();
    long loopStart = System.nanoTime();
    for (int i = 0; i < loop; i++) {
      String schema = String.format("loop_%03d", i);
      Path spec = dir.resolve(schema + ".yaml");
      Files.writeString(
          spec,
          "id: bench-"
              + schema
              + "\nrenames:\n  - table: "
              + schema
              + ".customer\n"
              + "    to: client\n    columns:\n      full_name: display_name\n",
          StandardCharsets.UTF_8);
      for (String phase : List.of("expand", "swap", "contract")) {
        JsonNode r =
            run(
                jar,
                "apply",
                spec.toString(),
                "--phase",
                phase,
                "--format",
                "json",
                "--url",
                db.url());
        loopHeld.computeIfAbsent(phase, k -> new ArrayList<>()).add(r.get("lock_held_ms").asLong());
      }
    }
    long loopMs = (System.nanoTime() - loopStart) / 1_000_000;
    Map<String, Object> loopPhases = new LinkedHashMap<>();
    loopHeld.forEach((phase, held) -> loopPhases.put(phase, phaseFigures(0, held)));

    double fleetPer = (double) fleetMs / tenants;
    double loopPer = (double) loopMs / loop;
    result.put("server", db.serverDescription());
    result.put("cpus", Runtime.getRuntime().availableProcessors());
    result.put("os", System.getProperty("os.name") + " " + System.getProperty("os.version"));
    result.put("java", System.getProperty("java.version"));
    result.put("tenants", tenants);
    result.put("parallel", parallel);
    result.put("fleet_wall_ms", fleetMs);
    result.put("fleet_ms_per_tenant", Math.round(fleetPer * 10) / 10.0);
    result.put("fleet_phases", fleetPhases);
    result.put("loop_tenants", loop);
    result.put("loop_wall_ms", loopMs);
    result.put("loop_ms_per_tenant", Math.round(loopPer * 10) / 10.0);
    result.put("loop_phases", loopPhases);
    result.put("ratio", Math.round(loopPer / fleetPer * 10) / 10.0);
    String text = JSON.copy().enable(SerializationFeature.INDENT_OUTPUT).writeValueAsString(result);
    Files.writeString(PROJECT.resolve("target/bench/fleet.json"), text);
    System.out.println("[fleet] " + text);
  }

  static Map<String, Object> phaseFigures(long wallMs, List<Long> held) {
    List<Long> sorted = held.stream().sorted().toList();
    Map<String, Object> m = new LinkedHashMap<>();
    if (wallMs > 0) {
      m.put("wall_ms", wallMs);
    }
    m.put("lock_held_ms_median", sorted.get(sorted.size() / 2));
    m.put(
        "lock_held_ms_p95",
        sorted.get(Math.min(sorted.size() - 1, (int) Math.ceil(sorted.size() * 0.95) - 1)));
    m.put("lock_held_ms_max", sorted.get(sorted.size() - 1));
    return m;
  }

  static void make(TestDatabase db, String prefix, int n) throws Exception {
    db.exec(
        "do $$ begin for i in 0.."
            + (n - 1)
            + " loop"
            + " execute format('create schema %I', '"
            + prefix
            + "' || lpad(i::text, 3, '0'));"
            + " execute format('create table %I.customer (id int primary key, full_name text, email text)',"
            + "   '"
            + prefix
            + "' || lpad(i::text, 3, '0'));"
            + " end loop; end $$");
  }

  static JsonNode run(Path jar, String... args) throws IOException, InterruptedException {
    List<String> cmd =
        new ArrayList<>(
            List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-jar",
                jar.toString()));
    cmd.addAll(List.of(args));
    Process p = new ProcessBuilder(cmd).redirectError(ProcessBuilder.Redirect.DISCARD).start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    int code = p.waitFor();
    if (code != 0) {
      throw new AssertionError("exit " + code + " from " + String.join(" ", args) + ":\n" + out);
    }
    return JSON.readTree(out);
  }
}
