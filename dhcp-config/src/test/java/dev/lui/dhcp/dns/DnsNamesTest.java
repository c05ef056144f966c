package dev.lui.dhcp.dns;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.lui.contract.value.InvalidValueException;
import org.junit.jupiter.api.Test;
import org.xbill.DNS.Name;

class DnsNamesTest {

  @Test
  void absoluteAddsTheMissingFinalDot() {
    assertThat(DnsNames.absolute("zone", "cluster.example.org"))
        .hasToString("cluster.example.org.")
        .isEqualTo(DnsNames.absolute("zone", "cluster.example.org."));
    assertThat(DnsNames.absolute("zone", "cluster.example.org").isAbsolute()).isTrue();
  }

  @Test
  void aHostNameWithDotsIsRelativeToTheZone() throws Exception {
    Name zone = Name.fromString("example.org.");

    assertThat(DnsNames.host("n1.rack1", zone)).hasToString("n1.rack1.example.org.");
    assertThat(DnsNames.host("n1.elsewhere.", zone)).hasToString("n1.elsewhere.");
  }

  @Test
  void refusesTextThatIsNoDnsNameNamingTheFieldAndTheRule() {
    String longLabel = "a".repeat(64);

    assertThatThrownBy(() -> DnsNames.absolute("domain", longLabel))
        .isInstanceOf(InvalidValueException.class)
        .hasMessageStartingWith("domain '" + longLabel + ".' is invalid: must be a DNS name (")
        .extracting(e -> ((InvalidValueException) e).field())
        .isEqualTo("domain");
    assertThatThrownBy(() -> DnsNames.host(longLabel, Name.root))
        .hasMessageStartingWith("hostname '" + longLabel + "' is invalid: must be a DNS name (");
  }
}
