package org.ictbench.core;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.FileNotFoundException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Paths;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FSDataOutputStream;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;

/**
 * The curated root's writer lock: at most one pipeline run writes a lake at a time. The lock is one
 * small JSON file, {@code <curated>/_ictbench_writer.lock}, naming its holder (host, pid, the
 * process's start time, run id, start and heartbeat times, ictbench version). It is created only if
 * absent, atomically: on local disks with an exclusive create ({@code O_CREAT|O_EXCL}), on HDFS with
 * a non-overwriting create, on S3 with a conditional PUT ({@code If-None-Match: *}, which S3A sends
 * for a non-overwriting create while {@code fs.s3a.create.conditional.enabled} is true, its default).
 * A store that offers none of these is refused ({@link #acquire} fails with exit 10 and says so).
 *
 * <p>A lock is <b>stale</b>, and the next run takes it over, when either
 * <ul>
 *   <li>its holder ran on this host and that process is gone (no process with its pid, or one with a
 *       different start time: the pid was reused), or</li>
 *   <li>its heartbeat, refreshed by the holder every {@link #HEARTBEAT}, is older than {@link #EXPIRY}
 *       (a holder on another host that died, or lost the store).</li>
 * </ul>
 * A takeover is itself exclusive: the taker first creates {@code _ictbench_writer.lock.takeover-<lock id>}
 * (only one taker can), checks that the stale lock is still the one it judged, replaces it and then
 * removes the marker. Readers never take the lock: each Delta table they read is a committed snapshot.
 */
public final class LakeLock implements AutoCloseable {
  public static final String FILE_NAME = "_ictbench_writer.lock";
  public static final Duration HEARTBEAT = Duration.ofSeconds(30);
  public static final Duration EXPIRY = Duration.ofMinutes(5);
  private static final Duration POLL = Duration.ofMillis(500);
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(LakeLock.class);

  /** Who holds (or held) a lock: the file's content. */
  public record Holder(String lockId, String host, long pid, String processStart, String runId, Instant startedAt,
      Instant heartbeatAt, String version) {
    String json() {
      ObjectNode n = JSON.createObjectNode();
      n.put("lock_id", lockId);
      n.put("host", host);
      n.put("pid", pid);
      n.put("process_start", processStart);
      n.put("run_id", runId);
      n.put("started_at", startedAt.toString());
      n.put("heartbeat_at", heartbeatAt.toString());
      n.put("ictbench_version", version);
      return n.toString();
    }

    static Holder parse(String json) throws IOException {
      JsonNode n = JSON.readTree(json);
      return new Holder(n.path("lock_id").asText(), n.path("host").asText(), n.path("pid").asLong(),
          n.path("process_start").asText(), n.path("run_id").asText(), Instant.parse(n.path("started_at").asText()),
          Instant.parse(n.path("heartbeat_at").asText()), n.path("ictbench_version").asText());
    }

    Holder beat(Instant now) {
      return new Holder(lockId, host, pid, processStart, runId, startedAt, now, version);
    }

    /** One line for messages: "run R on host H, pid P, since T (last heartbeat T2)". */
    public String describe() {
      return "run " + runId + " on host " + host + ", pid " + pid + ", since " + startedAt + " (last heartbeat "
          + heartbeatAt + ", ictbench " + version + ")";
    }
  }

  private final FileSystem fs;
  private final Path lockPath;
  private final boolean local;
  private volatile Holder mine;
  private final ScheduledExecutorService heartbeat;

  private LakeLock(FileSystem fs, Path lockPath, boolean local, Holder mine) {
    this.fs = fs;
    this.lockPath = lockPath;
    this.local = local;
    this.mine = mine;
    this.heartbeat = Executors.newSingleThreadScheduledExecutor(r -> {
      Thread t = new Thread(r, "ictbench-lake-lock-heartbeat");
      t.setDaemon(true);
      return t;
    });
    heartbeat.scheduleAtFixedRate(this::beat, HEARTBEAT.toMillis(), HEARTBEAT.toMillis(), TimeUnit.MILLISECONDS);
  }

