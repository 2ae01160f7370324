import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

/**
 * {@code demo}: streams a domain corpus into the raw topic through a real Kafka producer and narrates the
 * loop from the services' own APIs: documents ingested, drift statistic against its threshold, the
 * detection, training progress, the gate's decision with domain and general bits per byte, the hot swap,
 * and the same prompt answered before and after. Exit 0 only when serving answers with the new model.
 *
 * <p>The last {@code --probe} documents of the corpus are never produced: they measure the domain score
 * before and after on text no model trained on.
 */
final class DemoCommand {

    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private static final PrintStream OUT = System.out;
    private static final String GENERAL_PROBE = "The committee said the city had no money left for the new school, "
            + "and the mayor told reporters that he would ask the state for help before the end of the year.";

    private final String serving;
    private final String ingest;
    private final String drift;
    private final String trainer;
    private final String domain;
    private final String prompt;
    private final long start = System.nanoTime();
    private final Map<String, Double> marks = new LinkedHashMap<>();
    private final boolean tty = System.console() != null;

    private DemoCommand(SpecialistTool.Args args) {
        serving = url(args, "--serving");
        ingest = url(args, "--ingest");
        drift = url(args, "--drift");
        trainer = url(args, "--trainer");
        domain = chooseDomain(args);
        prompt = args.optional("--prompt") != null ? args.optional("--prompt") : "The list method";
    }

    /**
     * The demo's domain. A rerun on the same SPECIALIST_HOME finds its default domain already learned (the
     * corpus would only be deduplicated, and nothing would drift), so without an explicit {@code --domain}
     * it takes the first of python, python-2, python-3... that ingest has never seen. The base model,
     * which is the expensive part, is reused from the registry.
     */
    private String chooseDomain(SpecialistTool.Args args) {
        String requested = args.optional("--domain");
        if (requested != null) {
            return requested;
        }
        String base = "python";
        for (int n = 1; n < 1000; n++) {
            String candidate = n == 1 ? base : base + "-" + n;
            if (getOrNull(ingest + "/v1/domains/" + candidate) == null
                    && getOrNull(trainer + "/v1/models/" + candidate + "@1") == null) {
                if (n > 1) {
                    line("'" + base + "' was learned by an earlier demo run on this SPECIALIST_HOME; this run streams the"
                            + " same corpus as the new domain '" + candidate + "' (bin/specialist demo --domain D to choose)");
                }
                return candidate;
            }
        }
        throw new SpecialistTool.Failure("no free demo domain name; pass --domain D");
    }

    static int run(SpecialistTool.Args args) {
        return new DemoCommand(args).narrate(args);
    }

    private int narrate(SpecialistTool.Args args) {
        Path corpus = Path.of(args.required("--corpus"));
        int probeCount = args.integer("--probe", 40);
        long deadline = System.nanoTime() + Duration.ofSeconds(args.integer("--timeout", 900)).toNanos();
        List<String> lines = readCorpus(corpus);
        if (lines.size() <= probeCount) {
            throw new SpecialistTool.Failure(corpus + " has " + lines.size() + " documents; need more than --probe " + probeCount);
        }
        List<String> stream = lines.subList(0, lines.size() - probeCount);
        List<String> probe = lines.subList(lines.size() - probeCount, lines.size()).stream()
                .map(l -> parse(l).path("text").asText()).toList();

        heading("1. Base model");
        String base = awaitBaseModel(deadline);
        Answer before = complete();
        double domainBefore = meanScore(domain, probe);
        double generalBefore = score(domain, GENERAL_PROBE).path("bitsPerByte").asDouble();
        OUT.printf("   served for '%s': %s%n", domain, before.version);
        OUT.printf("   %s bits/byte on %d unseen %s documents: %.3f%n", before.version, probe.size(), domain, domainBefore);
        OUT.printf("   ask \"%s\" -> %s%n", prompt, quote(before.text));

        heading("2. Streaming " + stream.size() + " '" + domain + "' documents into specialist.documents.raw");
        CompletableFuture<Integer> producing = CompletableFuture.supplyAsync(() -> produce(args, stream));
        mark("first document produced");

        heading("3. Drift, training, gate, swap (live)");
        String newVersion = follow(before.version, deadline);
        int produced = producing.join();
        if (newVersion == null) {
            OUT.println();
            OUT.println("The loop did not complete before the timeout: see bin/specialist logs trainer|drift|ingest.");
            summary(base, before, null, domainBefore, Double.NaN, generalBefore, Double.NaN, produced);
            return 1;
        }

        heading("4. After");
        Answer after = complete();
        double domainAfter = meanScore(domain, probe);
        double generalAfter = score(domain, GENERAL_PROBE).path("bitsPerByte").asDouble();
        OUT.printf("   ask \"%s\" -> %s%n", prompt, quote(after.text));
        summary(base, before, after, domainBefore, domainAfter, generalBefore, generalAfter, produced);
        return newVersion.equals(after.version) ? 0 : 1;
    }

