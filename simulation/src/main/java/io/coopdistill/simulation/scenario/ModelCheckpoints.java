package io.coopdistill.simulation.scenario;

import io.coopdistill.learners.AtomicFiles;
import io.coopdistill.learners.data.Dataset;
import io.coopdistill.learners.model.Learner;
import io.coopdistill.learners.model.Model;
import io.coopdistill.learners.model.ModelSnapshot;
import io.coopdistill.learners.model.TrainingProgress;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Objects;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Trained models kept on disk, so that a run killed in the middle of a round need not train again
 * the models it had finished: training is deterministic for a learner, its data and its seed, so a
 * model found under the same key is the model training would give. The key holds the site, the
 * learner's description, the seed and a SHA-256 of the training data (rows, labels, classes), so a
 * retraining on augmented data never finds a baseline. Files are written whole or not at all; an
 * unreadable one is trained again.
 */
public final class ModelCheckpoints {
  private static final Logger LOG = LoggerFactory.getLogger(ModelCheckpoints.class);
  private static final String MAGIC = "coopdistill-model-checkpoint-1";

  /** No checkpoints: learners train every time. */
  public static final ModelCheckpoints NONE = new ModelCheckpoints(null);

  private final Path dir;

  private ModelCheckpoints(Path dir) {
    this.dir = dir;
  }

  /** Checkpoints in {@code dir} (created when the first model is saved). */
  public static ModelCheckpoints in(Path dir) {
    return new ModelCheckpoints(Objects.requireNonNull(dir, "dir"));
  }

  /** Where the models are kept; empty for {@link #NONE}. */
  public Optional<Path> dir() {
    return Optional.ofNullable(dir);
  }

  /**
   * {@code learner} as site {@code site} trains with it: a model already trained on the same data
   * with the same seed is restored instead of trained again, and a newly trained one is saved. Only
   * the plain {@link Learner} is kept: capabilities such as warm starts are the raw learner's.
   */
  public Learner of(String site, Learner learner) {
    return dir == null ? learner : new Checkpointed(site, learner);
  }

  private final class Checkpointed implements Learner {
    private final String site;
    private final Learner learner;

    Checkpointed(String site, Learner learner) {
      this.site = site;
      this.learner = learner;
    }

    @Override
    public String name() {
      return learner.name();
    }

    @Override
    public int minimumRows() {
      return learner.minimumRows();
    }

    @Override
    public Model train(Dataset data, long seed, TrainingProgress progress) {
      String key = key(site, learner, data, seed);
      Path file = dir.resolve(fileName(site, learner, seed, key));
      Optional<Model> kept = restore(file, key);
      if (kept.isPresent()) {
        LOG.info(
            "{}: {} model for seed {} on {} rows restored from {}",
            site,
            learner.name(),
            seed,
            data.size(),
            file);
        return kept.get();
      }
      Model model = learner.train(data, seed, progress);
      AtomicFiles.write(file, encode(key, model.snapshot()));
      return model;
    }

    @Override
    public String toString() {
      return learner.toString();
    }
  }

  private static Optional<Model> restore(Path file, String key) {
    if (!Files.isRegularFile(file)) return Optional.empty();
    try (InputStream in = Files.newInputStream(file);
        DataInputStream data = new DataInputStream(in)) {
      if (!MAGIC.equals(data.readUTF()) || !key.equals(data.readUTF())) {
        LOG.warn(
            "{} is not the checkpoint of this model (another format or key); training again", file);
        return Optional.empty();
      }
      String format = data.readUTF();
      byte[] bytes = new byte[data.readInt()];
      data.readFully(bytes);
      return Optional.of(new ModelSnapshot(format, bytes).restore());
    } catch (IOException | RuntimeException e) {
      LOG.warn("cannot restore the model checkpoint {} ({}); training again", file, e.toString());
      return Optional.empty();
    }
  }

  private static byte[] encode(String key, ModelSnapshot snapshot) {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream(snapshot.bytes().length + 256);
    try (DataOutputStream out = new DataOutputStream(bytes)) {
      out.writeUTF(MAGIC);
      out.writeUTF(key);
      out.writeUTF(snapshot.format());
      out.writeInt(snapshot.bytes().length);
      out.write(snapshot.bytes());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return bytes.toByteArray();
  }

  /**
   * A readable prefix (site, learner, seed) and 16 hex digits of the key, safe in any file system.
   */
  private static String fileName(String site, Learner learner, long seed, String key) {
    String readable =
        (site + "-" + learner.name() + "-seed" + seed).replaceAll("[^A-Za-z0-9._-]", "_");
    return readable + "-" + key.substring(0, 16) + ".model";
  }

  /** SHA-256 (hex) of everything the trained model depends on. */
  private static String key(String site, Learner learner, Dataset data, long seed) {
    MessageDigest sha = sha256();
    sha.update(
        (site
                + "\n"
                + learner
                + "\n"
                + seed
                + "\n"
                + data.classNames()
                + "\n"
                + data.numFeatures()
                + "\n")
            .getBytes(StandardCharsets.UTF_8));
    data.digest(sha);
    // Which rows may select the model changes the model; all-own data keeps its earlier key.
    for (int n = 0; n < data.size(); n++)
      if (data.isTrainingOnly(n)) sha.update(ByteBuffer.allocate(4).putInt(n).array());
    return HexFormat.of().formatHex(sha.digest());
  }

  private static MessageDigest sha256() {
    try {
      return MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("this JVM has no SHA-256", e);
    }
  }
}
