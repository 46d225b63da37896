package io.coopdistill.learners.model.dl4j;

import static org.junit.jupiter.api.Assertions.assertTrue;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import io.coopdistill.learners.data.Dataset;
import io.coopdistill.learners.data.FashionMnist;
import io.coopdistill.learners.model.Learners;
import io.coopdistill.learners.model.Model;
import org.junit.jupiter.api.Test;

/** The configured LeNet learns FashionMNIST from a tenth of its training images (seeded stratified subset). */
class FashionMnistCnnTest {

  @Test
  void lenetOnSixThousandTrainingImagesReaches84PercentOnTheTestSet() {
    Config root = ConfigFactory.load();
    Dataset train = FashionMnist.load(root, FashionMnist.Part.TRAIN).stratifiedSplit(0.1, 42).second();
    Dataset test = FashionMnist.load(root, FashionMnist.Part.TEST);
    StringBuilder log = new StringBuilder();
    // The configured defaults, but at most 12 epochs: keeps this test near a minute on 2 quiet cores.
    Model model = Learners.create(ConfigFactory.parseString("type = cnn, max-epochs = 12"), root).train(train, 42,
        (epoch, max, loss, accuracy) -> log.append(String.format("epoch %d loss %.4f validation %.4f%n", epoch, loss, accuracy)));
    int[] predicted = model.predict(test.features());
    int right = 0;
    for (int n = 0; n < predicted.length; n++) if (predicted[n] == test.label(n)) right++;
    double accuracy = (double) right / predicted.length;
    System.out.print(log + "test accuracy " + accuracy + " (" + train.size() + " training images)\n");
    assertTrue(accuracy >= 0.84, "test accuracy " + accuracy + " after\n" + log);
  }
}
