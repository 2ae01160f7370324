package io.specialist.trainer.rest;

import io.specialist.events.Problem;
import io.specialist.events.http.AdminOnly;
import io.specialist.trainer.registry.Blob;
import io.specialist.trainer.registry.ModelManifest;
import io.specialist.trainer.registry.ModelVersion;
import io.specialist.trainer.service.ModelRegistry;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HEAD;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.NotFoundException;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.StreamingOutput;
import jakarta.ws.rs.core.UriInfo;
import java.io.IOException;
import java.io.InputStream;
import java.util.List;
import java.util.Optional;
import org.eclipse.microprofile.openapi.annotations.Operation;

/** The model registry: manifests with lineage and metrics, and the artifacts (ETag = SHA-256, Range-safe). */
@Path("/v1/models")
public class ModelResource {

    public static final String ONNX = "application/octet-stream";
    private static final int BUFFER = 64 * 1024;

    private final ModelRegistry registry;

    public ModelResource(ModelRegistry registry) {
        this.registry = registry;
    }

    @GET
    @Produces(MediaType.APPLICATION_JSON)
    @Operation(summary = "All registered models (manifests), by domain and number")
    public List<ModelManifest> list() {
        return registry.list();
    }

    @GET
    @Path("/{version}")
    @Produces(MediaType.APPLICATION_JSON)
    @Operation(summary = "One model's manifest: parent, sha256, tokenizer, training config, data window, metrics")
    public ModelManifest get(@PathParam("version") String version) {
        return manifest(version);
    }

    @GET
    @Path("/{version}/artifact")
    @Produces({ONNX, Problem.MEDIA_TYPE})
    @Operation(summary = "The ONNX artifact; ETag is its SHA-256; single byte ranges are honoured")
    public Response artifact(@PathParam("version") String version, @HeaderParam(HttpHeaders.IF_NONE_MATCH) String ifNoneMatch,
            @HeaderParam("Range") String range, @HeaderParam("If-Range") String ifRange, UriInfo uri) {
        ModelManifest manifest = manifest(version);
        Blob blob = registry.artifact(manifest.modelVersion()).orElseThrow(() -> missing(version));
        return Artifacts.serve(blob, manifest.sha256(), ifNoneMatch, range, ifRange, uri,
                manifest.domain() + "-" + manifest.number() + ".onnx");
    }

    @HEAD
    @Path("/{version}/artifact")
    public Response artifactHead(@PathParam("version") String version) {
        ModelManifest manifest = manifest(version);
        Blob blob = registry.artifact(manifest.modelVersion()).orElseThrow(() -> missing(version));
        return Response.ok().type(ONNX).header(HttpHeaders.ETAG, Artifacts.etag(manifest.sha256()))
                .header("Accept-Ranges", "bytes").header(HttpHeaders.CONTENT_LENGTH, blob.size()).build();
    }

    @GET
    @Path("/{version}/checkpoint")
    @AdminOnly
    @Produces({ONNX, Problem.MEDIA_TYPE})
    @Operation(summary = "The Java training checkpoint (weights, tokenizer, EWC Fisher) a training Job continues from")
    public Response checkpoint(@PathParam("version") String version, @HeaderParam(HttpHeaders.IF_NONE_MATCH) String ifNoneMatch,
            @HeaderParam("Range") String range, @HeaderParam("If-Range") String ifRange, UriInfo uri) {
        ModelManifest manifest = manifest(version);
        Blob blob = registry.checkpoint(manifest.modelVersion()).orElseThrow(() -> missing(version));
        return Artifacts.serve(blob, manifest.checkpointSha256(), ifNoneMatch, range, ifRange, uri,
                manifest.domain() + "-" + manifest.number() + ".ckpt");
    }

    private ModelManifest manifest(String version) {
        ModelVersion parsed = ModelVersion.parse(version);
        return registry.find(parsed).orElseThrow(() -> missing(version));
    }

    private static NotFoundException missing(String version) {
        return new NotFoundException("no model " + version + " in the registry (GET /v1/models lists them)");
    }

    /** Conditional and ranged streaming of a stored file. */
    static final class Artifacts {

        private Artifacts() {
        }

        static String etag(String sha256) {
            return "\"" + sha256 + "\"";
        }

        static Response serve(Blob blob, String sha256, String ifNoneMatch, String rangeHeader, String ifRange,
                UriInfo uri, String fileName) {
            String etag = etag(sha256);
            if (ifNoneMatch != null && matches(ifNoneMatch, etag)) {
                return Response.notModified().header(HttpHeaders.ETAG, etag).build();
            }
            long size = blob.size();
            Optional<ByteRange> range;
            try {
                // If-Range with another validator means the client's partial copy is stale: send it all
                range = ifRange != null && !ifRange.trim().equals(etag) ? Optional.empty() : ByteRange.parse(rangeHeader, size);
            } catch (ByteRange.UnsatisfiableException e) {
                return Response.status(416).header("Content-Range", "bytes */" + size).type(Problem.MEDIA_TYPE)
                        .entity(Problem.of(416, "Range Not Satisfiable", e.getMessage()).withInstance(uri.getPath()))
                        .build();
            }
            long first = range.map(ByteRange::first).orElse(0L);
            long length = range.map(ByteRange::length).orElse(size);
            Response.ResponseBuilder response = range.isPresent()
                    ? Response.status(206).header("Content-Range", range.get().contentRange(size))
                    : Response.ok();
            return response.type(ONNX)
                    .header(HttpHeaders.ETAG, etag)
                    .header("Accept-Ranges", "bytes")
                    .header(HttpHeaders.CONTENT_LENGTH, length)
                    .header("Content-Disposition", "attachment; filename=\"" + fileName + "\"")
                    .entity((StreamingOutput) out -> copy(blob, first, length, out))
                    .build();
        }

        private static boolean matches(String ifNoneMatch, String etag) {
            for (String candidate : ifNoneMatch.split(",")) {
                String c = candidate.trim();
                if (c.equals("*") || c.equals(etag) || c.equals("W/" + etag)) {
                    return true;
                }
            }
            return false;
        }

        private static void copy(Blob blob, long first, long length, java.io.OutputStream out) throws IOException {
            try (InputStream in = blob.open(first)) {
                byte[] buffer = new byte[BUFFER];
                long left = length;
                while (left > 0) {
                    int n = in.read(buffer, 0, (int) Math.min(buffer.length, left));
                    if (n < 0) {
                        throw new IOException("artifact ended " + left + " bytes early");
                    }
                    out.write(buffer, 0, n);
                    left -= n;
                }
            }
        }
    }
}
