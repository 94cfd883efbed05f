package io.blogimages.image.cleanup;

import io.smallrye.common.annotation.RunOnVirtualThread;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/** Admin operation: compare the bucket with the table and repair what disagrees. */
@Path("/api/images/admin")
@Tag(name = "Images administration")
public class ReconciliationResource {

    private final Reconciler reconciler;

    public ReconciliationResource(Reconciler reconciler) {
        this.reconciler = reconciler;
    }

    @POST
    @Path("/reconcile")
    @Produces(MediaType.APPLICATION_JSON)
    @RolesAllowed("admin")
    @RunOnVirtualThread
    @Operation(summary = "Reconcile bucket and table",
            description = "Reports objects without a row (older than the grace period) and rows without an object; "
                    + "unless dryRun=true, deletes the orphan objects and the rows whose object is gone.")
    @APIResponse(responseCode = "200", description = "What was found (and repaired)")
    public ReconciliationReport reconcile(@QueryParam("dryRun") @DefaultValue("false") boolean dryRun) {
        return reconciler.reconcile(!dryRun);
    }
}
