package dev.lui.nfsroot.boot;

import static org.assertj.core.api.Assertions.assertThat;

import dev.lui.contract.value.MacAddress;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

class BootLoadersTest {
  private static final MacAddress MAC = MacAddress.parse("52:54:00:aa:bb:cc");
  private static final NodeBoot BOOT = NodeBootTest.boot(List.of());

  @Test
  void everyPermitIsRegisteredExactlyOnce() {
    List<Class<?>> registered =
        BootLoaders.ALL.stream().<Class<?>>map(BootLoader::getClass).toList();
    assertThat(registered)
        .as("BootLoaders.ALL: one line per permit of BootLoader")
        .containsExactlyInAnyOrder(BootLoader.class.getPermittedSubclasses());
  }

  @Test
  void namesDirectoriesAndFixedFilesAreDistinct() {
    assertThat(BootLoaders.ALL.stream().map(BootLoader::name)).doesNotHaveDuplicates();
    assertThat(BootLoaders.ALL.stream().map(l -> l.entryPath(MAC))).doesNotHaveDuplicates();
    assertThat(BootLoaders.ALL.stream().flatMap(l -> l.fixedFiles().keySet().stream()))
        .doesNotHaveDuplicates()
        .allSatisfy(path -> assertThat(BootLoaders.parse(path)).isEmpty());
  }

  @Test
  void eachEntryPathParsesBackToItsLoaderAndMac() {
    for (BootLoader loader : BootLoaders.ALL) {
      String path = loader.entryPath(MAC);
      assertThat(BootLoaders.parse(path)).contains(new BootLoaders.Request(loader, MAC));
      assertThat(BootLoaders.parse("/" + path.toUpperCase(java.util.Locale.ROOT)))
          .as("upper case is a different file name outside the MAC")
          .isEmpty();
      String upperMac = path.replace("52-54-00-aa-bb-cc", "52-54-00-AA-BB-CC");
      assertThat(BootLoaders.parse("/" + upperMac)).contains(new BootLoaders.Request(loader, MAC));
    }
  }

  @Test
  void aPathWithAMacNoNodeCanHaveNamesNoEntry() {
    for (String mac : List.of("ff-ff-ff-ff-ff-ff", "00-00-00-00-00-00", "01-00-5e-00-00-01")) {
      for (BootLoader loader : BootLoaders.ALL) {
        String path = loader.entryPath(MAC).replace("52-54-00-aa-bb-cc", mac);
        assertThat(BootLoaders.parse(path)).as(path).isEmpty();
      }
    }
  }

  @Test
  void pathsThatOnlyLookLikeEntriesAreNotEntries() {
    assertThat(BootLoaders.parse("pxelinux.cfg/01-52:54:00:aa:bb:cc")).isEmpty();
    assertThat(BootLoaders.parse("pxelinux.cfg/01-52-54-00-aa-bb-cc-dd")).isEmpty();
    assertThat(BootLoaders.parse("ipxe/52-54-00-aa-bb-cc")).isEmpty();
    assertThat(BootLoaders.parse("ipxe/boot.ipxe")).isEmpty();
    assertThat(BootLoaders.parse("boot/grub/grub.cfg")).isEmpty();
  }

  @Test
  void everyEntryIsMarkedAsLuis() {
    for (BootLoader loader : BootLoaders.ALL) {
      assertThat(loader.renderInstall(BOOT)).as(loader.name()).contains(BootLoaders.MARKER);
      assertThat(loader.renderLocalBoot("node01")).as(loader.name()).contains(BootLoaders.MARKER);
      assertThat(loader.entries().directory())
          .as(loader.name())
          .isEqualTo(loader.entryPath(MAC).substring(0, loader.entryPath(MAC).lastIndexOf('/')));
    }
  }

  @Test
  void theIpxeChainScriptChainsToTheNodesOwnEntry() {
    assertThat(BootLoaders.fixedFile(Ipxe.CHAIN_PATH))
        .contains(
            "#!ipxe\n"
                + "# lui: chain to this machine's own entry; no entry means boot the next device\n"
                + "chain --autofree /ipxe/${mac:hexhyp}.ipxe || exit\n");
    assertThat(BootLoaders.fixedFile("ipxe/other.ipxe")).isEmpty();
    assertThat(Arrays.asList(BootLoader.class.getPermittedSubclasses())).contains(Ipxe.class);
  }
}