    /** Polls the four services once a second until serving answers the domain with a new version. */
    private String follow(String oldVersion, long deadline) {
        boolean detected = false;
        String announcedJob = null;
        String gateShown = null;
        while (System.nanoTime() < deadline) {
            JsonNode stats = getOrNull(ingest + "/v1/domains/" + domain);
            JsonNode state = getOrNull(drift + "/v1/drift/" + domain);
            JsonNode job = latestJob();
            long docs = stats == null ? 0 : stats.path("documents").asLong();
            String driftLine = state == null ? "waiting for the first score"
                    : String.format(Locale.ROOT, "%s %.1f / threshold %.1f (%s)", state.path("test").asText(),
                            state.path("statistic").asDouble(), state.path("threshold").asDouble(),
                            state.path("state").asText());
            if (!detected && state != null && state.hasNonNull("lastDetection")) {
                detected = true;
                mark("drift detected");
                JsonNode d = state.get("lastDetection");
                line(String.format(Locale.ROOT, "   DRIFT on '%s': statistic %.2f >= threshold %.2f (%s); drift has seen %d"
                        + " documents, ingest holds %d", domain, d.path("statistic").asDouble(), d.path("threshold").asDouble(),
                        d.path("reason").asText(state.path("test").asText()), state.path("documents").asLong(), docs));
            }
            String jobLine = "no job yet";
            if (job != null) {
                String id = job.path("id").asText();
                String jobState = job.path("state").asText();
                if (!id.equals(announcedJob)) {
                    announcedJob = id;
                    mark("job queued");
                    line("   JOB " + shortId(id) + " queued by " + job.path("trigger").path("source").asText("?")
                            + ", continuing from " + job.path("parent").asText("the base model"));
                }
                jobLine = "job " + progressText(job, "training");
                if (isTerminal(jobState) && !id.equals(gateShown)) {
                    gateShown = id;
                    mark("gate decided");
                    showGate(job);
                    if (!jobState.equals("succeeded")) {
                        return null;
                    }
                }
            }
            Answer now = complete();
            if (now.version != null && !now.version.equals(oldVersion) && now.version.startsWith(domain + "@")) {
                mark("serving swapped");
                line("   SWAP serving now answers '" + domain + "' with " + now.version);
                return now.version;
            }
            status(String.format(Locale.ROOT, "   %5.0fs  ingested %d | drift %s | %s | serving %s", elapsed(), docs,
                    driftLine, jobLine, now.version));
            SpecialistTool.sleep(1000);
        }
        return null;
    }

    /**
     * A job's progress in a few words: the optimiser step while it trains; before that (data, tokenizer)
     * and after it (evaluation, Fisher, export) the phase it reports.
     */
    private static String progressText(JsonNode job, String trainingPhase) {
        JsonNode p = job.path("progress");
        String state = job.path("state").asText();
        String phase = p.path("phase").asText("");
        if (p.has("step") && phase.equals(trainingPhase)) {
            return String.format(Locale.ROOT, "%s step %d/%d loss %.3f %.0f tok/s ETA %ds", state,
                    p.path("step").asInt(), p.path("steps").asInt(), p.path("loss").asDouble(),
                    p.path("tokensPerSecond").asDouble(), p.path("etaSeconds").asInt());
        }
        String trained = p.has("step") ? String.format(Locale.ROOT, ", trained %d/%d steps, loss %.3f",
                p.path("step").asInt(), p.path("steps").asInt(), p.path("loss").asDouble()) : "";
        return state + (phase.isEmpty() ? "" : " (" + phase + trained + ")");
    }

