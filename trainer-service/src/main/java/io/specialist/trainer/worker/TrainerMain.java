package io.specialist.trainer.worker;

import io.quarkus.runtime.Quarkus;
import io.quarkus.runtime.annotations.QuarkusMain;
import java.util.Arrays;
import picocli.CommandLine;

/**
 * One image, two entry points: {@code java -jar quarkus-run.jar} starts the service;
 * {@code java -jar quarkus-run.jar train-job ...} runs one training job (as a Kubernetes Job does) without
 * booting the service.
 */
@QuarkusMain
public class TrainerMain {

    public static void main(String... args) {
        if (args.length > 0 && TrainingJobCommand.NAME.equals(args[0])) {
            int code = new CommandLine(new TrainingJobCommand()).execute(Arrays.copyOfRange(args, 1, args.length));
            System.exit(code);
        }
        Quarkus.run(args);
    }
}
