package io.blogimages.auth.user;

import io.blogimages.auth.api.ApiException;
import io.blogimages.auth.api.LogText;
import io.blogimages.auth.password.PasswordHasher;
import io.quarkus.narayana.jta.QuarkusTransaction;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;
import org.hibernate.exception.ConstraintViolationException;
import org.jboss.logging.Logger;

import java.time.Clock;
import java.time.temporal.ChronoUnit;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.Optional;
import java.util.UUID;

/** Accounts: creation, lookup, role changes. */
@ApplicationScoped
public class Users {

    private static final Logger SECURITY = Logger.getLogger("io.blogimages.auth.security");

    private final PasswordHasher hasher;
    private final Clock clock;

    public Users(PasswordHasher hasher, Clock clock) {
        this.hasher = hasher;
        this.clock = clock;
    }

    /** Creates an account; 409 when the username (in any case) is taken. */
    public User create(String username, String password, Collection<String> roles) {
        String passwordHash = hasher.hash(password); // outside the transaction: it takes a while on purpose
        try {
            return QuarkusTransaction.requiringNew().call(() -> insert(User.normalize(username), passwordHash, roles));
        } catch (RuntimeException e) {
            if (isUniqueViolation(e)) {
                throw taken(username);
            }
            throw e;
        }
    }

    private User insert(String username, String passwordHash, Collection<String> roles) {
        if (User.findByUsername(username).isPresent()) {
            throw taken(username);
        }
        User user = new User();
        user.id = UUID.randomUUID();
        user.username = username;
        user.passwordHash = passwordHash;
        user.createdAt = clock.instant().truncatedTo(ChronoUnit.MICROS); // PostgreSQL keeps microseconds
        user.roles = new LinkedHashSet<>(roles);
        user.persistAndFlush(); // a concurrent signup loses here, on the unique constraint
        SECURITY.infof("event=USER_CREATED user=%s username=%s roles=%s", user.id, LogText.escape(username), user.sortedRoles());
        return user;
    }

    @Transactional
    public Optional<User> find(UUID id) {
        return User.findByIdOptional(id);
    }

    @Transactional
    public User setRoles(String username, Collection<String> roles, String changedBy) {
        User user = User.findByUsername(username).orElseThrow(() -> new ApiException(404, "unknown-user",
                "Unknown user", "There is no user named '" + User.normalize(username) + "'."));
        user.roles.clear();
        user.roles.addAll(new LinkedHashSet<>(roles));
        SECURITY.infof("event=ROLES_CHANGED user=%s roles=%s by=%s", user.id, user.sortedRoles(), changedBy);
        return user;
    }

    private static ApiException taken(String username) {
        return new ApiException(409, "username-taken", "Username taken",
                "The username '" + User.normalize(username) + "' is already taken.");
    }

    private static boolean isUniqueViolation(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof ConstraintViolationException cve && "23505".equals(cve.getSQLState())) {
                return true;
            }
        }
        return false;
    }
}
