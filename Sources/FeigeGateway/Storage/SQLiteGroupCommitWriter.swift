import CMPPCore
import Dispatch
import Foundation
import GRDB
import Logging
import Synchronization

/// The single writer of a ``SQLiteGatewayStore``: queues writes from every caller and commits them in
/// groups, one transaction per batch (issue #5 §4, issue #6 "group commit in the store").
///
/// A caller only appends to a queue under a short lock. When no batch is being committed, the append
/// wakes the writer's own thread; while it commits (and waits for the disk), later writes gather in
/// the queue and go into the next transaction together. So the disk flush of `synchronous` FULL is paid
/// once per batch, and the batch grows with the load.
///
/// The thread is the writer's, not one of the dispatch queue's (issue #6, "how the writer is woken"): it
/// waits on a semaphore and runs GRDB's writer inline (`writeWithoutTransaction` on an idle serial queue
/// runs on the calling thread), so starting a drain costs one futex wake instead of a dispatch through
/// libdispatch's worker pool. It ends when the writer is closed (after the last queued write) or released.
///
/// A write that throws makes its batch roll back; the writes of that batch are then retried one
/// transaction each, so only the failing write fails.
///
/// Each write says how hard its commit must wait for the disk (``SQLiteCommitDurability``): a transaction
/// of relaxed writes only commits with `synchronous` NORMAL; the next full commit's flush covers it, or the
/// writer flushes the log itself once it has been idle for ``SQLiteCommitDurability/idleFlushDelay``, and
/// before it stops.
final class SQLiteGroupCommitWriter: Sendable {
    /// One queued write: `perform` runs inside the transaction, `finish` after the commit or failure.
    struct Job: Sendable {
        let durability: SQLiteCommitDurability
        /// About how many rows the write changes: what it adds to a transaction's length.
        var rows: Int = 1
        let perform: @Sendable (SQLiteWriteBatch) throws -> Void
        let finish: @Sendable (Result<Void, any Error>) -> Void
    }

    /// The most rows of relaxed writes one transaction takes while full writes wait (at least one relaxed
    /// write always goes in). Relaxed writes come in bulk (a dispatcher's outcomes, an outbox claim) and
    /// nobody waits on them; a SUBMIT waiting for its commit behind a thousand outcome rows waited milliseconds
    /// (issue #6: p99 at half the peak). Later full writes go ahead of the relaxed writes left over: they were
    /// queued concurrently, so either order is a valid serialisation, and nothing waits on both.
    static let relaxedRowsPerTransaction = 64

    /// What only the writer thread uses, kept from one drain to the next.
    private final class ThreadState {
        let watermarks = SQLiteCommittedWatermarks()
        let unfoldedOutcomes = SQLiteUnfoldedOutcomes()
        /// The writer connection's `synchronous` setting as this thread last set it; `nil` until then, so the
        /// first transaction sets it whatever the connection had: GRDB's `DatabasePool` sets NORMAL on its
        /// writer when it turns on WAL mode, after `prepareDatabase` ran.
        var synchronous: SQLiteGatewayStore.Configuration.Synchronous?
        /// A commit made with NORMAL under a FULL store has not been flushed by a later commit yet.
        var hasUnflushedCommit = false

        init() {}

        /// A new transaction's batch over the writer's memory.
        func batch(_ db: Database, days: StatisticsDay) -> SQLiteWriteBatch {
            SQLiteWriteBatch(db: db, days: days, watermarks: watermarks, unfoldedOutcomes: unfoldedOutcomes)
        }

        /// Sets the connection's `synchronous` for the next transaction's commit when it differs; only outside a
        /// transaction (SQLite refuses it inside one).
        func setSynchronous(_ setting: SQLiteGatewayStore.Configuration.Synchronous, _ db: Database) throws {
            guard setting != synchronous else { return }
            try SQLiteRawStatement(db, sql: "PRAGMA synchronous = \(setting.rawValue)").execute { _ in }
            synchronous = setting
        }
    }

    /// What the writer has done so far.
    typealias Statistics = SQLiteGatewayStore.CommitStatistics

    private struct State {
        var pending: [Job] = []
        var isDraining = false
        var isClosed = false
        /// The writer thread has committed everything queued before the close, and ended.
        var isStopped = false
        var closeWaiters: [CheckedContinuation<Void, Never>] = []
        var statistics = Statistics()
    }

    private let pool: DatabasePool
    private let days: StatisticsDay
    /// The store's `synchronous` setting: what ``SQLiteCommitDurability/full`` writes commit with.
    private let synchronous: SQLiteGatewayStore.Configuration.Synchronous
    private let maximumBatchSize: Int
    private let logger: Logger
    private let state = Mutex(State())
    /// ``SQLiteUnfoldedOutcomes/count`` as of the last commit, for other threads.
    private let committedUnfoldedOutcomes = Atomic<Int>(0)
    /// Signalled when a drain should start (the queue got its first write) and when the writer closes.
    private let wake = DispatchSemaphore(value: 0)

