package io.viewswap.fleet;

import static org.assertj.core.api.Assertions.assertThat;

import io.viewswap.api.FleetOptions;
import io.viewswap.spec.Position;
import io.viewswap.spec.SchemaSelection;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Set;
import org.junit.jupiter.api.Test;

class SelectionTest {
  static final SchemaSelection TENANTS =
      new SchemaSelection(
          List.of("tenant_*", "acme"),
          List.of(Position.UNKNOWN, Position.UNKNOWN),
          Set.of(0),
          false);

  @Test
  void selectsSortedAndNamesWhatMatchesNothing() {
    List<String> existing = List.of("public", "tenant_b", "tenant_a", "acme");
    assertThat(Selection.schemas(TENANTS, existing))
        .containsExactly("acme", "tenant_a", "tenant_b");
    assertThat(Selection.unmatched(TENANTS, List.of("public", "acme"), "db1"))
        .containsExactly("schemas: the glob \"tenant_*\" matches no schema in db1");
    assertThat(Selection.unmatched(TENANTS, List.of("tenant_a"), "db1"))
        .containsExactly("schemas: schema \"acme\" does not exist in db1");
  }

  @Test
  void shardsPartitionTheTargetsAndDoNotMoveWhenOthersAreAdded() {
    List<List<String>> slices = new ArrayList<>();
    for (int i = 0; i < 4; i++) {
      FleetOptions o =
          new FleetOptions(
              4,
              0,
              Optional.empty(),
              OptionalInt.empty(),
              Optional.of(new FleetOptions.Shard(i, 4)),
              false,
              false);
      List<String> slice = new ArrayList<>();
      for (int t = 0; t < 400; t++) {
        if (Selection.kept(o, "db1", "tenant_" + t)) {
          slice.add("tenant_" + t);
        }
      }
      slices.add(slice);
    }
    assertThat(slices.stream().mapToInt(List::size).sum()).isEqualTo(400);
    assertThat(slices).allSatisfy(s -> assertThat(s.size()).isBetween(60, 140));
    assertThat(Selection.shardOf("db1", "tenant_7", 4))
        .isEqualTo(Selection.shardOf("db1", "tenant_7", 4));
  }

  @Test
  void onlyNarrowsTenantsButKeepsTheSharedTarget() {
    FleetOptions o =
        new FleetOptions(
            4, 0, Optional.of("tenant_1*"), OptionalInt.empty(), Optional.empty(), false, false);
    assertThat(Selection.kept(o, "db", "tenant_12")).isTrue();
    assertThat(Selection.kept(o, "db", "tenant_2")).isFalse();
    assertThat(Selection.kept(o, "db", "")).isTrue();
  }

  @Test
  void workersNeverExceedTheFreeSlots() {
    assertThat(ConnectionSlots.workers(4, 100, 300)).isEqualTo(4);
    assertThat(ConnectionSlots.workers(4, 2, 300)).isEqualTo(3);
    assertThat(ConnectionSlots.workers(4, 0, 300)).isEqualTo(1);
    assertThat(ConnectionSlots.workers(8, 100, 2)).isEqualTo(2);
  }
}
