package dev.lui.contract.plan;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import dev.lui.contract.AgentJson;

/**
 * Reads and writes install plans as JSON (format: {@code docs/plan-format.md}).
 *
 * <p>{@link #fromJson} checks the version first (so a plan for another agent is never partly
 * interpreted), then maps strictly (unknown fields are errors), then applies {@link #validate}.
 * Every failure is an {@link InvalidPlanException} naming the JSON field at fault.
 */
public final class PlanCodec {
  private static final ObjectMapper MAPPER = AgentJson.newMapper();
  private static final ObjectMapper PRETTY =
      AgentJson.newMapper().enable(SerializationFeature.INDENT_OUTPUT);

  private PlanCodec() {}

  /** Pretty, stable JSON (fields in record order, empty Optionals omitted). */
  public static String toJson(InstallPlan plan) {
    try {
      return PRETTY.writeValueAsString(plan) + "\n";
    } catch (JsonProcessingException e) {
      // Records of strings cannot fail to serialize; if they do it is a programming error.
      throw new IllegalStateException("cannot serialize plan: " + e.getOriginalMessage(), e);
    }
  }

  public static InstallPlan fromJson(String json) throws InvalidPlanException {
    JsonNode tree;
    try {
      tree = MAPPER.readTree(json);
    } catch (JsonProcessingException e) {
      throw new InvalidPlanException("$", "not valid JSON: " + e.getOriginalMessage());
    }
    if (tree == null || !tree.isObject()) {
      throw new InvalidPlanException("$", "a plan must be a JSON object");
    }
    JsonNode version = tree.get("version");
    if (version == null || !version.isIntegralNumber()) {
      throw new InvalidPlanException(
          "version",
          "missing or not an integer; this agent supports plan version "
              + InstallPlan.CURRENT_VERSION);
    }
    if (version.asLong() != InstallPlan.CURRENT_VERSION) {
      throw new InvalidPlanException(
          "version",
          "plan version "
              + version.asText()
              + " is not supported; this agent supports plan version "
              + InstallPlan.CURRENT_VERSION);
    }
    InstallPlan plan;
    try {
      plan = MAPPER.treeToValue(tree, InstallPlan.class);
    } catch (JsonMappingException e) {
      throw new InvalidPlanException(path(e), describe(e));
    } catch (JsonProcessingException e) {
      throw new InvalidPlanException("$", e.getOriginalMessage());
    }
    validate(plan);
    return plan;
  }

  /** Validates a plan built in memory, with the same rules {@link #fromJson} applies. */
  public static void validate(InstallPlan plan) throws InvalidPlanException {
    PlanValidator.validate(plan);
  }

  private static String describe(JsonMappingException e) {
    if (e instanceof UnrecognizedPropertyException u) {
      return "unknown field '" + u.getPropertyName() + "'";
    }
    Throwable root = e;
    while (root.getCause() != null && root.getCause() != root) {
      root = root.getCause();
    }
    String msg = root == e ? e.getOriginalMessage() : root.getMessage();
    if (root instanceof NullPointerException) {
      msg = "a required field is missing or null";
    }
    return msg == null ? root.getClass().getSimpleName() : firstLine(msg);
  }

  private static String firstLine(String s) {
    int nl = s.indexOf('\n');
    return nl < 0 ? s : s.substring(0, nl);
  }

  /** Jackson's reference chain as {@code partitions.partitions[1].size}. */
  static String path(JsonMappingException e) {
    StringBuilder sb = new StringBuilder();
    for (JsonMappingException.Reference ref : e.getPath()) {
      if (ref.getIndex() >= 0) {
        sb.append('[').append(ref.getIndex()).append(']');
      } else if (ref.getFieldName() != null) {
        if (sb.length() > 0) {
          sb.append('.');
        }
        sb.append(ref.getFieldName());
      }
    }
    return sb.length() == 0 ? "$" : sb.toString();
  }
}