    init(
        pool: DatabasePool,
        days: StatisticsDay,
        synchronous: SQLiteGatewayStore.Configuration.Synchronous,
        maximumBatchSize: Int,
        logger: Logger
    ) {
        self.pool = pool
        self.days = days
        self.synchronous = synchronous
        self.maximumBatchSize = max(1, maximumBatchSize)
        self.logger = logger
        let wake = self.wake
        let idleFlushDelay = Self.dispatchInterval(SQLiteCommitDurability.idleFlushDelay)
        NamedThread.start("feige.writer") { [weak self] in
            let threadState = ThreadState()
            while true {
                if threadState.hasUnflushedCommit {
                    if wake.wait(timeout: .now() + idleFlushDelay) == .timedOut {
                        guard let self else { return }
                        self.flushLog(threadState)
                        continue
                    }
                } else {
                    wake.wait()
                }
                guard let self, self.drainOnThread(threadState) else { return }
            }
        }
    }

    deinit {
        // Never closed: let the thread see that the writer is gone and end.
        wake.signal()
    }

    var statistics: Statistics {
        state.withLock { $0.statistics }
    }

    var isClosed: Bool {
        state.withLock { $0.isClosed }
    }

    /// How many recipients have an outcome in `mt_outcome` not folded into `mt_recipient` yet, as of the last
    /// commit.
    var unfoldedOutcomeCount: Int {
        committedUnfoldedOutcomes.load(ordering: .relaxed)
    }

    /// Queues a write; `job.finish` runs on the writer once it is committed or has failed.
    func submit(_ job: Job) {
        enum Decision { case rejected, queued, startDrain }
        let decision = state.withLock { state -> Decision in
            guard !state.isClosed else { return .rejected }
            state.pending.append(job)
            if state.isDraining { return .queued }
            state.isDraining = true
            return .startDrain
        }
        switch decision {
        case .rejected:
            job.finish(.failure(GatewayStoreError.closed()))
        case .queued:
            break
        case .startDrain:
            wake.signal()
        }
    }

    /// Queues a write that returns a value and waits for its commit.
    func write<T: Sendable>(
        _ durability: SQLiteCommitDurability,
        rows: Int = 1,
        _ body: @escaping @Sendable (SQLiteWriteBatch) throws -> T
    ) async throws -> T {
        try await withCheckedThrowingContinuation { (continuation: CheckedContinuation<T, any Error>) in
            let box = ResultBox<T>()
            submit(
                Job(
                    durability: durability,
                    rows: rows,
                    perform: { batch in box.value = try body(batch) },
                    finish: { result in
                        continuation.resume(with: result.map { box.value! })
                    }
                )
            )
        }
    }

    /// Queues one relaxed write per slice of `items` of at most ``relaxedRowsPerTransaction`` rows, all at once,
    /// and returns their results in order once every one is committed. A bulk write so cut goes into as many
    /// transactions, and the SUBMITs queued meanwhile commit between them instead of behind all of it; queued
    /// together, the slices need no round trip each. The first failure fails the whole call (the slices
    /// committed before it stay committed).
    func writeInSlices<Item: Sendable, T: Sendable>(
        _ items: [Item],
        _ body: @escaping @Sendable (SQLiteWriteBatch, ArraySlice<Item>) throws -> T
    ) async throws -> [T] {
        let size = Self.relaxedRowsPerTransaction
        guard items.count > size else { return [try await write(.relaxed, rows: items.count) { try body($0, items[...]) }] }
        let slices = stride(from: 0, to: items.count, by: size).map { items[$0..<min($0 + size, items.count)] }
        return try await withCheckedThrowingContinuation { (continuation: CheckedContinuation<[T], any Error>) in
            let collected = SliceResults<T>(count: slices.count, continuation: continuation)
            for (index, slice) in slices.enumerated() {
                let box = ResultBox<T>()
                submit(
                    Job(
                        durability: .relaxed,
                        rows: slice.count,
                        perform: { batch in box.value = try body(batch, slice) },
                        finish: { result in collected.finish(index, result.map { box.value! }) }
                    )
                )
            }
        }
    }