    private void showGate(JsonNode job) {
        JsonNode m = job.path("metrics");
        double db = m.path("domainBitsPerByteBefore").asDouble(Double.NaN);
        double da = m.path("domainBitsPerByteAfter").asDouble(Double.NaN);
        double gb = m.path("generalBitsPerByteBefore").asDouble(Double.NaN);
        double ga = m.path("generalBitsPerByteAfter").asDouble(Double.NaN);
        line(String.format(Locale.ROOT, "   GATE %s: domain bits/byte %.3f -> %.3f (%+.1f%%), general %.3f -> %.3f (%+.1f%%)%s",
                job.path("state").asText().toUpperCase(Locale.ROOT), db, da, 100 * (da - db) / db, gb, ga,
                100 * (ga - gb) / gb, job.hasNonNull("reason") ? " - " + job.path("reason").asText() : ""));
    }

    private void summary(String base, Answer before, Answer after, double domainBefore, double domainAfter,
            double generalBefore, double generalAfter, int produced) {
        heading("Summary");
        OUT.printf("   %-34s %s%n", "documents produced", produced);
        OUT.printf("   %-34s %s -> %s%n", "model serving '" + domain + "'", before.version, after == null ? "(unchanged)" : after.version);
        OUT.printf(Locale.ROOT, "   %-34s %.3f -> %.3f%n", domain + " bits/byte (unseen docs)", domainBefore, domainAfter);
        OUT.printf(Locale.ROOT, "   %-34s %.3f -> %.3f%n", "general bits/byte (probe sentence)", generalBefore, generalAfter);
        OUT.printf("   %-34s %s%n", "base model", base);
        double previous = 0;
        for (Map.Entry<String, Double> e : marks.entrySet()) {
            OUT.printf(Locale.ROOT, "   %-34s at %6.1fs (+%.1fs)%n", e.getKey(), e.getValue(), e.getValue() - previous);
            previous = e.getValue();
        }
        if (marks.containsKey("first document produced") && marks.containsKey("serving swapped")) {
            // The freshness figure of bench/loop: first document of the new domain -> new model answering.
            OUT.printf(Locale.ROOT, "   %-34s %.1fs%n", "freshness (first doc -> swap)",
                    marks.get("serving swapped") - marks.get("first document produced"));
        }
        OUT.printf(Locale.ROOT, "   %-34s %.1fs%n", "demo wall time (after up)", elapsed());
    }

    private String awaitBaseModel(long deadline) {
        String announced = null;
        while (System.nanoTime() < deadline) {
            JsonNode models = getOrNull(trainer + "/v1/models");
            String version = null;
            if (models != null) {
                for (JsonNode m : models) {
                    if (m.path("domain").asText().equals("general")) {
                        version = m.path("version").asText();
                    }
                }
            }
            if (version != null) {
                if (!version.equals(announced)) {
                    announced = version;
                    mark("base model in the registry");
                    line("   base model " + version + " is in the registry");
                }
                if (complete().version != null) {
                    mark("base model served");
                    return version;
                }
                status("   waiting for serving to load " + version);
                SpecialistTool.sleep(1000);
                continue;
            }
            JsonNode jobs = getOrNull(trainer + "/v1/jobs?domain=general&limit=1");
            if (jobs != null && jobs.size() > 0) {
                status("   pretraining the base model on the bundled general corpus: " + progressText(jobs.get(0), "pretraining"));
            } else {
                status("   waiting for the trainer's base model");
            }
            SpecialistTool.sleep(1000);
        }
        throw new SpecialistTool.Failure("no base model within the timeout; see bin/specialist logs trainer");
    }

    private int produce(SpecialistTool.Args args, List<String> docs) {
        try {
            Path file = Files.createTempFile("specialist-demo-", ".ndjson");
            try {
                // The corpus lines carry their own "domain", which would win over --domain: set the demo's.
                List<String> retagged = new ArrayList<>(docs.size());
                for (String line : docs) {
                    JsonNode node = parse(line);
                    if (node instanceof ObjectNode doc) {
                        doc.put("domain", domain);
                        retagged.add(doc.toString());
                    }
                }
                Files.write(file, retagged, StandardCharsets.UTF_8);
                List<String> argv = List.of("--bootstrap", args.required("--bootstrap"), "--topic", args.required("--topic"),
                        "--domain", domain, file.toString());
                SpecialistTool.ProduceCommand.run(SpecialistTool.Args.parse(argv));
                return docs.size();
            } finally {
                Files.deleteIfExists(file);
            }
        } catch (IOException e) {
            throw new SpecialistTool.Failure("cannot stage the corpus: " + e.getMessage());
        }
    }

    private JsonNode latestJob() {
        JsonNode jobs = getOrNull(trainer + "/v1/jobs?domain=" + domain + "&limit=1");
        return jobs != null && jobs.size() > 0 ? jobs.get(0) : null;
    }

