import CMPPCore
import FeigeGateway
import Foundation
import GRDB
import Testing

/// The SQLite store's outcomes: appended to `mt_outcome` in arrival order, folded into `mt_recipient` later,
/// and the same to every reader before and after the fold.
@Suite("SQLiteGatewayStore outcome folding")
struct SQLiteOutcomeFoldTests {
    /// Rows of `mt_outcome`, and `mt_recipient` rows per state, read from the database file beside the store.
    struct Tables: Equatable {
        var outcomes: Int
        var recipientStates: [Int: Int]
    }

    static func tables(_ directory: TemporaryDirectory) throws -> Tables {
        let queue = try DatabaseQueue(path: directory.databasePath)
        defer { try? queue.close() }
        return try queue.read { db in
            let outcomes = try Int.fetchOne(db, sql: "SELECT count(*) FROM mt_outcome") ?? -1
            var states: [Int: Int] = [:]
            for row in try Row.fetchAll(db, sql: "SELECT state, count(*) FROM mt_recipient GROUP BY state") {
                states[row[0]] = row[1]
            }
            return Tables(outcomes: outcomes, recipientStates: states)
        }
    }

    /// `messages` messages of 100 recipients each, accepted and sent downstream; returns their recipients' keys
    /// in recipient order.
    static func sendDownstream(_ store: SQLiteGatewayStore, messages: Int) async throws -> [RecipientKey] {
        let messages = (1...messages).map { Fixture.message($0, recipients: 100, report: false) }
        try await store.accept(messages)
        let keys = messages.flatMap(\.recipientKeys)
        _ = try await store.markSentDownstream(keys, at: Fixture.now)
        return keys
    }

    /// Three messages of 100 recipients each, all sent downstream, decided in a shuffled order: every third
    /// recipient fails. Returns the keys in recipient order.
    static func decideShuffled(_ store: SQLiteGatewayStore) async throws -> [RecipientKey] {
        let keys = try await Self.sendDownstream(store, messages: 3)
        var outcomes = keys.enumerated().map { offset, key in
            DeliveryOutcome(
                recipient: key,
                state: offset % 3 == 0 ? .failed : .delivered,
                stat: offset % 3 == 0 ? .undeliverable : .delivered,
                doneAt: Fixture.now.addingTimeInterval(Double(offset))
            )
        }
        var generator = SplitMix64(seed: 6)
        outcomes.shuffle(using: &generator)
        try await store.recordOutcomes(outcomes)
        return keys
    }

    /// Every recipient of `keys` as ``decideShuffled(_:)`` decided it, as the store reads it back.
    static func expectDecided(_ store: SQLiteGatewayStore, _ keys: [RecipientKey]) async throws {
        for messageID in Set(keys.map(\.messageID)) {
            let stored = try #require(try await store.message(messageID))
            for recipient in stored.recipients {
                let offset = try #require(keys.firstIndex(of: recipient.key))
                #expect(recipient.state == (offset % 3 == 0 ? .failed : .delivered), "\(recipient.key)")
                #expect(recipient.stat == (offset % 3 == 0 ? .undeliverable : .delivered), "\(recipient.key)")
                #expect(recipient.doneAt == Fixture.now.addingTimeInterval(Double(offset)), "\(recipient.key)")
                #expect(recipient.sentAt == Fixture.now, "\(recipient.key)")
            }
        }
        let counts = try await store.statistics(account: Fixture.account, day: Fixture.day, serviceID: nil)
        #expect(counts.mtDelivered == 200 && counts.mtFailed == 100)
    }

    @Test("outcomes wait in mt_outcome, read as the recipients' states; a fold carries them over and empties it")
    func foldCarriesOutcomesOver() async throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let store = try directory.openStore()
        let keys = try await Self.decideShuffled(store)
        #expect(try Self.tables(directory) == Tables(outcomes: 300, recipientStates: [1: 300]))
        try await Self.expectDecided(store, keys)
        // Recorded again, decided or not yet folded: skipped, and counted once.
        try await store.recordOutcomes([
            DeliveryOutcome(recipient: keys[1], state: .failed, stat: .undeliverable, doneAt: Fixture.now)
        ])

