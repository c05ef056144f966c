package dev.lui.tests;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;
import static org.assertj.core.api.Assertions.assertThat;

import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The module and package structure of lui's main code (docs/architecture.md), checked on the
 * compiled classes of every module:
 *
 * <ul>
 *   <li>no package depends on itself through other packages (no package cycles);
 *   <li>lui-io (the one process runner and atomic writer) and plan-contract use nothing of lui; the
 *       leaves (tftp-server, dhcp-config, nfsroot-builder, node-agent) use lui-io and the contract
 *       at most, never installer-core or another leaf; installer-core uses them all, never
 *       node-agent's classes;
 *   <li>test-kit uses nothing of lui, and no main code uses it.
 * </ul>
 *
 * <p>Maven already refuses a cycle between modules; this catches what it cannot see: a cycle
 * between packages of one module, and a module using another that is on its class path only at run
 * time (node-agent for installer-core) or transitively.
 */
class ArchitectureTest {
  /** Each module's root package. */
  private static final Map<String, String> MODULES =
      Map.of(
          "lui-io", "dev.lui.io",
          "plan-contract", "dev.lui.contract",
          "tftp-server", "dev.lui.tftp",
          "dhcp-config", "dev.lui.dhcp",
          "nfsroot-builder", "dev.lui.nfsroot",
          "node-agent", "dev.lui.agent",
          "bmc-power", "dev.lui.power",
          "installer-core", "dev.lui.core");

  /** test-kit's package: the real-tools gate, on the class path of tests only. */
  private static final String TEST_KIT = "dev.lui.testkit";

  private static final List<String> LEAVES =
      List.of("tftp-server", "dhcp-config", "nfsroot-builder", "node-agent", "bmc-power");

  private static JavaClasses classes;

  @BeforeAll
  static void importMainClasses() {
    classes =
        new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            // Test fixtures shared as test-jars (plan-contract's TestPlans, nfsroot-builder's
            // ImageContents) are tests too, wherever Maven resolves them from.
            .withImportOption(location -> !location.contains("-tests.jar"))
            .importPackages("dev.lui");
  }

  @Test
  void everyModuleIsOnTheClassPath() {
    for (String pkg : MODULES.values()) {
      assertThat(classes.stream().filter(c -> inModule(c, pkg)).count())
          .as("classes of %s", pkg)
          .isGreaterThan(5);
    }
  }

  @Test
  void noPackageCycles() {
    slices().matching("dev.lui.(**)").namingSlices("$1").should().beFreeOfCycles().check(classes);
  }

  @Test
  void thePlanContractUsesNothingOfLui() {
    noClasses()
        .that()
        .resideInAPackage("dev.lui.contract..")
        .should()
        .dependOnClassesThat()
        .resideInAnyPackage(packagesExcept("plan-contract"))
        .check(classes);
  }

  @Test
  void luiIoUsesNothingOfLui() {
    noClasses()
        .that()
        .resideInAPackage("dev.lui.io..")
        .should()
        .dependOnClassesThat()
        .resideInAnyPackage(packagesExcept("lui-io"))
        .because("every module may use lui-io, so it may use none")
        .check(classes);
  }

  @Test
  void leavesUseLuiIoAndTheContractAtMostNeverCoreOrAnotherLeaf() {
    for (String leaf : LEAVES) {
      noClasses()
          .that()
          .resideInAPackage(MODULES.get(leaf) + "..")
          .should()
          .dependOnClassesThat()
          .resideInAnyPackage(packagesExcept(leaf, "plan-contract", "lui-io"))
          .because(leaf + " is a leaf: it knows only lui-io and the plan contract")
          .check(classes);
    }
  }

  @Test
  void installerCoreNeverUsesTheAgentsClasses() {
    noClasses()
        .that()
        .resideInAPackage("dev.lui.core..")
        .should()
        .dependOnClassesThat()
        .resideInAPackage("dev.lui.agent..")
        .because(
            "core and the agent share the plan contract (dev.lui.contract), not each other's internals")
        .check(classes);
  }

  @Test
  void theTestKitUsesNothingOfLuiAndNoMainCodeUsesIt() {
    noClasses()
        .that()
        .resideInAPackage(TEST_KIT + "..")
        .should()
        .dependOnClassesThat()
        .resideInAnyPackage(packagesExcept())
        .check(classes);
    noClasses()
        .that()
        .resideOutsideOfPackage(TEST_KIT + "..")
        .should()
        .dependOnClassesThat()
        .resideInAPackage(TEST_KIT + "..")
        .because("test-kit is for tests: every module has it in test scope only")
        .check(classes);
  }

  private static boolean inModule(JavaClass c, String pkg) {
    return c.getPackageName().equals(pkg) || c.getPackageName().startsWith(pkg + ".");
  }

  /** Package patterns of every module but {@code keep}. */
  private static String[] packagesExcept(String... keep) {
    List<String> kept = List.of(keep);
    return MODULES.entrySet().stream()
        .filter(m -> !kept.contains(m.getKey()))
        .map(m -> m.getValue() + "..")
        .sorted()
        .toArray(String[]::new);
  }
}