    /// Stops taking writes, and returns once everything queued before is committed; `false` when the
    /// writer was already closed.
    @discardableResult
    func close() async -> Bool {
        let wasOpen = state.withLock { state -> Bool in
            defer { state.isClosed = true }
            return !state.isClosed
        }
        if wasOpen {
            // The thread commits what is still queued, then ends.
            wake.signal()
        }
        await withCheckedContinuation { (continuation: CheckedContinuation<Void, Never>) in
            let done = state.withLock { state -> Bool in
                if state.isStopped {
                    return true
                }
                state.closeWaiters.append(continuation)
                return false
            }
            if done {
                continuation.resume()
            }
        }
        return wasOpen
    }

    // MARK: - On the writer thread

    /// Commits everything queued; `false` once the writer is closed and nothing is left, which ends the
    /// thread (after the close's waiters are resumed).
    private func drainOnThread(_ threadState: ThreadState) -> Bool {
        pool.writeWithoutTransaction { db in
            while let batch = nextBatch() {
                commit(batch, db, threadState)
            }
        }
        let stopping = state.withLock { $0.isClosed && $0.pending.isEmpty }
        if stopping {
            // Nothing relaxed is left unflushed behind a closed store.
            flushLog(threadState)
        }
        let waiters = state.withLock { state -> [CheckedContinuation<Void, Never>]? in
            guard state.isClosed, state.pending.isEmpty else { return nil }
            state.isStopped = true
            defer { state.closeWaiters = [] }
            return state.closeWaiters
        }
        guard let waiters else { return true }
        for waiter in waiters {
            waiter.resume()
        }
        return false
    }

    /// Takes the queued writes (up to the maximum), or ends the drain when there are none.
    private func nextBatch() -> [Job]? {
        state.withLock { state -> [Job]? in
            if state.pending.isEmpty {
                state.isDraining = false
                return nil
            }
            let (batch, rest) = Self.split(
                state.pending,
                maximumWrites: maximumBatchSize,
                relaxedRows: Self.relaxedRowsPerTransaction
            )
            state.pending = rest
            return batch
        }
    }

    /// One transaction's writes out of `pending`, oldest first, and what waits for the next: at most
    /// `maximumWrites`, every full write among them, relaxed writes while their rows stay within
    /// `relaxedRows` (the first relaxed write always), the remaining relaxed writes left in order.
    static func split(_ pending: [Job], maximumWrites: Int, relaxedRows: Int) -> (batch: [Job], rest: [Job]) {
        var batch: [Job] = []
        var rest: [Job] = []
        batch.reserveCapacity(min(pending.count, maximumWrites))
        var rowsTaken = 0
        var takesRelaxed = true
        for job in pending {
            guard batch.count < maximumWrites else {
                rest.append(job)
                continue
            }
            switch job.durability {
            case .full:
                batch.append(job)
            case .relaxed:
                if takesRelaxed, rowsTaken == 0 || rowsTaken + job.rows <= relaxedRows {
                    batch.append(job)
                    rowsTaken += job.rows
                } else {
                    // Keep the relaxed writes in their order: none after a deferred one goes first.
                    takesRelaxed = false
                    rest.append(job)
                }
            }
        }
        return (batch, rest)
    }

    private func commit(_ jobs: [Job], _ db: Database, _ threadState: ThreadState) {
        let needsFull = jobs.contains { $0.durability == .full }
        do {
            // SQLite takes `synchronous` only outside a transaction.
            try threadState.setSynchronous(
                SQLiteCommitDurability.synchronous(batchNeedsFull: needsFull, configured: synchronous),
                db
            )
            let batch = threadState.batch(db, days: days)
            let commitTime = try Self.inTransaction(db) {
                for job in jobs {
                    try job.perform(batch)
                }
                try batch.flush()
            }
            batch.adoptCommitted()
            committedUnfoldedOutcomes.store(threadState.unfoldedOutcomes.count, ordering: .relaxed)
            let relaxed = threadState.synchronous != synchronous
            // Under a FULL store a commit that is not relaxed flushes, and with it every frame before its own.
            threadState.hasUnflushedCommit = relaxed
            recordCommit(writes: jobs.count, relaxed: relaxed, commitTime: commitTime)
            logger.trace("Committed a batch", metadata: ["feige.store.batch": "\(jobs.count)"])
            for job in jobs {
                job.finish(.success(()))
            }
        } catch {
            guard jobs.count > 1 else {
                jobs[0].finish(.failure(Self.storeError(error)))
                return
            }
            logger.debug(
                "A batch failed; retrying its writes one by one",
                metadata: ["feige.store.batch": "\(jobs.count)", "feige.store.error": "\(error)"]
            )
            for job in jobs {
                do {
                    // One by one, every commit flushes: it also covers relaxed commits before the failure.
                    try threadState.setSynchronous(synchronous, db)
                    let batch = threadState.batch(db, days: days)
                    let commitTime = try Self.inTransaction(db) {
                        try job.perform(batch)
                        try batch.flush()
                    }
                    batch.adoptCommitted()
                    committedUnfoldedOutcomes.store(threadState.unfoldedOutcomes.count, ordering: .relaxed)
                    threadState.hasUnflushedCommit = false
                    recordCommit(writes: 1, relaxed: false, commitTime: commitTime)
                    job.finish(.success(()))
                } catch {
                    job.finish(.failure(Self.storeError(error)))
                }
            }
        }
    }

