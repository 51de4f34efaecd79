package io.viewswap.api;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import org.junit.jupiter.api.Test;

/**
 * The finding codes are a list people read (and pipelines branch on): one spelling rule for the
 * label, and the list kept in label order so a new code has one place to go. That it is documented
 * is {@code FindingCodeDocsTest}'s.
 */
class FindingCodeTest {

  @Test
  void eachLabelIsTheConstantsNameInLowerCaseWithDashes() {
    for (FindingCode c : FindingCode.values()) {
      assertThat(c.label())
          .as("label of %s", c.name())
          .isEqualTo(c.name().toLowerCase(Locale.ROOT).replace('_', '-'));
    }
  }

  @Test
  void theCodesAreListedInTheOrderOfTheirLabels() {
    List<String> labels = Arrays.stream(FindingCode.values()).map(FindingCode::label).toList();
    assertThat(labels).isSortedAccordingTo(Comparator.naturalOrder());
  }
}
