package dev.lui.core;

import static org.assertj.core.api.Assertions.assertThat;

import dev.lui.contract.value.InvalidValueException;
import org.junit.jupiter.api.Test;

class LuiExceptionTest {
  @Test
  void aLeafsRefusalIsInvalidInputWithItsMessageUnchanged() {
    InvalidValueException leaf =
        new InvalidValueException(
            "nfsRoot", "/r", "server:/absolute/path", "nfsRoot \"/r\" must have the form x");
    LuiException e = LuiException.invalid(leaf);
    assertThat(e.kind()).isEqualTo(ErrorKind.INVALID_INPUT);
    assertThat(e.kind().exitCode()).isEqualTo(2);
    assertThat(e).hasMessage("nfsRoot \"/r\" must have the form x").hasCause(leaf);
  }
}
