import FeigeGateway
import Testing

/// The per-transaction durability decision of the SQLite store's group-commit writer.
@Suite("SQLiteCommitDurability")
struct SQLiteCommitDurabilityTests {
    @Test("a FULL store flushes every transaction that holds a full write, and no other")
    func fullStore() {
        #expect(SQLiteCommitDurability.synchronous(batchNeedsFull: true, configured: .full) == .full)
        #expect(SQLiteCommitDurability.synchronous(batchNeedsFull: false, configured: .full) == .normal)
    }

    @Test("a NORMAL store never flushes on commit, whatever the writes")
    func normalStore() {
        #expect(SQLiteCommitDurability.synchronous(batchNeedsFull: true, configured: .normal) == .normal)
        #expect(SQLiteCommitDurability.synchronous(batchNeedsFull: false, configured: .normal) == .normal)
    }
}
