package io.viewswap.pg;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Where the demo looks for the binaries jar, in order, and what it says when there is none. */
class BinariesJarLocateTest {
  @TempDir Path dir;

  private Path jar(Path folder, String version) throws IOException {
    Files.createDirectories(folder);
    return Files.createFile(folder.resolve(BinariesJar.JAR_PREFIX + version + ".jar"));
  }

  @Test
  void theSystemPropertyWinsOverTheEnvironmentAndTheBuildDirectories() throws IOException {
    Path fromProperty = jar(dir.resolve("prop"), "18.1.0");
    Path fromEnv = jar(dir.resolve("env"), "18.1.0");
    jar(dir.resolve("cwd/target/pg-binaries"), "18.1.0");

    assertThat(
            BinariesJar.locate(
                18,
                fromProperty.getParent().toString(),
                fromEnv.toString(),
                Optional.empty(),
                dir.resolve("cwd")))
        .as("a directory in the property")
        .isEqualTo(fromProperty);
    assertThat(
            BinariesJar.locate(18, null, fromEnv.toString(), Optional.empty(), dir.resolve("cwd")))
        .as("a jar named directly in the environment")
        .isEqualTo(fromEnv);
  }

  @Test
  void aWrongExplicitSettingFailsInsteadOfFallingBack() throws IOException {
    jar(dir.resolve("cwd/target/pg-binaries"), "18.1.0");
    Path onlySixteen = jar(dir.resolve("sixteen"), "16.10.0").getParent();

    assertThatThrownBy(
            () ->
                BinariesJar.locate(
                    18, null, onlySixteen.toString(), Optional.empty(), dir.resolve("cwd")))
        .as("the user named a place; silently using another would hide the mistake")
        .isInstanceOf(IOException.class)
        .hasMessageContaining(BinariesJar.ENV)
        .hasMessageContaining("16.10.0");
  }

  @Test
  void nextToTheRunningJarComesBeforeTheWorkingDirectory() throws IOException {
    Path besideJar = jar(dir.resolve("dist/pg-binaries"), "18.1.0");
    jar(dir.resolve("cwd/target/pg-binaries"), "18.1.0");
    Path viewswapJar = dir.resolve("dist/viewswap.jar");

    assertThat(BinariesJar.locate(18, null, null, Optional.of(viewswapJar), dir.resolve("cwd")))
        .isEqualTo(besideJar);
    assertThat(
            BinariesJar.locate(
                18,
                "",
                " ",
                Optional.of(dir.resolve("elsewhere/viewswap.jar")),
                dir.resolve("cwd")))
        .as(
            "blank settings count as unset; a jar without pg-binaries/ beside it falls through to target/")
        .isEqualTo(dir.resolve("cwd/target/pg-binaries/" + BinariesJar.JAR_PREFIX + "18.1.0.jar"));
  }

  @Test
  void nothingFoundSaysWhereItLookedAndWhichBuildCommandFillsIt() {
    Path cwd = dir.resolve("cwd");
    assertThatThrownBy(() -> BinariesJar.locate(18, null, null, Optional.empty(), cwd))
        .isInstanceOf(IOException.class)
        .hasMessageContaining(cwd.resolve("target/pg-binaries").toString())
        .hasMessageContaining("./mvnw -q package -DskipTests`");
    assertThatThrownBy(() -> BinariesJar.locate(16, null, null, Optional.empty(), cwd))
        .as("another major needs -Dpg.major")
        .hasMessageContaining("./mvnw -q package -DskipTests -Dpg.major=16`");
  }
}
