// Creates (or brings in line) every topic listed in topics.tsv: missing topics
// are created, too few partitions are increased, and retention.ms is set.
// Run as a single-file source program on the Kafka jars' classpath, so one JVM
// does all topics: java -cp "libs/*" CreateTopics.java BOOTSTRAP topics.tsv
import java.nio.file.*;
import java.util.*;
import java.util.concurrent.ExecutionException;
import org.apache.kafka.clients.admin.*;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.errors.TopicExistsException;

public class CreateTopics {
  record Topic(String name, int partitions, long retentionMs) {}

  static long parseRetention(String value) {
    long n = Long.parseLong(value.substring(0, value.length() - 1));
    return switch (value.charAt(value.length() - 1)) {
      case 'd' -> n * 86_400_000L;
      case 'h' -> n * 3_600_000L;
      default -> throw new IllegalArgumentException("retention must end in d or h: " + value);
    };
  }

  public static void main(String[] args) throws Exception {
    List<Topic> wanted = new ArrayList<>();
    for (String line : Files.readAllLines(Path.of(args[1]))) {
      if (line.isBlank() || line.startsWith("#")) continue;
      String[] f = line.trim().split("\\s+");
      wanted.add(new Topic(f[0], Integer.parseInt(f[1]), parseRetention(f[2])));
    }
    Properties props = new Properties();
    props.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, args[0]);
    props.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, "60000");
    try (Admin admin = Admin.create(props)) {
      Set<String> existing = admin.listTopics().names().get();
      for (Topic t : wanted) {
        if (!existing.contains(t.name())) {
          NewTopic nt = new NewTopic(t.name(), t.partitions(), (short) 1)
              .configs(Map.of("retention.ms", Long.toString(t.retentionMs())));
          try {
            admin.createTopics(List.of(nt)).all().get();
            System.out.printf("created topic %s (%d partitions, retention.ms=%d)%n", t.name(), t.partitions(), t.retentionMs());
          } catch (ExecutionException e) {
            if (!(e.getCause() instanceof TopicExistsException)) throw e;
          }
          continue;
        }
        int partitions = admin.describeTopics(List.of(t.name())).allTopicNames().get().get(t.name()).partitions().size();
        if (partitions < t.partitions()) {
          admin.createPartitions(Map.of(t.name(), NewPartitions.increaseTo(t.partitions()))).all().get();
          System.out.printf("topic %s: partitions %d -> %d%n", t.name(), partitions, t.partitions());
        }
        ConfigResource res = new ConfigResource(ConfigResource.Type.TOPIC, t.name());
        String current = admin.describeConfigs(List.of(res)).all().get().get(res).get("retention.ms").value();
        if (!current.equals(Long.toString(t.retentionMs()))) {
          AlterConfigOp op = new AlterConfigOp(new org.apache.kafka.clients.admin.ConfigEntry("retention.ms", Long.toString(t.retentionMs())), AlterConfigOp.OpType.SET);
          admin.incrementalAlterConfigs(Map.of(res, List.of(op))).all().get();
          System.out.printf("topic %s: retention.ms %s -> %d%n", t.name(), current, t.retentionMs());
        }
      }
    }
  }
}
