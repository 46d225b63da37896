package io.coopdistill.simulation.run;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class JsonFileTest {
  @TempDir Path temp;

  @Test
  void theFirstThreeLevelsAreIndentedDeeperObjectsTakeOneLineAndTheTreeReadsBackEqual()
      throws IOException {
    ObjectNode root = Json.object();
    root.put("scenario", "quickstart");
    ObjectNode method = root.putObject("privacy").putObject("cooperative");
    method.put("sent", 12);
    ObjectNode seed = method.putArray("by_seed").addObject();
    seed.put("seed", 0);
    seed.putObject("membership").put("auc", 0.5).putArray("auc_ci95").add(0.4).add(0.6);
    seed.putObject("dcr");
    Path file = temp.resolve("results.json");

    Json.write(file, root);

    String nl = System.lineSeparator();
    assertEquals(
        String.join(
            nl,
            "{",
            "  \"scenario\" : \"quickstart\",",
            "  \"privacy\" : {",
            "    \"cooperative\" : {",
            "      \"sent\" : 12,",
            "      \"by_seed\" : [ { \"seed\" : 0, \"membership\" : { \"auc\" : 0.5,"
                + " \"auc_ci95\" : [ 0.4, 0.6 ] }, \"dcr\" : { } } ]",
            "    }",
            "  }",
            "}"),
        Files.readString(file));
    assertEquals(root, Json.read(file));
  }
}
