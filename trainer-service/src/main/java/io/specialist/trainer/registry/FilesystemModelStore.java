package io.specialist.trainer.registry;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;
import java.util.stream.Stream;

/**
 * Registry on a filesystem: {@code <root>/<domain>/<N>/} holds {@code model.onnx}, {@code checkpoint.bin}
 * and {@code model.json}. A version number is claimed by creating its folder (atomic on POSIX, also on a
 * shared volume), and {@code model.json} is written last by an atomic rename, so readers never see a
 * half-written model and two publishers never get the same number.
 */
public final class FilesystemModelStore implements ModelStore {

    public static final String ARTIFACT = "model.onnx";
    public static final String CHECKPOINT = "checkpoint.bin";
    public static final String MANIFEST = "model.json";

    private static final ObjectMapper JSON = new ObjectMapper()
            .registerModule(new JavaTimeModule())
            .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .enable(SerializationFeature.INDENT_OUTPUT);

    private final Path root;

    public FilesystemModelStore(Path root) {
        this.root = root;
        try {
            Files.createDirectories(root);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create the model registry folder " + root, e);
        }
    }

    public Path root() {
        return root;
    }

    @Override
    public List<ModelManifest> list() {
        List<ModelManifest> out = new ArrayList<>();
        try (Stream<Path> domains = Files.list(root)) {
            for (Path domain : domains.filter(Files::isDirectory).toList()) {
                String name = domain.getFileName().toString();
                if (ModelVersion.validDomain(name)) {
                    numbers(name).forEach(n -> read(new ModelVersion(name, n)).ifPresent(out::add));
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list the model registry " + root, e);
        }
        out.sort(Comparator.comparing(ModelManifest::modelVersion));
        return out;
    }

    @Override
    public Optional<ModelManifest> find(ModelVersion version) {
        return read(version);
    }

    @Override
    public Optional<ModelManifest> latest(String domain) {
        List<Integer> numbers = numbers(domain);
        for (int i = numbers.size() - 1; i >= 0; i--) {
            Optional<ModelManifest> manifest = read(new ModelVersion(domain, numbers.get(i)));
            if (manifest.isPresent()) {
                return manifest;
            }
        }
        return Optional.empty();
    }

    @Override
    public ModelManifest publish(String domain, Function<ModelVersion, ModelFiles> build) {
        ModelVersion version = reserve(domain);
        Path dir = folder(version);
        try {
            ModelFiles files = build.apply(version);
            writeAtomically(dir.resolve(ARTIFACT), files.onnx());
            writeAtomically(dir.resolve(CHECKPOINT), files.checkpoint());
            ModelManifest manifest = files.draft().stored(version, Sha256.hex(files.onnx()), files.onnx().length,
                    Sha256.hex(files.checkpoint()), files.checkpoint().length, Instant.now());
            writeAtomically(dir.resolve(MANIFEST), JSON.writeValueAsBytes(manifest));
            return manifest;
        } catch (IOException e) {
            deleteQuietly(dir);
            throw new UncheckedIOException("cannot write model " + version + " into " + dir, e);
        } catch (RuntimeException e) {
            deleteQuietly(dir);
            throw e;
        }
    }

    @Override
    public void withdraw(ModelVersion version) {
        Path dir = folder(version);
        try {
            // The manifest first: without it the folder is invisible at once, like a half-written model.
            Files.deleteIfExists(dir.resolve(MANIFEST));
            Files.deleteIfExists(dir.resolve(ARTIFACT));
            Files.deleteIfExists(dir.resolve(CHECKPOINT));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot withdraw model " + version + " from " + dir, e);
        }
    }

    @Override
    public Optional<Blob> artifact(ModelVersion version) {
        return blob(version, ARTIFACT);
    }

    @Override
    public Optional<Blob> checkpoint(ModelVersion version) {
        return blob(version, CHECKPOINT);
    }

    private Optional<Blob> blob(ModelVersion version, String name) {
        if (read(version).isEmpty()) {
            return Optional.empty();
        }
        Path file = folder(version).resolve(name);
        if (!Files.isRegularFile(file)) {
            return Optional.empty();
        }
        return Optional.of(new FileBlob(file));
    }

    /** Claims the next free number by creating its folder; a folder that already exists is someone else's. */
    private ModelVersion reserve(String domain) {
        List<Integer> numbers = numbers(domain);
        int next = numbers.isEmpty() ? 1 : numbers.get(numbers.size() - 1) + 1;
        try {
            Files.createDirectories(root.resolve(domain));
            for (int attempt = 0; attempt < 1000; attempt++, next++) {
                ModelVersion version = new ModelVersion(domain, next);
                try {
                    Files.createDirectory(folder(version));
                    return version;
                } catch (FileAlreadyExistsException taken) {
                    // another publisher claimed this number first: try the next one
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot reserve a version folder under " + root.resolve(domain), e);
        }
        throw new IllegalStateException("could not reserve a version number for domain " + domain);
    }

    private List<Integer> numbers(String domain) {
        Path dir = root.resolve(domain);
        if (!Files.isDirectory(dir)) {
            return List.of();
        }
        try (Stream<Path> entries = Files.list(dir)) {
            return entries.map(p -> p.getFileName().toString())
                    .filter(n -> n.matches("[1-9][0-9]{0,8}"))
                    .map(Integer::valueOf)
                    .sorted()
                    .toList();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list " + dir, e);
        }
    }

    private Optional<ModelManifest> read(ModelVersion version) {
        Path file = folder(version).resolve(MANIFEST);
        if (!Files.isRegularFile(file)) {
            return Optional.empty();
        }
        try {
            return Optional.of(JSON.readValue(file.toFile(), ModelManifest.class));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the manifest " + file, e);
        }
    }

    private Path folder(ModelVersion version) {
        return root.resolve(version.domain()).resolve(Integer.toString(version.number()));
    }

    private static void writeAtomically(Path target, byte[] bytes) throws IOException {
        Path tmp = target.resolveSibling(target.getFileName() + ".tmp");
        Files.write(tmp, bytes);
        try (FileChannel channel = FileChannel.open(tmp, StandardOpenOption.WRITE)) {
            channel.force(true);
        }
        Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    }

    private static void deleteQuietly(Path dir) {
        try (Stream<Path> paths = Files.walk(dir)) {
            paths.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException ignored) {
            // best effort: a leftover folder without model.json is invisible and only burns a number
        }
    }

    private record FileBlob(Path file) implements Blob {

        @Override
        public long size() {
            try {
                return Files.size(file);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }

        @Override
        public InputStream open(long offset) throws IOException {
            FileChannel channel = FileChannel.open(file, StandardOpenOption.READ);
            channel.position(offset);
            return Channels.newInputStream(channel);
        }
    }
}
