package org.ictbench.pipeline;

import java.util.List;
import java.util.Map;

/**
 * What one run did: files found, ingested and skipped (with why), per ingested file (by checksum) its
 * {@link FileCounts}, the tables written, the ictbench version that ran it
 * ({@link org.ictbench.core.BuildInfo#version()}, also in every Delta commit it made), and the new
 * vintages this run held for review (one line each: what moved; the run's exit code is then 11).
 */
public record PipelineResult(String runId, int filesFound, int filesIngested, List<String> skipped,
    Map<String, FileCounts> perFile, List<String> tablesWritten, String curatedRoot, double seconds,
    String version, List<String> heldVintages) {}
