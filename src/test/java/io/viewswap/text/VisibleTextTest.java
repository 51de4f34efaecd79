package io.viewswap.text;

import static org.assertj.core.api.Assertions.assertThat;

import io.viewswap.spec.Diagnostic;
import io.viewswap.spec.Position;
import org.junit.jupiter.api.Test;

class VisibleTextTest {
  @Test
  void plainTextIsUnchanged() {
    assertThat(VisibleText.oneLine("public.customer (Zoë, 客户)"))
        .isEqualTo("public.customer (Zoë, 客户)");
  }

  @Test
  void terminalSequencesBidiAndSeparatorsAreMadeVisible() {
    assertThat(VisibleText.oneLine("a\u001b[2Jb\u0007c\u202ed\u2028e\u009bf\tg"))
        .isEqualTo("a\\u001b[2Jb\\u0007c\\u202ed\\u2028e\\u009bf\\u0009g");
  }

  @Test
  void linesKeepTheirBreaksButNothingElse() {
    assertThat(VisibleText.lines("one\r\ntwo\n\u001b]0;x\u0007"))
        .isEqualTo("one\ntwo\n\\u001b]0;x\\u0007");
    assertThat(VisibleText.oneLine("one\ntwo")).isEqualTo("one\\u000atwo");
  }

  @Test
  void aDiagnosticStaysTwoLinesWhateverItQuotes() {
    Diagnostic d =
        new Diagnostic(
            "spec.yaml", Position.UNKNOWN, "function \"f\nerror: x\" reads it", "fix\u001b[31m");
    assertThat(d.format().lines()).hasSize(2);
    assertThat(d.format()).doesNotContain("\u001b").contains("f\\u000aerror: x");
  }
}