    /// Runs `body` in an IMMEDIATE transaction and commits it, or rolls it back if anything throws; returns
    /// how long the `COMMIT` took (writing the log, and flushing it when `synchronous` says so).
    ///
    /// GRDB's `inTransaction` parses `BEGIN` and `COMMIT` anew for each transaction (~18k instructions
    /// each, issue #6 callgrind); these statements are prepared once and cached. They still run through
    /// GRDB's `Statement`, so its transaction tracking sees them.
    private static func inTransaction(_ db: Database, _ body: () throws -> Void) throws -> Duration {
        try db.cachedStatement(sql: "BEGIN IMMEDIATE TRANSACTION").execute()
        do {
            try body()
            let commit = try db.cachedStatement(sql: "COMMIT TRANSACTION")
            let clock = ContinuousClock()
            let started = clock.now
            try commit.execute()
            return clock.now - started
        } catch {
            if db.isInsideTransaction {
                try? db.rollback()
            }
            throw error
        }
    }

    /// Flushes the log when a relaxed commit is not on the disk yet (the writer is idle, or stopping).
    private func flushLog(_ threadState: ThreadState) {
        guard threadState.hasUnflushedCommit else { return }
        do {
            try pool.writeWithoutTransaction { db in try SQLiteLogFlush.flush(db) }
        } catch {
            // The frames stay in the log; a checkpoint flushes it before copying it.
            logger.debug("Flushing the log failed", metadata: ["feige.store.error": "\(error)"])
            _ = try? pool.writeWithoutTransaction { db in try db.checkpoint(.passive) }
        }
        threadState.hasUnflushedCommit = false
        state.withLock { $0.statistics.logFlushes += 1 }
    }

    /// `duration` as libdispatch counts time.
    private static func dispatchInterval(_ duration: Duration) -> DispatchTimeInterval {
        .nanoseconds(Int(duration.nanoseconds))
    }

    private func recordCommit(writes: Int, relaxed: Bool, commitTime: Duration) {
        state.withLock { state in
            state.statistics.transactions += 1
            state.statistics.writes += writes
            state.statistics.largestBatch = max(state.statistics.largestBatch, writes)
            if relaxed {
                state.statistics.relaxedTransactions += 1
                return
            }
            state.statistics.durableCommits += 1
            state.statistics.durableCommitTime += commitTime
            state.statistics.longestCommit = max(state.statistics.longestCommit, commitTime)
            if commitTime > Statistics.slowCommitThreshold {
                state.statistics.slowCommits += 1
                state.statistics.slowCommitTime += commitTime
            }
        }
    }

    /// A ``GatewayStoreError`` as it is; anything else (SQLite's errors) wrapped as ``GatewayStoreError/Code/database``.
    static func storeError(_ error: any Error) -> GatewayStoreError {
        (error as? GatewayStoreError) ?? .database(error)
    }
}

/// The results of ``SQLiteGroupCommitWriter/writeInSlices(_:_:)``'s writes as they complete: resumes its
/// caller once, with all of them in order or with the first failure.
private final class SliceResults<T: Sendable>: Sendable {
    private struct State {
        var results: [T?]
        var remaining: Int
        var continuation: CheckedContinuation<[T], any Error>?
    }

    private let state: Mutex<State>

    init(count: Int, continuation: CheckedContinuation<[T], any Error>) {
        state = Mutex(State(results: Array(repeating: nil, count: count), remaining: count, continuation: continuation))
    }

    func finish(_ index: Int, _ result: Result<T, any Error>) {
        let resume = state.withLock { state -> (CheckedContinuation<[T], any Error>, Result<[T], any Error>)? in
            guard let continuation = state.continuation else { return nil }
            switch result {
            case .failure(let error):
                state.continuation = nil
                return (continuation, .failure(error))
            case .success(let value):
                state.results[index] = value
                state.remaining -= 1
                guard state.remaining == 0 else { return nil }
                state.continuation = nil
                return (continuation, .success(state.results.map { $0! }))
            }
        }
        if let (continuation, result) = resume { continuation.resume(with: result) }
    }
}

/// Carries a write's result from the transaction to its completion; both run on the writer, one after
/// the other.
private final class ResultBox<T>: @unchecked Sendable {
    var value: T?
}
