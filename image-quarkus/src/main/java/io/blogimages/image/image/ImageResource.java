package io.blogimages.image.image;

import io.blogimages.image.api.ApiException;
import io.blogimages.image.api.ImageView;
import io.blogimages.image.api.Problem;
import io.blogimages.image.api.ThumbnailChoice;
import io.blogimages.image.api.UploadForm;
import io.blogimages.image.storage.ObjectStore;
import io.blogimages.image.upload.Filenames;
import io.blogimages.image.upload.ImageType;
import io.blogimages.image.upload.MultipartUploads;
import io.blogimages.image.upload.UploadConfig;
import io.smallrye.common.annotation.RunOnVirtualThread;
import jakarta.annotation.security.PermitAll;
import jakarta.annotation.security.RolesAllowed;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.Request;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.StreamingOutput;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.parameters.RequestBody;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import software.amazon.awssdk.core.ResponseInputStream;
import software.amazon.awssdk.services.s3.model.GetObjectResponse;
import software.amazon.awssdk.services.s3.model.NoSuchKeyException;
import software.amazon.awssdk.services.s3.model.S3Exception;

import java.io.IOException;
import java.io.InputStream;
import java.util.List;

/**
 * The images API of the public contract. Writes need the {@code admin} role; reads are public and cacheable
 * forever, because a key always names the same bytes.
 */
@Path("/api")
@Tag(name = "Images", description = "Images of blog posts: upload, list, download, thumbnails, delete")
public class ImageResource {

    /** Which post a thumbnail belongs to, for the gateway's cache (internal: the gateway does not pass it on). */
    static final String POST_ID_HEADER = "X-Post-Id";

    static final String POST_ID = "[A-Za-z0-9_-]{1,64}";
    static final String POST_ID_MESSAGE = "must be 1 to 64 characters of A-Z, a-z, 0-9, '_' and '-'";
    private static final java.util.regex.Pattern KEY = java.util.regex.Pattern.compile("[A-Za-z0-9_-]{16,43}\\.(jpg|png|gif|webp)");

    private final ImageService images;
    private final ObjectStore store;
    private final UploadConfig uploadConfig;
    private final java.nio.file.Path uploadsDirectory;

    public ImageResource(ImageService images, ObjectStore store, UploadConfig uploadConfig,
                         @ConfigProperty(name = "quarkus.http.body.uploads-directory") String uploadsDirectory) {
        this.images = images;
        this.store = store;
        this.uploadConfig = uploadConfig;
        this.uploadsDirectory = java.nio.file.Path.of(uploadsDirectory);
    }