        try await store.foldOutcomes()
        #expect(try Self.tables(directory) == Tables(outcomes: 0, recipientStates: [2: 200, 3: 100]))
        try await Self.expectDecided(store, keys)
        try await store.recordOutcomes([
            DeliveryOutcome(recipient: keys[1], state: .failed, stat: .undeliverable, doneAt: Fixture.now)
        ])
        try await Self.expectDecided(store, keys)
        #expect(try await store.undecidedMessages(after: nil, limit: 10).isEmpty)
        try await store.close()
    }

    @Test("a report's state changes while its outcome is unfolded, and the fold carries the last one over")
    func reportStateAcrossTheFold() async throws {
        try await withSQLiteStore { store in
            let message = Fixture.message(1, recipients: 2)
            try await store.accept([message])
            let keys = message.recipientKeys
            _ = try await store.markSentDownstream(keys, at: Fixture.now)
            try await store.recordOutcomes(
                keys.enumerated().map { offset, key in
                    DeliveryOutcome(
                        recipient: key,
                        state: .delivered,
                        stat: .delivered,
                        doneAt: Fixture.now,
                        report: Fixture.report(for: key, deliverID: Fixture.deliverID(offset + 1))
                    )
                }
            )
            let claimed = try await store.claimDue(
                account: Fixture.account,
                limit: 10,
                now: Fixture.now,
                lease: .seconds(60)
            )
            #expect(claimed.count == 2)
            // The first report is acknowledged before the fold, the second after it.
            try await store.acknowledge([claimed[0].id], account: Fixture.account, at: Fixture.now)
            var recipients = try #require(try await store.message(message.messageID)).recipients
            #expect(recipients.map(\.reportState) == [.acknowledged, .sentToSP])

            try await store.foldOutcomes()
            recipients = try #require(try await store.message(message.messageID)).recipients
            #expect(recipients.map(\.state) == [.delivered, .delivered])
            #expect(recipients.map(\.reportState) == [.acknowledged, .sentToSP])
            try await store.acknowledge([claimed[1].id], account: Fixture.account, at: Fixture.now)
            recipients = try #require(try await store.message(message.messageID)).recipients
            #expect(recipients.map(\.reportState) == [.acknowledged, .acknowledged])
        }
    }

    @Test("outcomes a run left unfolded are folded when the store opens, and counted once")
    func leftoverOutcomesFoldedOnOpening() async throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let store = try directory.openStore()
        let keys = try await Self.decideShuffled(store)
        try await store.close()
        #expect(try Self.tables(directory).outcomes == 300)

        let reopened = try directory.openStore()
        #expect(try Self.tables(directory) == Tables(outcomes: 0, recipientStates: [2: 200, 3: 100]))
        try await Self.expectDecided(reopened, keys)
        #expect(try await reopened.undecidedMessages(after: nil, limit: 10).isEmpty)
        try await reopened.close()
    }

    @Test("once the configured number of outcomes waits, a fold runs in the background, busy or not")
    func foldStartsAtItsThreshold() async throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let store = try directory.openStore(outcomesPerFold: 250)
        let keys = try await Self.sendDownstream(store, messages: 3)
        // 200 unfolded outcomes: under the threshold, no fold.
        try await store.recordOutcomes(keys[..<200].map(Self.delivered))
        try await store.close()
        #expect(try Self.tables(directory).outcomes == 200)

        // (Opening folds those 200.) 100 more over a threshold of 50: folded in the background.
        let reopened = try directory.openStore(outcomesPerFold: 50)
        #expect(try Self.tables(directory).outcomes == 0)
        try await reopened.recordOutcomes(keys[200...].map(Self.delivered))
        try await Self.waitUntilFolded(directory)
        #expect(try Self.tables(directory) == Tables(outcomes: 0, recipientStates: [2: 300]))
        try await reopened.close()
    }

    @Test("closing stops a fold between two of its transactions; the next opening folds the rest")
    func closingStopsAFold() async throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let store = try directory.openStore(outcomesPerFold: 1)
        let keys = try await Self.sendDownstream(store, messages: 60)
        // 6000 outcomes: a fold of 94 transactions and 24 deletions, each followed by a 1 ms pause.
        try await store.recordOutcomes(keys.map(Self.delivered))
        try await store.close()
        let left = try Self.tables(directory)
        #expect(left.outcomes > 0, "the fold ran to its end before the store closed")

        let reopened = try directory.openStore()
        #expect(try Self.tables(directory) == Tables(outcomes: 0, recipientStates: [2: 6000]))
        let counts = try await reopened.statistics(account: Fixture.account, day: Fixture.day, serviceID: nil)
        #expect(counts.mtDelivered == 6000)
        try await reopened.close()
    }

    /// The recipient delivered at ``Fixture/now``.
    static func delivered(_ key: RecipientKey) -> DeliveryOutcome {
        DeliveryOutcome(recipient: key, state: .delivered, stat: .delivered, doneAt: Fixture.now)
    }

    /// Waits (up to 30 s) until `mt_outcome` is empty.
    static func waitUntilFolded(_ directory: TemporaryDirectory) async throws {
        let deadline = ContinuousClock.now + .seconds(30)
        while try tables(directory).outcomes > 0, ContinuousClock.now < deadline {
            try await Task.sleep(for: .milliseconds(50))
        }
    }

    @Test("a page of messages read back shows each one's unfolded outcomes, and only its own")
    func pageOverlaysUnfoldedOutcomes() async throws {
        try await withSQLiteStore { store in
            let messages = (1...3).map { Fixture.message($0, recipients: 2, report: false) }
            try await store.accept(messages)
            _ = try await store.markSentDownstream(messages.flatMap(\.recipientKeys), at: Fixture.now)
            try await store.recordOutcomes(
                [messages[0], messages[2]].map { message in
                    DeliveryOutcome(
                        recipient: message.recipientKeys[0],
                        state: .delivered,
                        stat: .delivered,
                        doneAt: Fixture.now
                    )
                }
            )
            let page = try await store.undecidedMessages(after: nil, limit: 10)
            #expect(page.map(\.message.messageID) == messages.map(\.messageID))
            #expect(
                page.map { $0.recipients.map(\.state) } == [
                    [.delivered, .sentDownstream], [.sentDownstream, .sentDownstream], [.delivered, .sentDownstream],
                ]
            )
        }
    }

    @Test("a quiet store folds the outcomes waiting by itself")
    func quietStoreFolds() async throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let store = try directory.openStore(outcomeFoldCheckInterval: .milliseconds(100))
        let keys = try await Self.decideShuffled(store)
        try await Self.waitUntilFolded(directory)
        #expect(try Self.tables(directory) == Tables(outcomes: 0, recipientStates: [2: 200, 3: 100]))
        try await Self.expectDecided(store, keys)
        try await store.close()
    }

    @Test(
        "the quiet-fold policy: a baseline first, then a fold after an interval under the quiet rate with outcomes waiting"
    )
    func quietFoldPolicy() {
        var policy = SQLiteQuietFoldPolicy(interval: .milliseconds(500), quietCommitsPerSecond: 100)
        #expect(policy.quietCommitsPerInterval == 50)
        // (durable commits so far, outcomes waiting) at each reading, and whether it says "fold".
        let readings = [(0, 10), (49, 10), (99, 10), (5_000, 10), (5_000, 0), (5_001, 1)]
        let decisions = readings.map { policy.shouldFold(durableCommits: $0.0, unfoldedOutcomes: $0.1) }
        // The baseline; 49 commits: quiet; 50: busy; 4901: busy; quiet with nothing to fold; quiet.
        #expect(decisions == [false, true, false, false, false, true])

        // An interval so short that the rate rounds to nothing still needs a quiet interval: never a threshold of 0.
        var brief = SQLiteQuietFoldPolicy(interval: .milliseconds(1), quietCommitsPerSecond: 100)
        #expect(brief.quietCommitsPerInterval == 1)
        let briefDecisions = [0, 1, 1].map { brief.shouldFold(durableCommits: $0, unfoldedOutcomes: 1) }
        #expect(briefDecisions == [false, false, true])
    }
}
