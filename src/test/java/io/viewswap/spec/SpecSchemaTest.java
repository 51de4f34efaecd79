package io.viewswap.spec;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Structural checks of specs/viewswap-spec.schema.json against the examples and the reader's key
 * lists.
 */
class SpecSchemaTest {
  static final Path PROJECT = Path.of(System.getProperty("viewswap.project.dir", "."));
  static final Path SCHEMA = PROJECT.resolve("specs/viewswap-spec.schema.json");

  private static JsonNode schema() throws IOException {
    return new ObjectMapper().readTree(Files.readString(SCHEMA));
  }

  static Stream<String> exampleSpecs() throws IOException {
    return SpecReaderTest.exampleSpecs();
  }

  /** Follows a local {@code $ref} such as {@code #/$defs/rename}. */
  private static JsonNode resolve(JsonNode root, JsonNode node) {
    while (node.has("$ref")) {
      node = root.at(node.get("$ref").asText().substring(1));
      assertThat(node.isMissingNode()).as("dangling $ref").isFalse();
    }
    return node;
  }

  /**
   * Every key in the instance must be declared by the schema (properties or an additionalProperties
   * schema).
   */
  private static void checkDeclared(
      JsonNode root, JsonNode schema, JsonNode instance, String path, List<String> bad) {
    schema = resolve(root, schema);
    if (instance.isObject()) {
      for (Iterator<String> it = instance.fieldNames(); it.hasNext(); ) {
        String key = it.next();
        JsonNode sub = schema.path("properties").get(key);
        if (sub == null && schema.path("additionalProperties").isObject()) {
          sub = schema.get("additionalProperties");
        }
        if (sub == null) {
          bad.add(path + "." + key);
        } else {
          checkDeclared(root, sub, instance.get(key), path + "." + key, bad);
        }
      }
    } else if (instance.isArray()) {
      for (int i = 0; i < instance.size(); i++) {
        checkDeclared(root, schema.path("items"), instance.get(i), path + "[" + i + "]", bad);
      }
    }
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("exampleSpecs")
  void everyKeyOfTheExampleIsDeclared(String name) throws IOException {
    JsonNode instance =
        new YAMLMapper().readTree(Files.readString(SpecReaderTest.EXAMPLES.resolve(name)));
    assertThat(instance.isObject()).isTrue();
    // JSON-compatible: survives a round trip through JSON text unchanged.
    ObjectMapper json = new ObjectMapper();
    assertThat(json.readTree(json.writeValueAsString(instance))).isEqualTo(instance);
    List<String> undeclared = new ArrayList<>();
    JsonNode root = schema();
    checkDeclared(root, root, instance, "$", undeclared);
    assertThat(undeclared).as("keys not in the schema").isEmpty();
  }

  @Test
  void schemaDeclaresExactlyTheReadersKeys() throws IOException {
    JsonNode root = schema();
    assertThat(root.path("$schema").asText())
        .isEqualTo("https://json-schema.org/draft/2020-12/schema");
    assertThat(names(root.path("properties"))).containsExactlyElementsOf(SpecReader.TOP_KEYS);
    assertThat(names(resolve(root, root.at("/$defs/rename")).path("properties")))
        .containsExactlyElementsOf(RenamesReader.KEYS);
    assertThat(names(root.at("/properties/options/properties")))
        .containsExactlyElementsOf(OptionsReader.KEYS);
    assertThat(root.path("additionalProperties").asBoolean(true)).isFalse();
    assertThat(root.at("/properties/options/additionalProperties").asBoolean(true)).isFalse();
    assertThat(root.at("/$defs/rename/additionalProperties").asBoolean(true)).isFalse();
  }

  /**
   * An option's default and bounds live once (SpecOptions.DEFAULTS, RetryCount, DurationText); the
   * schema repeats them for editors, and this holds the copy to the source: each default the schema
   * names, written into a spec, reads as the default the reader uses without it.
   */
  @Test
  void schemaDefaultsAndBoundsAgreeWithTheReader() throws Exception {
    JsonNode options = schema().at("/properties/options/properties");
    String base = "id: t\nrenames:\n  - table: public.customer\n    to: client\n";
    SpecOptions without = new SpecReader().parse(base, "t.yaml").options();
    assertThat(without).isEqualTo(SpecOptions.DEFAULTS);
    int defaults = 0;
    for (Iterator<String> it = options.fieldNames(); it.hasNext(); ) {
      String key = it.next();
      JsonNode def = options.get(key).get("default");
      if (def == null) {
        continue;
      }
      defaults++;
      String yaml = base + "options:\n  " + key + ": " + def + "\n";
      assertThat(new SpecReader().parse(yaml, "t.yaml").options())
          .as("the schema's default for %s is the reader's", key)
          .isEqualTo(without);
    }
    assertThat(defaults).isGreaterThanOrEqualTo(8);
    JsonNode retries = options.get("retries");
    assertThat(retries.get("minimum").asInt()).isEqualTo(RetryCount.MIN);
    assertThat(retries.get("maximum").asInt()).isEqualTo(RetryCount.MAX);
    assertThat(retries.get("default").asInt()).isEqualTo(RetryCount.DEFAULT);
  }

  @Test
  void everyPropertyHasADescription() throws IOException {
    List<String> missing = new ArrayList<>();
    walk(schema(), "$", missing);
    assertThat(missing).isEmpty();
  }

  @Test
  void schemaPatternsAgreeWithTheReader() throws IOException {
    JsonNode root = schema();
    String duration = root.at("/$defs/duration/pattern").asText();
    String backoff = root.at("/properties/options/properties/backoff/pattern").asText();
    for (String ok : List.of("200ms", "5s", "1m")) {
      assertThat(ok).matches(duration);
      assertThat(OptionsReader.DURATION.matcher(ok).matches()).isTrue();
    }
    for (String bad : List.of("200", "5 s", "1h", "1.5s", "-1s")) {
      assertThat(bad).doesNotMatch(duration);
      assertThat(OptionsReader.DURATION.matcher(bad).matches()).isFalse();
    }
    assertThat("50ms..5s").matches(backoff);
    assertThat("50ms-5s").doesNotMatch(backoff);
    assertThat("2026-11-customer-to-client").matches(root.at("/properties/id/pattern").asText());
  }

  private static void walk(JsonNode node, String path, List<String> missing) {
    JsonNode props = node.path("properties");
    for (Iterator<String> it = props.fieldNames(); it.hasNext(); ) {
      String key = it.next();
      JsonNode p = props.get(key);
      if (!p.hasNonNull("description")) {
        missing.add(path + "." + key);
      }
      walk(p, path + "." + key, missing);
    }
    for (Iterator<String> it = node.path("$defs").fieldNames(); it.hasNext(); ) {
      String key = it.next();
      walk(node.path("$defs").get(key), path + ".$defs." + key, missing);
    }
    if (node.path("additionalProperties").isObject()) {
      walk(node.get("additionalProperties"), path + ".*", missing);
    }
  }

  private static List<String> names(JsonNode object) {
    List<String> out = new ArrayList<>();
    object.fieldNames().forEachRemaining(out::add);
    return out;
  }
}
