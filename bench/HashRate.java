import at.favre.lib.crypto.bcrypt.BCrypt;
import at.favre.lib.crypto.bcrypt.LongPasswordStrategies;

import java.nio.charset.StandardCharsets;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.LongAdder;

/**
 * The raw password-check rate: what a login costs at the very least. Uses exactly what the auth service's
 * PasswordHasher uses (at.favre bcrypt, version 2b, SHA-512 pre-hash for passwords over 72 bytes, the given
 * cost) and verifies the bench user's password against its hash in THREADS threads, as many as the login
 * load has clients, so both see the same CPU contention.
 *
 * <p>Run with the auth service's own jars: {@code java -cp 'auth-quarkus/target/quarkus-app/lib/main/*'
 * bench/HashRate.java THREADS WARMUP_S SECONDS COST PASSWORD}. Prints {@code RESULT hashes_per_s=...
 * cpu_ms_per_hash=...}: the second is the workers' own CPU time per check, which does not depend on what else the
 * machine is doing and compares with the auth service's CPU time per login.
 */
public class HashRate {

    public static void main(String[] args) throws Exception {
        int threads = Integer.parseInt(args[0]);
        double warmup = Double.parseDouble(args[1]);
        double seconds = Double.parseDouble(args[2]);
        int cost = Integer.parseInt(args[3]);
        byte[] password = args[4].getBytes(StandardCharsets.UTF_8);

        BCrypt.Version version = BCrypt.Version.VERSION_2B;
        byte[] hash = BCrypt.with(version, LongPasswordStrategies.hashSha512(version)).hash(cost, password);
        BCrypt.Verifyer verifyer = BCrypt.verifyer(version, LongPasswordStrategies.hashSha512(version));

        LongAdder done = new LongAdder();
        AtomicBoolean counting = new AtomicBoolean(false);
        AtomicBoolean stop = new AtomicBoolean(false);
        Thread[] workers = new Thread[threads];
        for (int i = 0; i < threads; i++) {
            workers[i] = Thread.ofPlatform().start(() -> {
                while (!stop.get()) {
                    if (!verifyer.verify(password, hash).verified) {
                        throw new IllegalStateException("hash does not verify");
                    }
                    if (counting.get()) {
                        done.increment();
                    }
                }
            });
        }
        Thread.sleep((long) (warmup * 1000));
        java.lang.management.ThreadMXBean cpu = java.lang.management.ManagementFactory.getThreadMXBean();
        long cpuBefore = workersCpu(cpu, workers);
        counting.set(true);
        long start = System.nanoTime();
        Thread.sleep((long) (seconds * 1000));
        long counted = done.sum();
        double elapsed = (System.nanoTime() - start) / 1e9;
        long cpuNanos = workersCpu(cpu, workers) - cpuBefore;
        stop.set(true);
        for (Thread worker : workers) {
            worker.join();
        }
        System.out.printf(java.util.Locale.ROOT,
                "RESULT hashes_per_s=%.2f hashes=%d seconds=%.2f threads=%d cost=%d cpu_ms_per_hash=%.2f%n",
                counted / elapsed, counted, elapsed, threads, cost, counted == 0 ? 0 : cpuNanos / 1e6 / counted);
    }

    private static long workersCpu(java.lang.management.ThreadMXBean cpu, Thread[] workers) {
        long total = 0;
        for (Thread worker : workers) {
            total += Math.max(0, cpu.getThreadCpuTime(worker.threadId()));
        }
        return total;
    }
}
