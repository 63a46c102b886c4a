package org.ictbench.testing;

import com.sun.management.GarbageCollectionNotificationInfo;
import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.lang.management.MemoryUsage;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import javax.management.ListenerNotFoundException;
import javax.management.Notification;
import javax.management.NotificationEmitter;
import javax.management.NotificationListener;
import javax.management.openmbean.CompositeData;

/**
 * The heap a piece of work needed: the largest heap left after any garbage collection while it ran
 * (live data plus whatever old garbage that collection left) and the sum of the heap pools' peak
 * use (garbage included; the pools peak at different moments, so the sum can exceed -Xmx).
 */
public final class HeapWatch implements AutoCloseable {
  private final AtomicLong liveAfterGc = new AtomicLong();
  private final List<NotificationEmitter> emitters = new ArrayList<>();
  private final NotificationListener listener = this::onGc;
  private long peakUsed;
  private long peakLive;

  public HeapWatch() {
    System.gc();
    for (MemoryPoolMXBean p : ManagementFactory.getMemoryPoolMXBeans()) {
      if (p.getType() == MemoryType.HEAP) {
        p.resetPeakUsage();
      }
    }
    for (GarbageCollectorMXBean gc : ManagementFactory.getGarbageCollectorMXBeans()) {
      if (gc instanceof NotificationEmitter e) {
        e.addNotificationListener(listener, null, null);
        emitters.add(e);
      }
    }
  }

  private void onGc(Notification n, Object handback) {
    if (!GarbageCollectionNotificationInfo.GARBAGE_COLLECTION_NOTIFICATION.equals(n.getType())) {
      return;
    }
    GarbageCollectionNotificationInfo info = GarbageCollectionNotificationInfo.from((CompositeData) n.getUserData());
    long used = 0;
    for (Map.Entry<String, MemoryUsage> e : info.getGcInfo().getMemoryUsageAfterGc().entrySet()) {
      if (!e.getKey().contains("Metaspace") && !e.getKey().contains("Code") && !e.getKey().contains("Compressed")) {
        used += e.getValue().getUsed();
      }
    }
    liveAfterGc.accumulateAndGet(used, Math::max);
  }

  @Override
  public void close() {
    for (MemoryPoolMXBean p : ManagementFactory.getMemoryPoolMXBeans()) {
      if (p.getType() == MemoryType.HEAP) {
        peakUsed += p.getPeakUsage().getUsed();
      }
    }
    for (NotificationEmitter e : emitters) {
      try {
        e.removeNotificationListener(listener);
      } catch (ListenerNotFoundException ignored) {
        // already gone
      }
    }
    peakLive = liveAfterGc.get();
  }

  /** Largest heap in use after a collection while watched (0 when no collection ran). */
  public long peakLive() {
    return peakLive;
  }

  /** The heap pools' peak use while watched, garbage included. */
  public long peakUsed() {
    return peakUsed;
  }

  public String describe() {
    return String.format(java.util.Locale.ROOT, "peak live heap %d MB (after GC), peak heap used %d MB, of -Xmx %d MB",
        peakLive >> 20, peakUsed >> 20, Runtime.getRuntime().maxMemory() >> 20);
  }
}
