package io.blogimages.testsupport;

import javax.management.InstanceNotFoundException;
import javax.management.JMException;
import javax.management.MalformedObjectNameException;
import javax.management.ObjectName;
import javax.management.StandardMBean;
import java.lang.management.ManagementFactory;

/**
 * Stop and start controls of the backing servers of a running test application, registered as platform
 * MBeans by the test resources: the resource and the test class may be loaded by different class loaders, so a
 * static field would not be shared, while JMX calls by name cross class loaders (and, unlike a non-String
 * system property, do not disturb libraries that read those).
 */
final class BackendControl {

    /** The operations of the MBean. */
    public interface Operations {
        void stopServer();

        void startServer();
    }

    private BackendControl() {
    }

    static void publish(String backend, Runnable stop, Runnable start) {
        Operations operations = new Operations() {
            @Override
            public void stopServer() {
                stop.run();
            }

            @Override
            public void startServer() {
                start.run();
            }
        };
        try {
            withdraw(backend);
            ManagementFactory.getPlatformMBeanServer().registerMBean(new StandardMBean(operations, Operations.class),
                    name(backend));
        } catch (JMException e) {
            throw new IllegalStateException("cannot register the " + backend + " control", e);
        }
    }

    static void withdraw(String backend) {
        try {
            ManagementFactory.getPlatformMBeanServer().unregisterMBean(name(backend));
        } catch (InstanceNotFoundException e) {
            // nothing registered
        } catch (JMException e) {
            throw new IllegalStateException(e);
        }
    }

    static void invoke(String backend, String operation) {
        try {
            ManagementFactory.getPlatformMBeanServer().invoke(name(backend), operation, new Object[0], new String[0]);
        } catch (InstanceNotFoundException e) {
            throw new IllegalStateException("no " + backend + " of a running test application: declare its resource", e);
        } catch (JMException e) {
            throw new IllegalStateException(backend + " control failed: " + operation, e);
        }
    }

    private static ObjectName name(String backend) {
        try {
            return new ObjectName("io.blogimages.testsupport:type=BackendControl,name=" + backend);
        } catch (MalformedObjectNameException e) {
            throw new IllegalArgumentException(e);
        }
    }
}
