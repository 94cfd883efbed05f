package io.blogimages.auth.user;

import io.blogimages.auth.AuthConfig;
import io.blogimages.auth.api.ApiException;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import org.jboss.logging.Logger;

import java.util.List;
import java.util.Optional;

/**
 * Creates the first admin at start when AUTH_BOOTSTRAP_ADMIN_USERNAME and _PASSWORD are set and that user does
 * not exist yet. An existing user is left alone (its password and roles are not reset): when it lacks the admin
 * role, a warning says so at every start, since granting it silently would make whoever signed up first with that
 * name an admin.
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
        ensure(config.username().get(), config.password().get());
    }

    /** Creates the admin if missing, warns if it exists without the admin role. */
    void ensure(String username, String password) {
        if (!username.matches("[A-Za-z0-9._-]{3,32}") || password.length() < 10 || password.length() > 128) {
            throw new IllegalStateException("AUTH_BOOTSTRAP_ADMIN_USERNAME must be 3-32 of [A-Za-z0-9._-] and "
                    + "AUTH_BOOTSTRAP_ADMIN_PASSWORD 10-128 characters");
        }
        Optional<Boolean> existingIsAdmin = QuarkusTransaction.requiringNew().call(() -> User.findByUsername(username)
                .map(user -> user.roles.contains(Role.ADMIN)));
        if (existingIsAdmin.isPresent()) {
            if (existingIsAdmin.get()) {
                LOG.debugf("bootstrap admin %s exists already", username);
            } else {
                LOG.warnf("bootstrap admin '%s' (AUTH_BOOTSTRAP_ADMIN_USERNAME) exists but does not have the admin "
                        + "role; it is NOT granted automatically. Grant it with PUT /api/auth/users/%s/roles as "
                        + "another admin, or configure another bootstrap username", User.normalize(username),
                        User.normalize(username));
            }
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
