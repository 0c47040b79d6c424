import FeigeGateway
import Testing

/// The per-transaction durability decision of the SQLite store's group-commit writer.
@Suite("SQLiteCommitDurability")
struct SQLiteCommitDurabilityTests {
    @Test("a FULL store flushes every transaction but one of relaxed writes with more queued behind it")
    func fullStore() {
        #expect(SQLiteCommitDurability.synchronous(batchNeedsFull: true, moreQueued: true, configured: .full) == .full)
        #expect(SQLiteCommitDurability.synchronous(batchNeedsFull: true, moreQueued: false, configured: .full) == .full)
        // Nothing queued: the writer goes idle after this commit, so it must flush itself.
        #expect(SQLiteCommitDurability.synchronous(batchNeedsFull: false, moreQueued: false, configured: .full) == .full)
        // The next commit follows at once and flushes this one's frames with its own.
        #expect(SQLiteCommitDurability.synchronous(batchNeedsFull: false, moreQueued: true, configured: .full) == .normal)
    }

    @Test("a NORMAL store never flushes on commit, whatever the writes")
    func normalStore() {
        for needsFull in [false, true] {
            for moreQueued in [false, true] {
                #expect(
                    SQLiteCommitDurability.synchronous(
                        batchNeedsFull: needsFull,
                        moreQueued: moreQueued,
                        configured: .normal
                    ) == .normal
                )
            }
        }
    }
}
