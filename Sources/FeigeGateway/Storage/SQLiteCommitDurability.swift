/// How hard one write of a ``SQLiteGatewayStore`` needs its commit to wait for the disk, and so how hard a
/// group-commit transaction (all the writes of one batch) waits (issue #6: fewer disk flushes per message).
///
/// With `synchronous` FULL every commit flushes the write-ahead log. Some writes, if a power loss took them
/// back, are recovered anyway by what the gateway does after a restart; they need not wait for the disk
/// themselves, as long as a flushing commit follows soon — and in write-ahead-log mode a commit's flush
/// covers every frame written before it, since the log is appended in order:
///
/// - ``full``: the write answers a peer or cannot be redone: SUBMIT → SUBMIT_RESP Result 0 (§7.4.3.2),
///   CMPP_CANCEL (§7.4.6.2), MO messages stored before the downstream is acknowledged, outbox entries queued
///   by hand.
/// - ``relaxed``: a lost write only repeats work the gateway does after a restart: a "sent downstream" mark
///   (the recipient is still accepted, so it is dispatched again), an outcome with its status report (the
///   recipient is still sent downstream, so the downstream decides it again), an outbox claim, release or
///   acknowledgement (the entry is due again and the DELIVER sent again, §7.4.5: an SP must accept a repeated
///   report, as after any crash between its DELIVER_RESP and the gateway's commit).
///
/// ``synchronous(batchNeedsFull:moreQueued:configured:)`` decides per transaction: a batch of relaxed writes
/// commits without flushing only while more writes are already queued behind it, so the writer commits
/// again at once, and the last transaction before the writer goes idle always flushes. A relaxed write is
/// therefore never left unflushed longer than the writer's current run of back-to-back commits.
package enum SQLiteCommitDurability: Sendable {
    /// Complete only once on the disk (under the store's configured ``SQLiteGatewayStore/Configuration/synchronous``).
    case full
    /// May complete before the disk flush, which a following commit of the same writer run performs.
    case relaxed

    /// The `synchronous` setting a group-commit transaction commits with.
    ///
    /// - Parameters:
    ///   - batchNeedsFull: a write of the batch is ``full``.
    ///   - moreQueued: writes are queued behind the batch, so the writer commits again right after it.
    ///   - configured: the store's setting; NORMAL never flushes on commit, whatever the writes.
    package static func synchronous(
        batchNeedsFull: Bool,
        moreQueued: Bool,
        configured: SQLiteGatewayStore.Configuration.Synchronous
    ) -> SQLiteGatewayStore.Configuration.Synchronous {
        guard configured == .full else { return configured }
        return !batchNeedsFull && moreQueued ? .normal : .full
    }
}
