package dev.lui.tftp;

/**
 * Counters since the server started, as one consistent-enough snapshot (each counter is exact; they
 * are read one after the other while the server runs).
 *
 * @param requests requests that decoded (RRQ and WRQ), including queued and refused ones
 * @param completed transfers by outcome, likewise the next five
 * @param bytesSent DATA payload acknowledged by clients
 * @param active transfers running now
 * @param queued requests waiting for admission now
 * @param peakActive the most transfers that ran at once
 * @param refusedBusy requests refused because the queue was full or the wait ran out
 * @param droppedUnacknowledged never-acknowledged transfers dropped for the per-client cap
 * @param malformedDatagrams datagrams that did not decode (request port and transfer ports)
 * @param wrongTidDatagrams datagrams on a transfer port from another address or port
 * @param retransmissions timeouts that resent an OACK or a window
 * @param rateLimited datagrams left unanswered because their source used up its refusals
 * @param bandwidthPauses times the server paused to stay within the bandwidth limit
 * @param reclaimedStalled stalled transfers (never acknowledged, past the stall grace) whose slot
 *     was reclaimed for a waiting request while every slot was taken
 */
public record TftpMetrics(
    long requests,
    long completed,
    long notFound,
    long denied,
    long abortedByClient,
    long timedOut,
    long failed,
    long bytesSent,
    int active,
    int queued,
    int peakActive,
    long refusedBusy,
    long droppedUnacknowledged,
    long malformedDatagrams,
    long wrongTidDatagrams,
    long retransmissions,
    long rateLimited,
    long bandwidthPauses,
    long reclaimedStalled) {}
