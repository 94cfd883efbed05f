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

        /** Cuts the server off once this many more bytes went to it; only where the resource has a gate. */
        void stopAfterBytes(long bytes);

        /** Closes every open connection and goes on accepting new ones; only where the resource has a gate. */
        void dropConnections();
    }

    private BackendControl() {
    }

    static void publish(String backend, Runnable stop, Runnable start) {
        Runnable noGate = () -> {
            throw new UnsupportedOperationException(backend + " has no gate");
        };
        publish(backend, stop, start, bytes -> noGate.run(), noGate);
    }

    /** The controls of a server behind a {@link TcpGate}: stop and start shut and open the gate. */
    static void publish(String backend, TcpGate gate) {
        publish(backend, gate::shut, gate::open, gate::shutAfter, gate::dropConnections);
    }

    private static void publish(String backend, Runnable stop, Runnable start,
                                java.util.function.LongConsumer stopAfterBytes, Runnable dropConnections) {
        Operations operations = new Operations() {
            @Override
            public void stopServer() {
                stop.run();
            }

            @Override
            public void startServer() {
                start.run();
            }

            @Override
            public void stopAfterBytes(long bytes) {
                stopAfterBytes.accept(bytes);
            }

            @Override
            public void dropConnections() {
                dropConnections.run();
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
        invoke(backend, operation, new Object[0], new String[0]);
    }

    static void invoke(String backend, String operation, Object[] arguments, String[] signature) {
        try {
            ManagementFactory.getPlatformMBeanServer().invoke(name(backend), operation, arguments, signature);
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
