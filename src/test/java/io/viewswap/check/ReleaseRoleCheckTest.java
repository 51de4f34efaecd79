package io.viewswap.check;

import static org.assertj.core.api.Assertions.assertThat;

import io.viewswap.api.Direction;
import io.viewswap.api.Finding;
import io.viewswap.api.Severity;
import io.viewswap.api.State;
import io.viewswap.catalog.ReleaseRoleInfo;
import io.viewswap.spec.QualifiedName;
import io.viewswap.spec.Spec;
import io.viewswap.spec.SpecReader;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class ReleaseRoleCheckTest {
  static final Path PROJECT = Path.of(System.getProperty("viewswap.project.dir", "."));

  static Spec example(String name) throws Exception {
    return new SpecReader().read(PROJECT.resolve("specs/examples/" + name + ".yaml"));
  }

  static ReleaseRoleInfo info(
      int major, boolean createRole, boolean admin, boolean roleSuper, boolean select) {
    return new ReleaseRoleInfo(
        "app_next",
        true,
        roleSuper,
        true,
        major,
        "owner",
        false,
        createRole,
        admin,
        false,
        Map.of("public", true),
        Map.of(new QualifiedName("public", "orders"), select),
        0);
  }

  static List<String> codes(List<Finding> fs, Severity s) {
    return fs.stream().filter(f -> f.severity() == s).map(Finding::code).toList();
  }

  @Test
  void whoMayAlterTheRoleFollowsTheServerMajor() throws Exception {
    Spec spec = example("columns-release-role");
    ReleaseRoleCheck c = new ReleaseRoleCheck();
    List<Finding> pg15 =
        c.check(
            spec,
            Optional.of(info(15, true, false, false, true)),
            State.PLANNED,
            Direction.FORWARD);
    assertThat(codes(pg15, Severity.BLOCKER)).as("CREATEROLE is enough on 14 and 15").isEmpty();
    List<Finding> pg16 =
        c.check(
            spec,
            Optional.of(info(16, true, false, false, true)),
            State.PLANNED,
            Direction.FORWARD);
    assertThat(pg16)
        .filteredOn(f -> f.code().equals("release-role-not-alterable"))
        .singleElement()
        .extracting(f -> f.diagnostic().message())
        .asString()
        .endsWith("it lacks ADMIN OPTION on app_next");
    List<Finding> none =
        c.check(
            spec,
            Optional.of(info(14, false, false, false, true)),
            State.SWAPPED,
            Direction.FORWARD);
    assertThat(none)
        .filteredOn(f -> f.code().equals("release-role-not-alterable"))
        .singleElement()
        .extracting(f -> f.diagnostic().message())
        .asString()
        .endsWith("it lacks CREATEROLE");
    List<Finding> sup =
        c.check(
            spec, Optional.of(info(18, true, true, true, true)), State.PLANNED, Direction.FORWARD);
    assertThat(sup)
        .filteredOn(f -> f.code().equals("release-role-not-alterable"))
        .singleElement()
        .extracting(f -> f.diagnostic().message())
        .asString()
        .contains("SUPERUSER");
    assertThat(sup.get(0).diagnostic().position().line())
        .as("points at release_role in the spec")
        .isEqualTo(13);
    assertThat(codes(sup, Severity.BLOCKER))
        .as("a superuser release role would trust the table owner's schema")
        .contains("release-role-superuser");
  }

  @Test
  void aRoleWithoutSelectIsABlockerOnlyAtTheGate() throws Exception {
    Spec spec = example("columns-release-role");
    ReleaseRoleCheck c = new ReleaseRoleCheck();
    assertThat(
            codes(
                c.check(
                    spec,
                    Optional.of(info(18, true, true, false, false)),
                    State.PLANNED,
                    Direction.FORWARD),
                Severity.BLOCKER))
        .containsExactly("release-role-no-access");
    assertThat(
            codes(
                c.check(
                    spec,
                    Optional.of(info(18, true, true, false, false)),
                    State.EXPANDED,
                    Direction.FORWARD),
                Severity.BLOCKER))
        .isEmpty();
  }

  @Test
  void aColumnOnlySpecWithoutReleaseRoleIsWarnedATableRenameIsNot() throws Exception {
    ReleaseRoleCheck c = new ReleaseRoleCheck();
    assertThat(
            codes(
                c.check(
                    example("columns-only"), Optional.empty(), State.PLANNED, Direction.FORWARD),
                Severity.WARNING))
        .containsExactly("no-release-role");
    assertThat(
            c.check(
                example("customer-to-client"), Optional.empty(), State.PLANNED, Direction.FORWARD))
        .isEmpty();
  }
}
