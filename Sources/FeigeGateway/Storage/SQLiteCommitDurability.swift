import Foundation

/// How hard one write of a ``SQLiteGatewayStore`` needs its commit to wait for the disk, and so how hard a
/// group-commit transaction (all the writes of one batch) waits (issue #6: fewer disk flushes per message).
///
/// With `synchronous` FULL every commit flushes the write-ahead log. Some writes, if a power loss took them
/// back, are recovered anyway by what the gateway does after a restart; they need not wait for the disk
/// themselves, as long as a flush follows soon — and in write-ahead-log mode one flush covers every frame
/// written before it, since the log is appended in order:
///
/// - ``full``: the write answers a peer or cannot be redone: SUBMIT → SUBMIT_RESP Result 0 (§7.4.3.2),
///   CMPP_CANCEL (§7.4.6.2), MO messages stored before the downstream is acknowledged, outbox entries queued
///   by hand, expiry.
/// - ``relaxed``: a lost write only repeats work the gateway does after a restart: a "sent downstream" mark
///   (the recipient is still accepted, so it is dispatched again — as it is today when the gateway stops
///   between the mark and the downstream's answer), an outcome with its status report (the recipient is
///   still sent downstream, so the downstream decides it again and the report is queued again), an outbox
///   claim, release or acknowledgement (the entry is due again and its DELIVER sent again, §7.4.5: an SP
///   gets a repeated report, as after any crash between its DELIVER_RESP and the gateway's commit).
///
/// A transaction of relaxed writes only commits without flushing
/// (``synchronous(batchNeedsFull:configured:)``). The next full commit flushes it with its own frames; if
/// none comes within ``idleFlushDelay``, the writer flushes the log itself (``SQLiteLogFlush``), and it
/// does before it closes. So a relaxed write is on the disk at most that long after a quiet spell begins.
package enum SQLiteCommitDurability: Sendable {
    /// Complete only once on the disk (under the store's configured ``SQLiteGatewayStore/Configuration/synchronous``).
    case full
    /// May complete before the disk flush, which a following commit or the idle writer performs.
    case relaxed

    /// How long the writer waits, idle after a relaxed commit, for a full commit to flush it before it
    /// flushes the log itself.
    package static let idleFlushDelay: Duration = .milliseconds(5)

    /// The `synchronous` setting a group-commit transaction commits with.
    ///
    /// - Parameters:
    ///   - batchNeedsFull: a write of the batch is ``full``.
    ///   - configured: the store's setting; NORMAL never flushes on commit, whatever the writes.
    package static func synchronous(
        batchNeedsFull: Bool,
        configured: SQLiteGatewayStore.Configuration.Synchronous
    ) -> SQLiteGatewayStore.Configuration.Synchronous {
        guard configured == .full else { return configured }
        return batchNeedsFull ? .full : .normal
    }
}
