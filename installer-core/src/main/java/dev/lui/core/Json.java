package dev.lui.core;

import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.datatype.jdk8.Jdk8Module;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import dev.lui.contract.AgentJson;

/**
 * The mappers lui's server and CLI share. JSON is the agent's own configuration ({@link
 * AgentJson}), so API bodies, store rows and plans follow one set of rules; YAML reads cluster and
 * settings files. Both refuse a key given twice in one object (instead of keeping the last).
 */
public final class Json {
  private static final ObjectMapper JSON =
      ((JsonMapper) AgentJson.newMapper())
          .rebuild()
          .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
          .build();

  /** A holder: built on first use, so commands that read no YAML skip SnakeYAML's start-up. */
  private static final class Yaml {
    private static final ObjectMapper YAML =
        new ObjectMapper(new YAMLFactory())
            .registerModule(new Jdk8Module())
            .registerModule(new JavaTimeModule())
            .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
            .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .enable(com.fasterxml.jackson.core.JsonParser.Feature.STRICT_DUPLICATE_DETECTION);
  }

  private Json() {}

  public static ObjectMapper json() {
    return JSON;
  }

  public static ObjectMapper yaml() {
    return Yaml.YAML;
  }
}
