package dev.lui.contract.plan;

/**
 * A plan (or one of its fields) breaks a rule; {@link #field()} names where, e.g. {@code
 * partitions[1].size}.
 */
public final class InvalidPlanException extends Exception {
  private static final long serialVersionUID = 1L;
  private final String field;

  public InvalidPlanException(String field, String message) {
    super(field + ": " + message);
    this.field = field;
  }

  public String field() {
    return field;
  }
}
