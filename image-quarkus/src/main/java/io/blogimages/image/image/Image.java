package io.blogimages.image.image;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/** Metadata of one image of a blog post; its bytes are the S3 object {@link #objectKey}. */
@Entity
@Table(name = "images")
public class Image extends PanacheEntityBase {

    @Id
    public UUID id;

    @Column(name = "post_id", nullable = false, length = 64)
    public String postId;

    @Column(name = "object_key", nullable = false, unique = true, length = 64)
    public String objectKey;

    @Column(name = "original_filename")
    public String originalFilename;

    @Column(name = "content_type", nullable = false, length = 32)
    public String contentType;

    @Column(name = "size_bytes", nullable = false)
    public long size;

    @Column(nullable = false)
    public int width;

    @Column(nullable = false)
    public int height;

    @Column(nullable = false, length = 64)
    public String sha256;

    @Column(nullable = false)
    public boolean thumbnail;

    @Column(nullable = false)
    public int position;

    @Column(name = "created_at", nullable = false)
    public Instant createdAt;

    public static List<Image> listByPost(String postId) {
        return list("postId = ?1 order by position", postId);
    }

    public static Optional<Image> findByKey(String key) {
        return find("objectKey", key).firstResultOptional();
    }
}
