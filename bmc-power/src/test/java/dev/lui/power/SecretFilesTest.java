package dev.lui.power;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SecretFilesTest {
  @TempDir Path dir;

  private final BmcAddress n01 = BmcAddress.parse("ipmi://admin@10.0.0.5");
  private final BmcAddress n02 = BmcAddress.parse("ipmi://admin@[fd00::6]");

  private Path write(String name, String content, String mode) throws Exception {
    Path p = dir.resolve(name);
    Files.writeString(p, content);
    Files.setPosixFilePermissions(p, PosixFilePermissions.fromString(mode));
    return p;
  }

  @Test
  void readsTheFirstLineOfA0600File() throws Exception {
    Path f = write("pw", "s3cret\nignored\n", "rw-------");
    assertThat(SecretFiles.file(f).passwordFor(n01).reveal()).isEqualTo("s3cret");
    write("pw2", "other\r\n", "r--------");
    assertThat(SecretFiles.file(dir.resolve("pw2")).passwordFor(n01).reveal()).isEqualTo("other");
  }

  @Test
  void refusesAGroupOrWorldReadableFileNamingTheFix() throws Exception {
    for (String mode : new String[] {"rw-r-----", "rw----r--", "rw-r--r--"}) {
      Path f = write("pw-" + mode, "s3cret\n", mode);
      assertThatThrownBy(() -> SecretFiles.file(f).passwordFor(n01))
          .isInstanceOfSatisfying(
              BmcException.class, e -> assertThat(e.failure()).isEqualTo(BmcFailure.NO_PASSWORD))
          .hasMessageContaining("may be read by its group or others")
          .hasMessageContaining("run chmod 600 " + f)
          .hasMessageNotContaining("s3cret");
    }
  }

  @Test
  void directoryHasAFilePerHostThenDefault() throws Exception {
    write("10.0.0.5", "one\n", "rw-------");
    write("fd00::6", "two\n", "rw-------");
    SecretFiles secrets = SecretFiles.directory(dir);
    assertThat(secrets.passwordFor(n01).reveal()).isEqualTo("one");
    assertThat(secrets.passwordFor(n02).reveal()).isEqualTo("two");
    BmcAddress n03 = BmcAddress.parse("ipmi://admin@n03-bmc");
    assertThatThrownBy(() -> secrets.passwordFor(n03))
        .hasMessageContaining("neither " + dir.resolve("n03-bmc"))
        .hasMessageContaining("nor " + dir.resolve("default"))
        .hasMessageContaining("mode 0600");
    write("default", "shared\n", "rw-------");
    assertThat(secrets.passwordFor(n03).reveal()).isEqualTo("shared");
  }

  @Test
  void refusesEmptyMissingAndNonRegularFiles() throws Exception {
    Path empty = write("empty", "\n", "rw-------");
    assertThatThrownBy(() -> SecretFiles.file(empty).passwordFor(n01))
        .hasMessageContaining("is empty");
    assertThatThrownBy(() -> SecretFiles.file(dir.resolve("nope")).passwordFor(n01))
        .hasMessageContaining("does not exist");
    Files.createDirectory(dir.resolve("adir"));
    assertThatThrownBy(() -> SecretFiles.file(dir.resolve("adir")).passwordFor(n01))
        .hasMessageContaining("is not a regular file");
    assertThatThrownBy(() -> SecretFiles.directory(dir.resolve("nodir")).passwordFor(n01))
        .hasMessageContaining("password directory");
  }

  @Test
  void passwordsNeverPrint() {
    assertThat(BmcPassword.of("s3cret")).hasToString("****");
    assertThatThrownBy(() -> BmcPassword.of("")).hasMessage("the BMC password is empty");
    assertThatThrownBy(() -> BmcPassword.of("a\tb"))
        .hasMessage("the BMC password holds a control character");
  }

  @Test
  void inMemoryTwinAnswersLikeTheFiles() throws Exception {
    SecretSource s = SecretSource.of(Map.of(n01, BmcPassword.of("x")));
    assertThat(s.passwordFor(n01).reveal()).isEqualTo("x");
    assertThatThrownBy(() -> s.passwordFor(n02))
        .isInstanceOf(BmcException.class)
        .hasMessage("no password for BMC ipmi://admin@[fd00::6]:623");
  }
}
