package dev.lui.power;

import java.util.Objects;
import java.util.Optional;

/** What one node's BMC did in a {@link PowerBatch}: done, or failed with one line saying why. */
public sealed interface PowerResult permits PowerResult.Done, PowerResult.Failed {
  /** The node's name, as the caller gave it. */
  String node();

  BmcAddress bmc();

  PowerOperation operation();

  /** One line for people: {@code n01 ipmi://admin@10.0.0.5:623 power status: on}. */
  String line();

  private static void requireCommon(String node, BmcAddress bmc, PowerOperation operation) {
    Objects.requireNonNull(node, "node");
    Objects.requireNonNull(bmc, "bmc");
    Objects.requireNonNull(operation, "operation");
  }

  /** The operation succeeded; {@code state} is the power state when it reports one (status). */
  record Done(String node, BmcAddress bmc, PowerOperation operation, Optional<PowerState> state)
      implements PowerResult {
    public Done {
      requireCommon(node, bmc, operation);
      Objects.requireNonNull(state, "state");
    }

    @Override
    public String line() {
      return node
          + " "
          + bmc
          + " "
          + operation.description()
          + ": "
          + state.map(PowerState::word).orElse("ok");
    }
  }

  /** The operation failed: the kind, and the message (one line, no password). */
  record Failed(
      String node, BmcAddress bmc, PowerOperation operation, BmcFailure failure, String message)
      implements PowerResult {
    public Failed {
      requireCommon(node, bmc, operation);
      Objects.requireNonNull(failure, "failure");
      message = BmcException.oneLine(message);
    }

    @Override
    public String line() {
      return node + " " + bmc + " " + operation.description() + " failed: " + message;
    }
  }
}
