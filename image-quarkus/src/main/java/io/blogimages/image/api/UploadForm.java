package io.blogimages.image.api;

import org.eclipse.microprofile.openapi.annotations.enums.SchemaType;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

import java.util.List;

/** The upload body as the OpenAPI document shows it; the resource reads the multipart stream itself. */
@Schema(name = "UploadForm", description = "multipart/form-data with one or more file parts named 'file'")
public record UploadForm(
        @Schema(type = SchemaType.ARRAY, implementation = String.class, format = "binary", required = true) List<String> file) {
}
