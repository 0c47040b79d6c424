import CMPPCore
import FeigeGateway
import Foundation
import GRDB
import Testing

/// What only the SQLite store has: the schema, group commit, durability across reopening.
@Suite("SQLiteGatewayStore")
struct SQLiteGatewayStoreTests {
    @Test("opening applies migrations v1 to v3 once, in WAL mode")
    func migrations() async throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let store = try directory.openStore()
        try await store.close()
        // Reopening finds them applied and does not apply them again.
        let reopened = try directory.openStore()
        try await reopened.close()

        let queue = try DatabaseQueue(path: directory.databasePath)
        let (applied, completed, tables, journalMode, scheduleIndex) = try await queue.read { db in
            (
                try SQLiteGatewayStore.migrator.appliedIdentifiers(db),
                try SQLiteGatewayStore.migrator.hasCompletedMigrations(db),
                try [
                    "mt_message", "mt_recipient", "mt_outcome", "outbox", "mo_message", "daily_statistics",
                    "message_id_watermark",
                ]
                .filter { try db.tableExists($0) },
                try String.fetchOne(db, sql: "PRAGMA journal_mode"),
                try db.indexes(on: "mt_message").map(\.name)
            )
        }
        #expect(applied == ["v1", "v2", "v3"])
        #expect(scheduleIndex == ["mt_message_scheduled"])
        #expect(completed)
        #expect(tables.count == 7)
        #expect(journalMode == "wal")
        try queue.close()
    }

    @Test("a bad configuration or an unusable path is a typed error")
    func badConfiguration() throws {
        // A batch size or outcomes per fold below 1, and a fold check interval of zero.
        let unused = "/tmp/unused.sqlite"
        let bad: [SQLiteGatewayStore.Configuration] = [
            .init(path: unused, maximumBatchSize: 0),
            .init(path: unused, outcomesPerFold: 0),
            .init(path: unused, outcomeFoldCheckInterval: .zero),
        ]
        for configuration in bad {
            #expect(throws: GatewayStoreError(.invalidArgument, reason: "")) {
                try SQLiteGatewayStore(configuration: configuration, logger: quietLogger)
            }
        }
        #expect(throws: GatewayStoreError(.database, reason: "")) {
            try SQLiteGatewayStore(configuration: .init(path: "/proc/feige/gateway.sqlite"), logger: quietLogger)
        }
    }

    @Test("many concurrent callers: all complete, all stored, fewer transactions than writes")
    func groupCommit() async throws {
        try await withSQLiteStore { store in
            let writers = 400
            // Half through the callback API (as a NIO handler calls it), half through async/await.
            let completed = try await withThrowingTaskGroup(of: Int.self) { group in
                for n in 0..<writers {
                    group.addTask {
                        if n.isMultiple(of: 2) {
                            try await store.accept([Fixture.message(n)])
                        } else {
                            try await withCheckedThrowingContinuation { (continuation: CheckedContinuation<Void, any Error>) in
                                store.accept([Fixture.message(n)]) { result in
                                    continuation.resume(with: result)
                                }
                            }
                        }
                        return 1
                    }
                }
                return try await group.reduce(0, +)
            }
            #expect(completed == writers)
            let statistics = store.commitStatistics
            #expect(statistics.writes == writers)
            #expect(statistics.transactions < writers)
            #expect(statistics.largestBatch > 1)
            let counts = try await store.statistics(account: Fixture.account, day: Fixture.day, serviceID: nil)
            #expect(counts.mtMessages == writers)
        }
    }

    @Test("a batch never holds more writes than the configured maximum")
    func batchSizeBound() async throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let store = try SQLiteGatewayStore(
            configuration: .init(path: directory.databasePath, maximumBatchSize: 4),
            logger: quietLogger
        )
        try await withThrowingTaskGroup(of: Void.self) { group in
            for n in 0..<100 {
                group.addTask { try await store.accept([Fixture.message(n)]) }
            }
            try await group.waitForAll()
        }
        let statistics = store.commitStatistics
        #expect(statistics.writes == 100)
        #expect(statistics.largestBatch <= 4)
        #expect(statistics.transactions >= 25)
        try await store.close()
    }

    @Test("closing commits what was queued before; whatever completed is there after reopening")
    func closeWhileWriting() async throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let configuration = SQLiteGatewayStore.Configuration(path: directory.databasePath)
        let store = try SQLiteGatewayStore(configuration: configuration, logger: quietLogger)
        let outcomes = try await withThrowingTaskGroup(of: (Int, Bool).self) { group in
            for n in 0..<100 {
                group.addTask {
                    do {
                        try await store.accept([Fixture.message(n)])
                        return (n, true)
                    } catch let error as GatewayStoreError where error.code == .closed {
                        return (n, false)
                    }
                }
            }
            group.addTask {
                try await store.close()
                return (-1, true)
            }
            return try await group.reduce(into: [Int: Bool]()) { $0[$1.0] = $1.1 }
        }
        let reopened = try SQLiteGatewayStore(configuration: configuration, logger: quietLogger)
        for n in 0..<100 {
            let stored = try await reopened.message(Fixture.messageID(n)) != nil
            #expect(stored == outcomes[n], "message \(n)")
        }
        try await reopened.close()
    }

    @Test("a failing write in a batch fails alone; the others commit")
    func failureIsolation() async throws {
        try await withSQLiteStore { store in
            try await store.accept([Fixture.message(0)])
            let results = await withTaskGroup(of: (Int, Bool).self) { group in
                for n in 0..<20 {
                    group.addTask {
                        // Every fifth call repeats message 0's Msg_Id.
                        let message = n.isMultiple(of: 5) ? Fixture.message(0) : Fixture.message(n)
                        do {
                            try await store.accept([message])
                            return (n, true)
                        } catch {
                            return (n, false)
                        }
                    }
                }
                return await group.reduce(into: [Int: Bool]()) { $0[$1.0] = $1.1 }
            }
            for n in 0..<20 {
                #expect(results[n] == !n.isMultiple(of: 5), "call \(n)")
                if !n.isMultiple(of: 5) {
                    #expect(try await store.message(Fixture.messageID(n)) != nil)
                }
            }
        }
    }

    @Test("everything acknowledged is there after closing and reopening", arguments: SQLiteGatewayStore.Configuration.Synchronous.allCases)
    func durableAcrossReopen(synchronous: SQLiteGatewayStore.Configuration.Synchronous) async throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let configuration = SQLiteGatewayStore.Configuration(path: directory.databasePath, synchronous: synchronous)
        let message = Fixture.message(1, recipients: 2)
        do {
            let store = try SQLiteGatewayStore(configuration: configuration, logger: quietLogger)
            try await store.accept([message, Fixture.message(2)])
            _ = try await store.markSentDownstream(message.recipientKeys, at: Fixture.now)
            try await store.recordOutcomes([
                DeliveryOutcome(
                    recipient: message.recipientKeys[0],
                    state: .delivered,
                    stat: .delivered,
                    doneAt: Fixture.now,
                    report: Fixture.report(for: message.recipientKeys[0], deliverID: Fixture.deliverID(1))
                )
            ])
            try await store.close()
        }
        let reopened = try SQLiteGatewayStore(configuration: configuration, logger: quietLogger)
        let stored = try #require(try await reopened.message(message.messageID))
        #expect(stored.message == message)
        #expect(stored.recipients.map(\.state) == [.delivered, .sentDownstream])
        #expect(stored.recipients[0].reportState == .queued)
        #expect(try await reopened.undispatchedMessages(after: nil, limit: 10).map(\.message.messageID) == [Fixture.messageID(2)])
        #expect(try await reopened.undecidedMessages(after: nil, limit: 10).map(\.message.messageID) == [message.messageID])
        #expect(try await reopened.accountsWithDueOutbox(now: Fixture.now) == [Fixture.account])
        #expect(try await reopened.latestMessageID(gateway: Fixture.gateway) == Fixture.deliverID(1))
        try await reopened.close()
    }

    @Test("a store dropped without closing: another opening sees every completed write")
    func durableWithoutClose() async throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let configuration = SQLiteGatewayStore.Configuration(path: directory.databasePath)
        var first: SQLiteGatewayStore? = try SQLiteGatewayStore(configuration: configuration, logger: quietLogger)
        try await first?.accept((1...50).map { Fixture.message($0) })
        // No close, no checkpoint: the writes are only in the write-ahead log.
        let second = try SQLiteGatewayStore(configuration: configuration, logger: quietLogger)
        #expect(try await second.undispatchedMessages(after: nil, limit: 100).count == 50)
        first = nil
        #expect(try await second.statistics(account: Fixture.account, day: Fixture.day, serviceID: nil).mtMessages == 50)
        try await second.close()
    }

    @Test("relaxed writes commit without a flush; the idle writer flushes the log, and they survive reopening")
    func relaxedWritesFlushedWhenIdle() async throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let configuration = SQLiteGatewayStore.Configuration(path: directory.databasePath)
        let message = Fixture.message(1)
        do {
            let store = try SQLiteGatewayStore(configuration: configuration, logger: quietLogger)
            try await store.accept([message])
            // Each call waits for its commit, so each is a transaction of its own.
            #expect(try await store.markSentDownstream(message.recipientKeys, at: Fixture.now) == message.recipientKeys)
            try await store.recordOutcomes([
                DeliveryOutcome(
                    recipient: message.recipientKeys[0],
                    state: .delivered,
                    stat: .delivered,
                    doneAt: Fixture.now,
                    report: Fixture.report(for: message.recipientKeys[0], deliverID: Fixture.deliverID(1)),
                    origin: DeliveryOutcome.Origin(message)
                )
            ])
            let claimed = try await store.claimDue(account: Fixture.account, limit: 10, now: Fixture.now, lease: .seconds(60))
            try await store.acknowledge(claimed.map(\.id), account: Fixture.account, at: Fixture.now)
            #expect(store.commitStatistics.transactions == 5)
            #expect(store.commitStatistics.relaxedTransactions == 4)
            // Only the SUBMIT's commit waited for the disk: it alone is timed.
            let commits = store.commitStatistics
            #expect(commits.durableCommits == 1)
            #expect(commits.durableCommitTime > .zero && commits.longestCommit == commits.durableCommitTime)
            let wasSlow = commits.durableCommitTime > SQLiteGatewayStore.CommitStatistics.slowCommitThreshold
            #expect(commits.slowCommits == (wasSlow ? 1 : 0))
            #expect(commits.slowCommitTime == (wasSlow ? commits.durableCommitTime : .zero))
            // No full commit follows: the writer flushes the log once it has been idle for a moment.
            var waited = Duration.zero
            while store.commitStatistics.logFlushes == 0, waited < .seconds(2) {
                try await Task.sleep(for: .milliseconds(5))
                waited += .milliseconds(5)
            }
            #expect(store.commitStatistics.logFlushes >= 1)
            try await store.close()
        }
        let reopened = try SQLiteGatewayStore(configuration: configuration, logger: quietLogger)
        let stored = try #require(try await reopened.message(message.messageID))
        #expect(stored.recipients.map(\.state) == [.delivered])
        #expect(stored.recipients[0].reportState == .acknowledged)
        #expect(try await reopened.accountsWithDueOutbox(now: Fixture.now.addingTimeInterval(3600)).isEmpty)
        try await reopened.close()
    }

    @Test("relaxed and full writes mixed under load: every completed write is there after reopening")
    func relaxedCommitsCoveredByLaterFlush() async throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        // One write per transaction, so relaxed writes queue behind one another and behind SUBMITs.
        let configuration = SQLiteGatewayStore.Configuration(path: directory.databasePath, maximumBatchSize: 1)
        let messages = (1...60).map { Fixture.message($0) }
        do {
            let store = try SQLiteGatewayStore(configuration: configuration, logger: quietLogger)
            try await store.accept(Array(messages[..<30]))
            try await withThrowingTaskGroup(of: Void.self) { group in
                for message in messages[..<30] {
                    group.addTask {
                        _ = try await store.markSentDownstream(message.recipientKeys, at: Fixture.now)
                        try await store.recordOutcomes([
                            DeliveryOutcome(
                                recipient: message.recipientKeys[0],
                                state: .delivered,
                                stat: .delivered,
                                doneAt: Fixture.now,
                                origin: DeliveryOutcome.Origin(message)
                            )
                        ])
                    }
                }
                for message in messages[30...] {
                    group.addTask { try await store.accept([message]) }
                }
                try await group.waitForAll()
            }
            let statistics = store.commitStatistics
            #expect(statistics.relaxedTransactions > 0)
            #expect(statistics.relaxedTransactions < statistics.transactions)
            try await store.close()
        }
        let reopened = try SQLiteGatewayStore(configuration: configuration, logger: quietLogger)
        for message in messages[..<30] {
            let stored = try #require(try await reopened.message(message.messageID))
            #expect(stored.recipients.map(\.state) == [.delivered])
        }
        #expect(try await reopened.undispatchedMessages(after: nil, limit: 100).count == 30)
        let counts = try await reopened.statistics(account: Fixture.account, day: Fixture.day, serviceID: nil)
        #expect(counts.mtMessages == 60 && counts.mtDelivered == 30)
        try await reopened.close()
    }

    @Test("a failed write does not move the Msg_Id watermark the writer keeps in memory")
    func watermarkAfterRollback() async throws {
        try await withSQLiteStore { store in
            try await store.accept([Fixture.message(1)])
            // Message 9 is rolled back with the duplicate of message 1.
            await #expect(throws: GatewayStoreError(.duplicateMessageID, reason: "")) {
                try await store.accept([Fixture.message(9), Fixture.message(1)])
            }
            #expect(try await store.latestMessageID(gateway: Fixture.gateway) == Fixture.messageID(1))
            try await store.accept([Fixture.message(5)])
            #expect(try await store.latestMessageID(gateway: Fixture.gateway) == Fixture.messageID(5))
        }
    }

    @Test("the writer commits with the configured synchronous setting, not the NORMAL GRDB's pool sets", arguments: SQLiteGatewayStore.Configuration.Synchronous.allCases)
    func writerSynchronous(synchronous: SQLiteGatewayStore.Configuration.Synchronous) async throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let store = try SQLiteGatewayStore(
            configuration: .init(path: directory.databasePath, synchronous: synchronous),
            logger: quietLogger
        )
        let expected = synchronous == .full ? 2 : 1
        #expect(try await store.writerSynchronous(for: .full) == expected)
        // A relaxed write commits without a flush in either case.
        #expect(try await store.writerSynchronous(for: .relaxed) == 1)
        try await store.accept([Fixture.message(1)])
        #expect(try await store.writerSynchronous(for: .full) == expected)
        try await store.close()
    }

    @Test("the checkpointer copies the log back into the database beside the writer")
    func checkpointsBesideTheWriter() async throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let store = try directory.openStore()
        for n in 1...50 {
            try await store.accept([Fixture.message(n)])
        }
        // Within a few of its intervals it has run, and found every frame of the log copied.
        let deadline = ContinuousClock.now + .seconds(10)
        var progress = store.checkpointProgress
        while ContinuousClock.now < deadline {
            progress = store.checkpointProgress
            if progress.checkpoints > 0, progress.logFrames > 0, progress.copiedFrames == progress.logFrames { break }
            try await Task.sleep(for: .milliseconds(20))
        }
        #expect(progress.checkpoints > 0)
        #expect(progress.logFrames > 0 && progress.copiedFrames == progress.logFrames)
        try await store.close()
        // Reopened, everything is there.
        let reopened = try directory.openStore()
        #expect(try await reopened.message(Fixture.messageID(50)) != nil)
        try await reopened.close()
    }

    @Test("a bulk sent-downstream mark is cut into transactions of the relaxed budget, and its result keeps its order")
    func bulkMarksInSlices() async throws {
        try await withSQLiteStore { store in
            let messages = [Fixture.message(1, recipients: 100), Fixture.message(2, recipients: 100)]
            try await store.accept(messages)
            let before = store.commitStatistics
            let keys = messages.flatMap(\.recipientKeys)
            let moved = try await store.markSentDownstream(keys, at: Fixture.now)
            #expect(moved == keys)
            // 200 rows, 64 per transaction: 4 relaxed transactions.
            #expect(store.commitStatistics.relaxedTransactions - before.relaxedTransactions == 4)
            // Marked once: a second mark moves nothing.
            #expect(try await store.markSentDownstream(keys, at: Fixture.now).isEmpty)
        }
    }

    @Test("outcomes are recorded in transactions of the relaxed budget, in any order; a recipient's first outcome wins")
    func outcomesInSlices() async throws {
        try await withSQLiteStore { store in
            let messages = (1...3).map { Fixture.message($0, recipients: 100, report: false) }
            try await store.accept(messages)
            let keys = messages.flatMap(\.recipientKeys)
            _ = try await store.markSentDownstream(keys, at: Fixture.now)
            // As a network decides them: every third recipient fails, in no particular order (a fixed shuffle), and
            // one recipient is decided twice — delivered first, failed later in the same call.
            var outcomes = keys.enumerated().map { offset, key in
                DeliveryOutcome(
                    recipient: key,
                    state: offset % 3 == 0 ? .failed : .delivered,
                    stat: offset % 3 == 0 ? .undeliverable : .delivered,
                    doneAt: Fixture.now
                )
            }
            var generator = SplitMix64(seed: 6)
            outcomes.shuffle(using: &generator)
            let twice = keys[1]
            outcomes.append(DeliveryOutcome(recipient: twice, state: .failed, stat: .undeliverable, doneAt: Fixture.now))
            let before = store.commitStatistics
            try await store.recordOutcomes(outcomes)
            // 301 outcomes, 64 per transaction: 5 relaxed transactions.
            #expect(store.commitStatistics.relaxedTransactions - before.relaxedTransactions == 5)
            for message in messages {
                let stored = try #require(try await store.message(message.messageID))
                for recipient in stored.recipients {
                    let offset = keys.firstIndex(of: recipient.key)!
                    #expect(recipient.state == (offset % 3 == 0 ? .failed : .delivered), "\(recipient.key)")
                }
            }
            let counts = try await store.statistics(account: Fixture.account, day: Fixture.day, serviceID: nil)
            #expect(counts.mtDelivered == 200 && counts.mtFailed == 100)
        }
    }
}
