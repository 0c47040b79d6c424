import Testing

@testable import FeigeGateway

/// How the group-commit writer cuts its queue into transactions (issue #6: a SUBMIT does not wait behind bulk
/// relaxed writes).
@Suite("SQLiteGroupCommitWriter.split")
struct SQLiteGroupCommitWriterSplitTests {
    typealias Job = SQLiteGroupCommitWriter.Job

    /// A job named by its index in `rows`: negative rows mark a full write of that many rows.
    static func jobs(_ rows: [Int]) -> [Job] {
        rows.enumerated().map { index, rows in
            Job(
                durability: rows < 0 ? .full : .relaxed,
                rows: abs(rows),
                perform: { _ in },
                finish: { _ in }
            )
        }
    }

    static func rows(_ jobs: [Job]) -> [Int] {
        jobs.map { $0.durability == .full ? -$0.rows : $0.rows }
    }

    @Test func fullWritesAllGoAndRelaxedOnesStopAtTheirRowBudget() {
        let (batch, rest) = SQLiteGroupCommitWriter.split(
            Self.jobs([-16, 40, 30, -8, 10, -4]),
            maximumWrites: 100,
            relaxedRows: 64
        )
        // 40 fits, 30 would pass 64 and waits; 10 stays behind it (relaxed writes keep their order); the full
        // writes behind them go now.
        #expect(Self.rows(batch) == [-16, 40, -8, -4])
        #expect(Self.rows(rest) == [30, 10])
    }

    @Test func theFirstRelaxedWriteAlwaysGoesWhateverItsSize() {
        let (batch, rest) = SQLiteGroupCommitWriter.split(Self.jobs([256, 1, -2]), maximumWrites: 100, relaxedRows: 64)
        #expect(Self.rows(batch) == [256, -2])
        #expect(Self.rows(rest) == [1])
    }

    @Test func theWriteCountBoundsEverything() {
        let (batch, rest) = SQLiteGroupCommitWriter.split(Self.jobs([-1, -1, 1, -1]), maximumWrites: 2, relaxedRows: 64)
        #expect(Self.rows(batch) == [-1, -1])
        #expect(Self.rows(rest) == [1, -1])
    }

    @Test func anEmptyQueueGivesNothing() {
        let (batch, rest) = SQLiteGroupCommitWriter.split([], maximumWrites: 8, relaxedRows: 64)
        #expect(batch.isEmpty && rest.isEmpty)
    }
}