  /**
   * Takes the writer lock of {@code curatedUri} for {@code runId}, waiting up to {@code waitSeconds}
   * (0: fail at once) while another live run holds it; a stale lock is taken over at once.
   *
   * @throws IctbenchException with {@link IctbenchException.Code#LAKE_LOCKED} naming the holder
   */
  public static LakeLock acquire(Configuration conf, String curatedUri, String runId, long waitSeconds) {
    try {
      Path root = new Path(curatedUri);
      FileSystem fs = root.getFileSystem(conf);
      root = fs.makeQualified(root);
      boolean local = "file".equals(root.toUri().getScheme());
      String scheme = root.toUri().getScheme();
      if (!local && "s3a".equals(scheme) && !conf.getBoolean("fs.s3a.create.conditional.enabled", true)) {
        throw Errors.lakeLocked(root.toString(), "no lock can be taken",
            "fs.s3a.create.conditional.enabled is false, and without conditional writes two runs could both take"
                + " the lock. Enable it (the default; the store must support If-None-Match on PUT).");
      }
      if (fs.exists(root) && !fs.getFileStatus(root).isDirectory()) {
        throw new IOException("it is a file, not a folder");
      }
      Path lockPath = new Path(root, FILE_NAME);
      Instant deadline = Instant.now().plusSeconds(Math.max(0, waitSeconds));
      Holder me = self(runId);
      Holder last = null;
      while (true) {
        Instant now = Instant.now();
        me = me.beat(now);
        if (create(fs, lockPath, local, me)) {
          LOG.info("writer lock taken: {} ({})", lockPath, me.describe());
          return new LakeLock(fs, lockPath, local, me);
        }
        Optional<Holder> held = read(fs, lockPath);
        if (held.isEmpty()) {
          continue; // released between our create and read: try again at once
        }
        last = held.get();
        String stale = staleness(last, now);
        if (stale != null && takeOver(fs, lockPath, local, last, me)) {
          LOG.warn("writer lock of {} taken over from a stale holder ({}): {}", root, stale, last.describe());
          return new LakeLock(fs, lockPath, local, me);
        }
        if (!now.isBefore(deadline)) {
          break;
        }
        Thread.sleep(Math.min(POLL.toMillis(), Math.max(1, Duration.between(now, deadline).toMillis())));
      }
      throw Errors.lakeLocked(root.toString(), last.describe(), waitSeconds > 0
          ? "Waited " + waitSeconds + " s for it (--wait-lock). Rerun when that run has finished."
          : "Only one pipeline run may write a lake at a time: wait for that run to finish, or rerun with"
              + " --wait-lock SECONDS. A lock left by a killed run is taken over once its holder process is"
              + " gone (same host) or its heartbeat is older than " + EXPIRY.toMinutes() + " minutes.");
    } catch (IOException e) {
      // the root cannot be written at all (read-only, full, a file where a folder should be): exit 8
      throw Errors.lakeNotWritable(curatedUri, e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("Interrupted while waiting for the writer lock of " + curatedUri, e);
    }
  }

  /** Why {@code h} is stale at {@code now}, or null when its holder may still be alive. */
  static String staleness(Holder h, Instant now) {
    if (h.host().equals(hostName())) {
      Optional<ProcessHandle> p = ProcessHandle.of(h.pid());
      if (p.isEmpty() || !p.get().isAlive()) {
        return "process " + h.pid() + " on this host is gone";
      }
      String start = startOf(p.get());
      if (!start.isEmpty() && !h.processStart().isEmpty() && !start.equals(h.processStart())) {
        return "pid " + h.pid() + " now belongs to another process";
      }
      return null;
    }
    if (Duration.between(h.heartbeatAt(), now).compareTo(EXPIRY) > 0) {
      return "no heartbeat since " + h.heartbeatAt() + ", more than " + EXPIRY.toMinutes() + " minutes";
    }
    return null;
  }

  /** The holder record of this process for {@code runId}. */
  static Holder self(String runId) {
    ProcessHandle me = ProcessHandle.current();
    Instant now = Instant.now();
    return new Holder(UUID.randomUUID().toString(), hostName(), me.pid(), startOf(me), runId, now, now,
        BuildInfo.version());
  }

  private static String startOf(ProcessHandle p) {
    return p.info().startInstant().map(Instant::toString).orElse("");
  }

  /** This host's name as lock files record it. */
  public static String hostName() {
    try {
      return InetAddress.getLocalHost().getHostName();
    } catch (UnknownHostException e) {
      return System.getenv().getOrDefault("HOSTNAME", "unknown-host");
    }
  }

  /** Creates {@code path} with {@code h} only if it does not exist; false when it exists. */
  private static boolean create(FileSystem fs, Path path, boolean local, Holder h) throws IOException {
    byte[] bytes = h.json().getBytes(StandardCharsets.UTF_8);
    if (local) {
      try {
        java.nio.file.Path p = Paths.get(path.toUri());
        Files.createDirectories(p.getParent());
        Files.write(p, bytes, java.nio.file.StandardOpenOption.CREATE_NEW, java.nio.file.StandardOpenOption.WRITE);
        return true;
      } catch (FileAlreadyExistsException e) {
        return false;
      }
    }
    try (FSDataOutputStream out = fs.createFile(path).overwrite(false).recursive().build()) {
      out.write(bytes);
    } catch (org.apache.hadoop.fs.FileAlreadyExistsException e) {
      return false;
    } catch (IOException e) {
      // S3A reports a failed conditional PUT (412 Precondition Failed, 409 on a concurrent create) on close
      if (preconditionFailed(e)) {
        return false;
      }
      throw e;
    }
    return true;
  }

  private static boolean preconditionFailed(Throwable e) {
    for (Throwable c = e; c != null; c = c.getCause()) {
      String m = String.valueOf(c.getMessage());
      if (c instanceof org.apache.hadoop.fs.FileAlreadyExistsException || m.contains("412")
          || m.contains("PreconditionFailed") || m.contains("Precondition Failed")
          || m.contains("ConditionalRequestConflict")) {
        return true;
      }
    }
    return false;
  }

  private static Optional<Holder> read(FileSystem fs, Path path) throws IOException {
    try (InputStream in = fs.open(path)) {
      return Optional.of(Holder.parse(new String(in.readAllBytes(), StandardCharsets.UTF_8)));
    } catch (FileNotFoundException e) {
      return Optional.empty();
    } catch (IOException | RuntimeException e) {
      if (!fs.exists(path)) {
        return Optional.empty();
      }
      // a lock file that is not ours to read (half-written by a run killed while creating it) counts
      // as a holder whose heartbeat never came: stale after the expiry
      FileStatusTime t = FileStatusTime.of(fs, path);
      return Optional.of(new Holder("unreadable-" + t.millis, "unknown", -1, "", "unknown (unreadable lock file: "
          + e.getMessage() + ")", t.instant(), t.instant(), "unknown"));
    }
  }

  private record FileStatusTime(long millis) {
    static FileStatusTime of(FileSystem fs, Path p) throws IOException {
      return new FileStatusTime(fs.getFileStatus(p).getModificationTime());
    }

    Instant instant() {
      return Instant.ofEpochMilli(millis);
    }
  }

  /** Replaces the stale lock {@code stale} with {@code me}, exclusively among takers; false if another won. */
  private static boolean takeOver(FileSystem fs, Path lockPath, boolean local, Holder stale, Holder me)
      throws IOException {
    Path marker = new Path(lockPath.getParent(), FILE_NAME + ".takeover-" + stale.lockId());
    if (!create(fs, marker, local, me)) {
      return false; // another run is taking this lock over
    }
    try {
      Optional<Holder> now = read(fs, lockPath);
      if (now.isPresent() && !now.get().lockId().equals(stale.lockId())) {
        return false; // replaced meanwhile
      }
      fs.delete(lockPath, false);
      return create(fs, lockPath, local, me);
    } finally {
      fs.delete(marker, false);
    }
  }

  /** Refreshes the heartbeat, unless the lock is no longer ours (then says so in the log). */
  private void beat() {
    try {
      Optional<Holder> now = read(fs, lockPath);
      if (now.isEmpty() || !now.get().lockId().equals(mine.lockId())) {
        LOG.error("writer lock {} is no longer held by this run (now: {})", lockPath,
            now.map(Holder::describe).orElse("none"));
        return;
      }
      Holder next = mine.beat(Instant.now());
      write(next);
      mine = next;
    } catch (IOException | RuntimeException e) {
      LOG.warn("could not refresh the writer lock's heartbeat at {}: {}", lockPath, e.toString());
    }
  }

  private void write(Holder h) throws IOException {
    byte[] bytes = h.json().getBytes(StandardCharsets.UTF_8);
    if (local) {
      java.nio.file.Path p = Paths.get(lockPath.toUri());
      java.nio.file.Path tmp = p.resolveSibling(FILE_NAME + "." + h.lockId() + ".tmp");
      Files.write(tmp, bytes);
      Files.move(tmp, p, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    } else {
      try (OutputStream out = fs.create(lockPath, true)) {
        out.write(bytes);
      }
    }
  }

  /** The holder record this run wrote. */
  public Holder holder() {
    return mine;
  }

  /** Releases the lock (removes the file if it is still this run's). */
  @Override
  public void close() {
    // let a heartbeat already under way finish first: one that read the lock as ours before the delete
    // would write it back after it, leaving a lock no run holds on a lake whose writer is still alive
    heartbeat.shutdown();
    try {
      if (!heartbeat.awaitTermination(30, TimeUnit.SECONDS)) {
        LOG.warn("the writer lock's heartbeat at {} did not stop within 30 s", lockPath);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    try {
      Optional<Holder> now = read(fs, lockPath);
      if (now.isPresent() && now.get().lockId().equals(mine.lockId())) {
        fs.delete(lockPath, false);
      }
    } catch (IOException e) {
      LOG.warn("could not release the writer lock {}: {}", lockPath, e.toString());
    }
  }
}
