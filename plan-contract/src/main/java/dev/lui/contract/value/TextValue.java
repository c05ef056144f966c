package dev.lui.contract.value;

/**
 * A value that is one checked text: made only by its type's {@code parse}, equal to another of the
 * same type with the same text, printed as that text.
 */
abstract class TextValue {
  private final String value;

  TextValue(String value) {
    this.value = value;
  }

  /** The text, as the type's parser normalised it. */
  public String value() {
    return value;
  }

  @Override
  public final boolean equals(Object o) {
    return o != null && o.getClass() == getClass() && ((TextValue) o).value.equals(value);
  }

  @Override
  public final int hashCode() {
    return value.hashCode();
  }

  @Override
  public final String toString() {
    return value;
  }
}
