package io.blogimages.gateway;

import io.blogimages.testsupport.QuarkusAppProcess;

import javax.management.JMException;
import javax.management.MBeanServer;
import javax.management.ObjectName;
import javax.management.StandardMBean;
import java.lang.management.ManagementFactory;
import java.nio.file.Path;
import java.util.Map;

/**
 * Lets tests stop and start the processes of {@link StackResource} and learn where the auth signing keys are.
 * A platform MBean, because the resource and the test class may be loaded by different class loaders.
 */
public final class StackControl {

    public interface Operations {
        void stopApp(String name);

        void startApp(String name);

        String appUrl(String name);

        String signingKeyFile();

        String publishedKeyFile();
    }

    private static final String NAME = "io.blogimages.gateway.test:type=StackControl";

    private StackControl() {
    }

    public static void stop(String app) {
        invoke("stopApp", app);
    }

    public static void start(String app) {
        invoke("startApp", app);
    }

    public static String url(String app) {
        return (String) invoke("appUrl", app);
    }

    public static Path signingKeyFile() {
        return Path.of((String) invoke("signingKeyFile", null));
    }

    public static Path publishedKeyFile() {
        return Path.of((String) invoke("publishedKeyFile", null));
    }

    static void publish(Map<String, QuarkusAppProcess> apps, Path signingKey, Path publishedKey) {
        Operations operations = new Operations() {
            @Override
            public void stopApp(String name) {
                apps.get(name).stop();
            }

            @Override
            public void startApp(String name) {
                apps.get(name).start();
            }

            @Override
            public String appUrl(String name) {
                return apps.get(name).baseUrl();
            }

            @Override
            public String signingKeyFile() {
                return signingKey.toString();
            }

            @Override
            public String publishedKeyFile() {
                return publishedKey.toString();
            }
        };
        try {
            MBeanServer beans = ManagementFactory.getPlatformMBeanServer();
            ObjectName name = new ObjectName(NAME);
            if (beans.isRegistered(name)) {
                beans.unregisterMBean(name);
            }
            beans.registerMBean(new StandardMBean(operations, Operations.class), name);
        } catch (JMException e) {
            throw new IllegalStateException(e);
        }
    }

    static void withdraw() {
        try {
            MBeanServer beans = ManagementFactory.getPlatformMBeanServer();
            ObjectName name = new ObjectName(NAME);
            if (beans.isRegistered(name)) {
                beans.unregisterMBean(name);
            }
        } catch (JMException e) {
            throw new IllegalStateException(e);
        }
    }

    private static Object invoke(String operation, String argument) {
        try {
            Object[] params = argument == null ? new Object[0] : new Object[] {argument};
            String[] signature = argument == null ? new String[0] : new String[] {String.class.getName()};
            return ManagementFactory.getPlatformMBeanServer().invoke(new ObjectName(NAME), operation, params, signature);
        } catch (JMException e) {
            throw new IllegalStateException("stack control " + operation + " failed", e);
        }
    }
}