    private record Answer(String version, String text) {
    }

    private Answer complete() {
        ObjectNode body = SpecialistTool.JSON.createObjectNode();
        body.put("model", domain);
        body.put("prompt", prompt);
        body.put("max_tokens", 32);
        body.put("temperature", 0);
        HttpResponse<String> response = send(HttpRequest.newBuilder(URI.create(serving + "/v1/completions"))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body.toString())));
        if (response == null || response.statusCode() != 200) {
            return new Answer(null, null);
        }
        return new Answer(response.headers().firstValue("X-Model-Version").orElse(null),
                parse(response.body()).path("choices").path(0).path("text").asText());
    }

    private double meanScore(String model, List<String> texts) {
        double bits = 0;
        double bytes = 0;
        for (String text : texts) {
            JsonNode s = score(model, text);
            bits += s.path("bitsPerByte").asDouble() * s.path("bytes").asDouble();
            bytes += s.path("bytes").asDouble();
        }
        return bits / bytes;
    }

    private JsonNode score(String model, String text) {
        ObjectNode body = SpecialistTool.JSON.createObjectNode();
        body.put("model", model);
        body.put("text", text);
        HttpResponse<String> response = send(HttpRequest.newBuilder(URI.create(serving + "/v1/score"))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body.toString())));
        if (response == null || response.statusCode() != 200) {
            throw new SpecialistTool.Failure("serving could not score for '" + model + "': "
                    + (response == null ? "no answer" : SpecialistTool.AskCommand.describeError(response.body())));
        }
        return parse(response.body());
    }

    private static JsonNode getOrNull(String url) {
        HttpResponse<String> response = send(HttpRequest.newBuilder(URI.create(url)).GET());
        return response == null || response.statusCode() != 200 ? null : parse(response.body());
    }

    private static HttpResponse<String> send(HttpRequest.Builder request) {
        try {
            return HTTP.send(request.timeout(Duration.ofSeconds(30)).build(), HttpResponse.BodyHandlers.ofString());
        } catch (ConnectException e) {
            return null;
        } catch (IOException e) {
            return null;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new SpecialistTool.Failure("interrupted");
        }
    }

    private static JsonNode parse(String json) {
        try {
            return SpecialistTool.JSON.readTree(json);
        } catch (IOException e) {
            return SpecialistTool.JSON.createObjectNode();
        }
    }

    private static List<String> readCorpus(Path corpus) {
        try (BufferedReader in = new BufferedReader(new InputStreamReader(
                SpecialistTool.ProduceCommand.open(corpus), StandardCharsets.UTF_8))) {
            List<String> lines = new ArrayList<>();
            for (String l = in.readLine(); l != null; l = in.readLine()) {
                if (!l.isBlank()) {
                    lines.add(l);
                }
            }
            return lines;
        } catch (IOException e) {
            throw new SpecialistTool.Failure("cannot read the demo corpus " + corpus + ": " + e.getMessage());
        }
    }

    private static String url(SpecialistTool.Args args, String name) {
        return args.required(name).replaceAll("/+$", "");
    }

    private void mark(String what) {
        marks.putIfAbsent(what, elapsed());
    }

    private double elapsed() {
        return (System.nanoTime() - start) / 1e9;
    }

    private static boolean isTerminal(String state) {
        return state.equals("succeeded") || state.equals("rejected") || state.equals("failed");
    }

    private static String shortId(String id) {
        return id.length() > 8 ? id.substring(0, 8) : id;
    }

    private static String quote(String text) {
        if (text == null) {
            return "(no answer)";
        }
        String one = text.replaceAll("\\s+", " ").trim();
        return "\"" + (one.length() > 100 ? one.substring(0, 100) + "..." : one) + "\"";
    }

    private void heading(String title) {
        line("");
        line("== " + title);
    }

    /** A line that stays; on a terminal it first clears the live status line. */
    private void line(String text) {
        OUT.print(tty ? "\r\033[K" + text + "\n" : text + "\n");
        OUT.flush();
    }

    private long lastStatus;

    /** The live status line: rewritten in place on a terminal, every 10 s otherwise. */
    private void status(String text) {
        if (tty) {
            String cut = text.length() > 160 ? text.substring(0, 160) : text;
            OUT.print("\r\033[K" + cut);
            OUT.flush();
        } else if (System.nanoTime() - lastStatus > 10_000_000_000L) {
            lastStatus = System.nanoTime();
            line(text);
        }
    }
}
