package io.blogimages.auth.user;

import io.blogimages.auth.AuthConfig;
import io.blogimages.auth.api.ApiException;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import org.jboss.logging.Logger;

import java.util.List;

/**
 * Creates the first admin at start when AUTH_BOOTSTRAP_ADMIN_USERNAME and _PASSWORD are set and that user does
 * not exist yet. An existing user is left alone (its password and roles are not reset).
 */
@ApplicationScoped
public class BootstrapAdmin {

    private static final Logger LOG = Logger.getLogger(BootstrapAdmin.class);

    private final Users users;
    private final AuthConfig.BootstrapAdmin config;

    public BootstrapAdmin(Users users, AuthConfig config) {
        this.users = users;
        this.config = config.bootstrapAdmin();
    }

    void onStart(@Observes StartupEvent event) {
        if (config.username().isEmpty() || config.password().isEmpty()) {
            return;
        }
        String username = config.username().get();
        String password = config.password().get();
        if (!username.matches("[A-Za-z0-9._-]{3,32}") || password.length() < 10 || password.length() > 128) {
            throw new IllegalStateException("AUTH_BOOTSTRAP_ADMIN_USERNAME must be 3-32 of [A-Za-z0-9._-] and "
                    + "AUTH_BOOTSTRAP_ADMIN_PASSWORD 10-128 characters");
        }
        boolean exists = QuarkusTransaction.requiringNew().call(() -> User.findByUsername(username).isPresent());
        if (exists) {
            LOG.debugf("bootstrap admin %s exists already", username);
            return;
        }
        try {
            users.create(username, password, List.of(Role.ADMIN, Role.USER));
            LOG.infof("created the bootstrap admin '%s'", User.normalize(username));
        } catch (ApiException e) {
            // another replica created it at the same moment
            LOG.debugf("bootstrap admin %s was created concurrently", username);
        }
    }
}