    @POST
    @Path("/posts/{postId}/images")
    @Consumes(MediaType.MULTIPART_FORM_DATA)
    @Produces(MediaType.APPLICATION_JSON)
    @RolesAllowed("admin")
    @RunOnVirtualThread
    @Operation(summary = "Upload images to a post",
            description = "One or more multipart parts named 'file'. All-or-nothing: if any file is refused, "
                    + "nothing of the request is stored. The type is decided by the bytes (JPEG, PNG, GIF, WebP).")
    @APIResponse(responseCode = "201", description = "The stored images, in upload order",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = ImageView[].class)))
    @APIResponse(responseCode = "400", description = "No file part, too many files or an invalid postId", content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    @APIResponse(responseCode = "401", description = "No valid access token", content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    @APIResponse(responseCode = "403", description = "The token lacks the admin role", content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    @APIResponse(responseCode = "413", description = "A file is over the size limit", content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    @APIResponse(responseCode = "415", description = "A file is not an allowed image type", content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    @APIResponse(responseCode = "422", description = "A file is over the pixel limit or cannot be decoded", content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    @APIResponse(responseCode = "503", description = "S3 or the database is unreachable; nothing was stored", content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    @RequestBody(required = true, content = @Content(mediaType = MediaType.MULTIPART_FORM_DATA,
            schema = @Schema(implementation = UploadForm.class)))
    public Response upload(@PathParam("postId") @Pattern(regexp = POST_ID, message = POST_ID_MESSAGE) String postId,
                           @HeaderParam(HttpHeaders.CONTENT_TYPE) String contentType, InputStream body) {
        // The body is read here, after authorisation and validation: a refused request is never spooled.
        List<MultipartUploads.Part> parts = MultipartUploads.spool(contentType, body, uploadsDirectory,
                uploadConfig.maxFiles(), uploadConfig.maxFileSize());
        try {
            List<ImageService.Upload> uploads = parts.stream()
                    .map(part -> new ImageService.Upload(part.file(), part.filename(), part.sha256()))
                    .toList();
            List<ImageView> stored = images.upload(postId, uploads).stream().map(ImageView::of).toList();
            return Response.status(Response.Status.CREATED).entity(stored).build();
        } finally {
            MultipartUploads.delete(parts);
        }
    }

    @GET
    @Path("/posts/{postId}/images")
    @Produces(MediaType.APPLICATION_JSON)
    @PermitAll
    @RunOnVirtualThread
    @Operation(summary = "List a post's images", description = "Ordered by position; an empty array for an unknown post.")
    @APIResponse(responseCode = "200", description = "The images",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = ImageView[].class)))
    @APIResponse(responseCode = "400", description = "Invalid postId", content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    public List<ImageView> list(@PathParam("postId") @Pattern(regexp = POST_ID, message = POST_ID_MESSAGE) String postId) {
        return images.list(postId).stream().map(ImageView::of).toList();
    }

    @GET
    @Path("/images/{key}")
    @PermitAll
    @RunOnVirtualThread
    @Operation(summary = "Download an image", description = "The stored bytes, streamed from S3. Supports a single "
            + "byte Range (206) and If-None-Match (304); the ETag is the SHA-256 of the bytes.")
    @APIResponse(responseCode = "200", description = "The image")
    @APIResponse(responseCode = "206", description = "The requested byte range")
    @APIResponse(responseCode = "304", description = "Not modified (If-None-Match matched)")
    @APIResponse(responseCode = "404", description = "No such image", content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    public Response download(@PathParam("key") String key,
                             @Parameter(description = "e.g. bytes=0-1023") @HeaderParam("Range") String range,
                             @HeaderParam("If-Range") String ifRange,
                             @HeaderParam(HttpHeaders.IF_NONE_MATCH) String ifNoneMatch,
                             @Context Request request) {
        Image image = existing(key);
        String etag = "\"" + image.sha256 + "\"";
        String filename = Filenames.downloadName(image.originalFilename, key, extensionOf(image.contentType));
        return serve(key, etag, filename, range, ifRange, ifNoneMatch, request);
    }

    @GET
    @Path("/images/{key}/thumbnail")
    @PermitAll
    @RunOnVirtualThread
    @Operation(summary = "Download an image's thumbnail", description = "A downscaled copy (longest side 400 px by "
            + "default, orientation applied), with the same caching headers as the original.")
    @APIResponse(responseCode = "200", description = "The thumbnail")
    @APIResponse(responseCode = "304", description = "Not modified")
    @APIResponse(responseCode = "404", description = "No such image", content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    public Response downloadThumbnail(@PathParam("key") String key, @HeaderParam("Range") String range,
                                      @HeaderParam("If-Range") String ifRange,
                                      @HeaderParam(HttpHeaders.IF_NONE_MATCH) String ifNoneMatch,
                                      @Context Request request) {
        Image image = existing(key);
        // The thumbnail object is derived from these exact bytes once and never rewritten: a strong ETag.
        String etag = "\"" + image.sha256 + "-thumbnail\"";
        String stem = image.originalFilename == null ? key : Filenames.downloadName(image.originalFilename, key, "x");
        stem = stem.substring(0, stem.lastIndexOf('.'));
        String extension = ImageType.JPEG.contentType().equals(image.contentType) ? "jpg" : "png";
        Response thumbnail = serve(ObjectStore.thumbnailKey(key), etag, stem + "-thumbnail." + extension, range,
                ifRange, ifNoneMatch, request);
        // For the gateway's thumbnail cache: deleting a whole post evicts its thumbnails (the gateway drops it)
        return Response.fromResponse(thumbnail).header(POST_ID_HEADER, image.postId).build();
    }

    @GET
    @Path("/posts/{postId}/thumbnail")
    @PermitAll
    @RunOnVirtualThread
    @Operation(summary = "Redirect to a post's thumbnail image")
    @APIResponse(responseCode = "302", description = "Location is the url of the thumbnail image")
    @APIResponse(responseCode = "404", description = "The post has no images", content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    public Response postThumbnail(@PathParam("postId") @Pattern(regexp = POST_ID, message = POST_ID_MESSAGE) String postId) {
        Image image = images.thumbnailOf(postId)
                .orElseThrow(() -> ApiException.notFound("post " + postId + " has no images"));
        // Relative, exactly the image's url, so it stays right behind the gateway; not cached, it can change.
        return Response.status(Response.Status.FOUND)
                .header(HttpHeaders.LOCATION, "/api/images/" + image.objectKey)
                .header(HttpHeaders.CACHE_CONTROL, "no-cache")
                .build();
    }

    @PUT
    @Path("/posts/{postId}/thumbnail")
    @Consumes(MediaType.APPLICATION_JSON)
    @Produces(MediaType.APPLICATION_JSON)
    @RolesAllowed("admin")
    @RunOnVirtualThread
    @Operation(summary = "Choose a post's thumbnail", description = "The image becomes the post's only thumbnail.")
    @APIResponse(responseCode = "200", description = "The image, now the thumbnail",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = ImageView.class)))
    @APIResponse(responseCode = "404", description = "No image with that key in this post", content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    public ImageView chooseThumbnail(@PathParam("postId") @Pattern(regexp = POST_ID, message = POST_ID_MESSAGE) String postId,
                                     @Valid @NotNull(message = "a JSON body {\"key\"} is required") ThumbnailChoice choice) {
        return ImageView.of(images.setThumbnail(postId, choice.key()));
    }

    @DELETE
    @Path("/images/{key}")
    @RolesAllowed("admin")
    @RunOnVirtualThread
    @Operation(summary = "Delete an image", description = "Removes the row, the object and its thumbnail copy; if it "
            + "was the post's thumbnail, the lowest-position remaining image becomes the thumbnail.")
    @APIResponse(responseCode = "204", description = "Deleted")
    @APIResponse(responseCode = "404", description = "No such image", content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    public Response delete(@PathParam("key") String key) {
        refuseControlCharacters(key);
        if (!KEY.matcher(key).matches() || !images.delete(key)) {
            throw ApiException.notFound("no image with key " + key);
        }
        return Response.noContent().build();
    }

    @DELETE
    @Path("/posts/{postId}/images")
    @RolesAllowed("admin")
    @RunOnVirtualThread
    @Operation(summary = "Delete every image of a post")
    @APIResponse(responseCode = "204", description = "Deleted (also when the post had no images)")
    public Response deletePost(@PathParam("postId") @Pattern(regexp = POST_ID, message = POST_ID_MESSAGE) String postId) {
        images.deletePost(postId);
        return Response.noContent().build();
    }

    private Image existing(String key) {
        refuseControlCharacters(key);
        if (!KEY.matcher(key).matches()) {
            throw ApiException.notFound("no image with key " + key);
        }
        return images.find(key).orElseThrow(() -> ApiException.notFound("no image with key " + key));
    }

    /** A key is never found, but a control character in it is a malformed request (400), not a missing image. */
    private static void refuseControlCharacters(String key) {
        if (key.codePoints().anyMatch(Character::isISOControl)) {
            throw ApiException.badRequest("key", "must not contain control characters");
        }
    }

    private Response serve(String objectKey, String etag, String filename, String range, String ifRange,
                           String ifNoneMatch, Request request) {
        if (ifNoneMatch != null && matches(ifNoneMatch, etag)) {
            return cacheHeaders(Response.notModified(), etag).build();
        }
        String s3Range = range != null && range.matches("bytes=(\\d+-\\d*|-\\d+)") && (ifRange == null || ifRange.equals(etag))
                ? range : null;
        ResponseInputStream<GetObjectResponse> object;
        try {
            object = store.open(objectKey, s3Range);
        } catch (NoSuchKeyException e) {
            throw ApiException.notFound("the object of this image is missing");
        } catch (S3Exception e) {
            if (e.statusCode() == 416) {
                throw new ApiException(416, null, "the range " + range + " is outside the image");
            }
            throw e;
        }
        GetObjectResponse meta = object.response();
        boolean head = "HEAD".equals(request.getMethod());
        if (head) {
            object.abort(); // headers only: release the S3 connection instead of leaving the body unread
        }
        StreamingOutput body = out -> {
            try (object) {
                object.transferTo(out);
            } catch (IOException e) {
                object.abort(); // the client went away: stop reading from S3 instead of draining the object
                throw e;
            }
        };
        boolean partial = meta.contentRange() != null;
        Response.ResponseBuilder response = Response.status(partial ? 206 : 200)
                .entity(head ? null : body)
                .type(meta.contentType())
                .header(HttpHeaders.CONTENT_LENGTH, meta.contentLength())
                .header(HttpHeaders.CONTENT_DISPOSITION, Filenames.inlineDisposition(filename))
                .header("Accept-Ranges", "bytes")
                .header("X-Content-Type-Options", "nosniff");
        if (partial) {
            response.header("Content-Range", meta.contentRange());
        }
        return cacheHeaders(response, etag).build();
    }

    private static Response.ResponseBuilder cacheHeaders(Response.ResponseBuilder response, String etag) {
        return response.header(HttpHeaders.ETAG, etag).header(HttpHeaders.CACHE_CONTROL, ObjectStore.CACHE_CONTROL);
    }

    /** RFC 9110 If-None-Match: "*" or any listed tag, compared weakly (a W/ prefix is ignored). */
    private static boolean matches(String ifNoneMatch, String etag) {
        for (String candidate : ifNoneMatch.split(",")) {
            String tag = candidate.trim();
            if (tag.startsWith("W/")) {
                tag = tag.substring(2);
            }
            if (tag.equals("*") || tag.equals(etag)) {
                return true;
            }
        }
        return false;
    }

    private static String extensionOf(String contentType) {
        return ImageType.fromContentType(contentType).map(ImageType::extension).orElse("bin");
    }
}
