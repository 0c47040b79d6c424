import CMPPCore
import FeigeGateway
import Foundation
import NIOCore
import Testing

/// The behaviour every ``GatewayStore`` shares, run against each implementation.
@Suite("GatewayStore behaviour")
struct GatewayStoreTests {
    // MARK: - MT life cycle

    @Test("accept, send downstream, decide, report queued, sent to the SP, acknowledged", arguments: StoreKind.allCases)
    func messageLifeCycle(kind: StoreKind) async throws {
        try await withStore(kind) { store in
            let message = Fixture.message(1, recipients: 2)
            try await store.accept([message])

            let stored = try #require(try await store.message(message.messageID))
            #expect(stored.message == message)
            #expect(stored.recipients.map(\.state) == [.accepted, .accepted])
            #expect(stored.recipients.map(\.terminalID) == message.recipients)

            let keys = message.recipientKeys
            let sentAt = Fixture.now.addingTimeInterval(1)
            #expect(try await store.markSentDownstream(keys, at: sentAt) == keys)
            // A second mark moves nothing: they are no longer accepted.
            #expect(try await store.markSentDownstream(keys, at: sentAt).isEmpty)

            let doneAt = Fixture.now.addingTimeInterval(2)
            try await store.recordOutcomes([
                DeliveryOutcome(
                    recipient: keys[0],
                    state: .delivered,
                    stat: .delivered,
                    doneAt: doneAt,
                    report: Fixture.report(for: keys[0], deliverID: Fixture.deliverID(1))
                ),
                DeliveryOutcome(
                    recipient: keys[1],
                    state: .failed,
                    stat: "MK:0001",
                    doneAt: doneAt,
                    report: Fixture.report(for: keys[1], deliverID: Fixture.deliverID(2), stat: "MK:0001")
                ),
            ])
            var recipients = try #require(try await store.message(message.messageID)).recipients
            #expect(recipients.map(\.state) == [.delivered, .failed])
            #expect(recipients.map(\.stat) == [.delivered, "MK:0001"])
            #expect(recipients.map(\.sentAt) == [sentAt, sentAt])
            #expect(recipients.map(\.doneAt) == [doneAt, doneAt])
            #expect(recipients.map(\.reportState) == [.queued, .queued])

            let claimed = try await store.claimDue(
                account: Fixture.account,
                limit: 10,
                now: Fixture.now.addingTimeInterval(3),
                lease: .seconds(60)
            )
            #expect(claimed.map(\.id) == [Fixture.deliverID(1), Fixture.deliverID(2)])
            #expect(claimed.allSatisfy { $0.state == .inFlight && $0.attempts == 1 })
            #expect(claimed.first?.deliver.statusReport?.messageID == message.messageID)
            recipients = try #require(try await store.message(message.messageID)).recipients
            #expect(recipients.map(\.reportState) == [.sentToSP, .sentToSP])

            try await store.acknowledge(claimed.map(\.id), account: Fixture.account, at: Fixture.now)
            recipients = try #require(try await store.message(message.messageID)).recipients
            #expect(recipients.map(\.reportState) == [.acknowledged, .acknowledged])
            #expect(
                try await store.claimDue(
                    account: Fixture.account,
                    limit: 10,
                    now: Fixture.now.addingTimeInterval(3600),
                    lease: .seconds(60)
                ).isEmpty
            )
        }
    }

    @Test("empty fields and empty content are kept as empty, not as missing", arguments: StoreKind.allCases)
    func emptyFieldsRoundTrip(kind: StoreKind) async throws {
        try await withStore(kind) { store in
            let message = AcceptedMessage(
                messageID: Fixture.messageID(1),
                account: Fixture.account,
                content: ByteBuffer(),
                recipients: [""],
                submittedAt: Fixture.now
            )
            try await store.accept([message])
            let stored = try #require(try await store.message(message.messageID))
            #expect(stored.message == message)
            #expect(stored.message.validUntil == nil && stored.message.deliverAt == nil)
            #expect(stored.recipients.map(\.terminalID) == [""])
        }
    }

    @Test("a SUBMIT's fields become the accepted message's")
    func acceptedFromSubmit() {
        let submit = CMPPSubmit(
            pkTotal: 2,
            pkNumber: 1,
            registeredDelivery: 1,
            messageLevel: 3,
            serviceID: "MFS",
            feeUserType: 2,
            tpUDHI: 1,
            messageFormat: .ucs2,
            messageSource: "900001",
            feeType: "02",
            feeCode: "5",
            validityTime: "240103100000032+",
            atTime: "",
            sourceID: "10651",
            destinationTerminalIDs: ["13800000001", "13800000002"],
            content: ByteBuffer(bytes: [5, 0, 3, 9, 2, 1, 0x4F, 0x60])
        )
        let accepted = AcceptedMessage(
            submit: submit,
            messageID: Fixture.messageID(1),
            account: Fixture.account,
            submittedAt: Fixture.now
        )
        #expect(accepted.pkTotal == 2 && accepted.pkNumber == 1 && accepted.messageLevel == 3)
        #expect(accepted.serviceID == "MFS" && accepted.sourceID == "10651" && accepted.feeUserType == 2)
        #expect(accepted.feeType == "02" && accepted.feeCode == "5" && accepted.validityTime == "240103100000032+")
        #expect(accepted.tpUDHI == 1 && accepted.messageFormat == .ucs2 && accepted.content == submit.content)
        #expect(accepted.wantsStatusReport)
        #expect(accepted.recipientKeys == [
            RecipientKey(messageID: Fixture.messageID(1), index: 0),
            RecipientKey(messageID: Fixture.messageID(1), index: 1),
        ])
    }

    @Test("a second outcome for a decided recipient changes nothing and queues no report", arguments: StoreKind.allCases)
    func duplicateOutcomeIsIgnored(kind: StoreKind) async throws {
        try await withStore(kind) { store in
            let message = Fixture.message(1)
            try await store.accept([message])
            let key = message.recipientKeys[0]
            try await store.recordOutcomes([
                DeliveryOutcome(recipient: key, state: .delivered, stat: .delivered, doneAt: Fixture.now)
            ])
            try await store.recordOutcomes([
                DeliveryOutcome(
                    recipient: key,
                    state: .failed,
                    stat: .undeliverable,
                    doneAt: Fixture.now,
                    report: Fixture.report(for: key, deliverID: Fixture.deliverID(1))
                )
            ])
            let recipient = try #require(try await store.message(message.messageID)).recipients[0]
            #expect(recipient.state == .delivered && recipient.stat == .delivered && recipient.reportState == .none)
            #expect(try await store.accountsWithDueOutbox(now: Fixture.now).isEmpty)
            let counts = try await store.statistics(account: Fixture.account, day: Fixture.day, serviceID: nil)
            #expect(counts.mtDelivered == 1 && counts.mtFailed == 0)
        }
    }

    @Test("an outcome that names its message's origin counts like one that does not", arguments: StoreKind.allCases)
    func outcomeWithOrigin(kind: StoreKind) async throws {
        try await withStore(kind) { store in
            let first = Fixture.message(1, serviceID: "S1")
            let second = Fixture.message(2, serviceID: "S2")
            try await store.accept([first, second])
            try await store.recordOutcomes([
                DeliveryOutcome(
                    recipient: first.recipientKeys[0],
                    state: .delivered,
                    stat: .delivered,
                    doneAt: Fixture.now,
                    origin: DeliveryOutcome.Origin(first)
                ),
                DeliveryOutcome(recipient: second.recipientKeys[0], state: .failed, stat: .undeliverable, doneAt: Fixture.now),
            ])
            let one = try await store.statistics(account: Fixture.account, day: Fixture.day, serviceID: "S1")
            let two = try await store.statistics(account: Fixture.account, day: Fixture.day, serviceID: "S2")
            #expect(one.mtDelivered == 1 && one.mtFailed == 0)
            #expect(two.mtDelivered == 0 && two.mtFailed == 1)
            // A repeated outcome is skipped, origin or not.
            try await store.recordOutcomes([
                DeliveryOutcome(
                    recipient: first.recipientKeys[0],
                    state: .failed,
                    stat: .undeliverable,
                    doneAt: Fixture.now,
                    origin: DeliveryOutcome.Origin(first)
                )
            ])
            let again = try await store.statistics(account: Fixture.account, day: Fixture.day, serviceID: "S1")
            #expect(again == one)
        }
    }

    @Test("bad outcomes are rejected and change nothing", arguments: StoreKind.allCases)
    func invalidOutcomes(kind: StoreKind) async throws {
        try await withStore(kind) { store in
            let message = Fixture.message(1)
            try await store.accept([message])
            let key = message.recipientKeys[0]
            await #expect(throws: GatewayStoreError(.invalidTransition, reason: "")) {
                try await store.recordOutcomes([
                    DeliveryOutcome(recipient: key, state: .sentDownstream, stat: .delivered, doneAt: Fixture.now)
                ])
            }
            await #expect(throws: GatewayStoreError(.unknownMessage, reason: "")) {
                try await store.recordOutcomes([
                    DeliveryOutcome(recipient: key, state: .delivered, stat: .delivered, doneAt: Fixture.now),
                    DeliveryOutcome(
                        recipient: RecipientKey(messageID: key.messageID, index: 5),
                        state: .delivered,
                        stat: .delivered,
                        doneAt: Fixture.now
                    ),
                ])
            }
            // The valid outcome in the failed call was not applied either.
            #expect(try #require(try await store.message(message.messageID)).recipients[0].state == .accepted)
        }
    }

    @Test("a Msg_Id is stored once; a call with a duplicate stores none of its messages", arguments: StoreKind.allCases)
    func duplicateMessageID(kind: StoreKind) async throws {
        try await withStore(kind) { store in
            try await store.accept([Fixture.message(1)])
            await #expect(throws: GatewayStoreError(.duplicateMessageID, reason: "")) {
                try await store.accept([Fixture.message(2), Fixture.message(1)])
            }
            #expect(try await store.message(Fixture.messageID(2)) == nil)
            await #expect(throws: GatewayStoreError(.duplicateMessageID, reason: "")) {
                try await store.accept([Fixture.message(3), Fixture.message(3)])
            }
            #expect(try await store.message(Fixture.messageID(3)) == nil)
            let counts = try await store.statistics(account: Fixture.account, day: Fixture.day, serviceID: nil)
            #expect(counts.mtMessages == 1)
        }
    }

    @Test("concurrent callers all complete and are all stored", arguments: StoreKind.allCases)
    func concurrentAccepts(kind: StoreKind) async throws {
        try await withStore(kind) { store in
            try await withThrowingTaskGroup(of: Void.self) { group in
                for n in 0..<200 {
                    group.addTask { try await store.accept([Fixture.message(n)]) }
                }
                try await group.waitForAll()
            }
            for n in 0..<200 {
                #expect(try await store.message(Fixture.messageID(n)) != nil)
            }
            let counts = try await store.statistics(account: Fixture.account, day: Fixture.day, serviceID: nil)
            #expect(counts.mtMessages == 200 && counts.mtRecipients == 200)
        }
    }

    // MARK: - CANCEL (§7.4.6)

    @Test("CANCEL: only the owner, only before the message is sent downstream", arguments: StoreKind.allCases)
    func cancelRules(kind: StoreKind) async throws {
        try await withStore(kind) { store in
            let waiting = Fixture.message(1, recipients: 2)
            let sent = Fixture.message(2, recipients: 2)
            try await store.accept([waiting, sent])
            _ = try await store.markSentDownstream([sent.recipientKeys[1]], at: Fixture.now)

            #expect(try await store.cancel(Fixture.messageID(99), account: Fixture.account, at: Fixture.now) == .notFound)
            #expect(try await store.cancel(waiting.messageID, account: Fixture.otherAccount, at: Fixture.now) == .notOwner)
            #expect(try await store.cancel(sent.messageID, account: Fixture.account, at: Fixture.now) == .alreadySent)
            let outcome = try await store.cancel(waiting.messageID, account: Fixture.account, at: Fixture.now)
            #expect(outcome == .cancelled && outcome.successID == 0)
            #expect(CancelOutcome.alreadySent.successID == 1)
            // Cancelling twice fails the second time.
            #expect(try await store.cancel(waiting.messageID, account: Fixture.account, at: Fixture.now) == .alreadySent)

            let recipients = try #require(try await store.message(waiting.messageID)).recipients
            #expect(recipients.allSatisfy { $0.state == .cancelled && $0.doneAt == Fixture.now })
            // A cancelled recipient is not sent downstream any more.
            #expect(try await store.markSentDownstream(waiting.recipientKeys, at: Fixture.now).isEmpty)
            let untouched = try #require(try await store.message(sent.messageID)).recipients
            #expect(untouched.map(\.state) == [.accepted, .sentDownstream])
        }
    }

    // MARK: - Recovery

    @Test("recovery finds undispatched and undecided messages, page by page", arguments: StoreKind.allCases)
    func recovery(kind: StoreKind) async throws {
        try await withStore(kind) { store in
            try await store.accept((1...5).map { Fixture.message($0) })
            _ = try await store.markSentDownstream(
                [Fixture.message(2).recipientKeys[0], Fixture.message(3).recipientKeys[0]],
                at: Fixture.now
            )
            try await store.recordOutcomes([
                DeliveryOutcome(
                    recipient: Fixture.message(3).recipientKeys[0],
                    state: .delivered,
                    stat: .delivered,
                    doneAt: Fixture.now
                )
            ])
            _ = try await store.cancel(Fixture.messageID(5), account: Fixture.account, at: Fixture.now)

            let firstPage = try await store.undispatchedMessages(after: nil, limit: 1)
            #expect(firstPage.map(\.message.messageID) == [Fixture.messageID(1)])
            let rest = try await store.undispatchedMessages(after: firstPage.last?.message.messageID, limit: 10)
            #expect(rest.map(\.message.messageID) == [Fixture.messageID(4)])
            #expect(rest.first?.message.validUntil == Fixture.now.addingTimeInterval(86_400))

            let undecided = try await store.undecidedMessages(after: nil, limit: 10)
            #expect(undecided.map(\.message.messageID) == [Fixture.messageID(2)])
            #expect(undecided.first?.recipients.first?.state == .sentDownstream)
        }
    }

    @Test("scheduled messages: those with an accepted recipient and an At_Time in the window, page by page", arguments: StoreKind.allCases)
    func scheduledMessages(kind: StoreKind) async throws {
        try await withStore(kind) { store in
            func scheduled(_ n: Int, inMinutes minutes: Double?) -> AcceptedMessage {
                var message = Fixture.message(n)
                message.deliverAt = minutes.map { Fixture.now.addingTimeInterval($0 * 60) }
                return message
            }
            let minutes: [Double?] = [5, 10, 7, 20, nil, 6, 8]
            let messages = minutes.enumerated().map { offset, minutes in scheduled(offset + 1, inMinutes: minutes) }
            try await store.accept(messages)
            _ = try await store.cancel(Fixture.messageID(6), account: Fixture.account, at: Fixture.now)
            _ = try await store.markSentDownstream(messages[6].recipientKeys, at: Fixture.now)

            // After minute 5 (exclusive) and through minute 10: 2 and 3; 6 is cancelled, 7 already sent.
            let start = Fixture.now.addingTimeInterval(5 * 60)
            let end = Fixture.now.addingTimeInterval(10 * 60)
            let first = try await store.scheduledMessages(dueAfter: start, through: end, after: nil, limit: 1)
            #expect(first.map(\.message.messageID) == [Fixture.messageID(2)])
            #expect(first.first?.message.deliverAt == end)
            let rest = try await store.scheduledMessages(
                dueAfter: start,
                through: end,
                after: Fixture.messageID(2),
                limit: 10
            )
            #expect(rest.map(\.message.messageID) == [Fixture.messageID(3)])
            let all = try await store.scheduledMessages(
                dueAfter: .distantPast,
                through: .distantFuture,
                after: nil,
                limit: 10
            )
            #expect(all.map(\.message.messageID) == [1, 2, 3, 4].map(Fixture.messageID))
            await #expect(throws: GatewayStoreError(.invalidArgument, reason: "")) {
                try await store.scheduledMessages(dueAfter: start, through: end, after: nil, limit: -1)
            }
        }
    }

    @Test("the latest Msg_Id per gateway code, across MT, MO and the outbox", arguments: StoreKind.allCases)
    func latestMessageID(kind: StoreKind) async throws {
        try await withStore(kind) { store in
            #expect(try await store.latestMessageID(gateway: Fixture.gateway) == nil)
            try await store.accept([Fixture.message(3)])
            try await store.accept([Fixture.message(1)])
            #expect(try await store.latestMessageID(gateway: Fixture.gateway) == Fixture.messageID(3))
            try await store.recordMobileOriginated([Fixture.mobileOriginated(1, routing: .unrouted)])
            let latest = try #require(try await store.latestMessageID(gateway: Fixture.gateway))
            #expect(latest.parts.second == 2)
            #expect(try await store.latestMessageID(gateway: 8) == nil)
            // A generator started after it never reissues it.
            let generator = try CMPPMessageIDGenerator(
                gateway: Fixture.gateway,
                startingAfter: latest,
                now: Fixture.now
            )
            let next = generator.next(at: Fixture.now)
            #expect(next.parts.second == 2 && next.parts.sequence == 2)
        }
    }

    // MARK: - Outbox

    @Test("outbox: the lease runs out and the entry is due again; release; expiry", arguments: StoreKind.allCases)
    func outboxLeaseRetryAndExpiry(kind: StoreKind) async throws {
        try await withStore(kind) { store in
            let message = Fixture.message(1, recipients: 2)
            try await store.accept([message])
            let keys = message.recipientKeys
            let t0 = Fixture.now
            try await store.enqueue([
                Fixture.report(for: keys[0], deliverID: Fixture.deliverID(1), at: t0),
                Fixture.report(for: keys[1], deliverID: Fixture.deliverID(2), at: t0.addingTimeInterval(10)),
            ])
            #expect(try await store.accountsWithDueOutbox(now: t0) == [Fixture.account])
            #expect(try await store.claimDue(account: Fixture.otherAccount, limit: 10, now: t0, lease: .seconds(30)).isEmpty)

            // Only the first is due at t0.
            let first = try await store.claimDue(account: Fixture.account, limit: 10, now: t0, lease: .seconds(30))
            #expect(first.map(\.id) == [Fixture.deliverID(1)])
            #expect(first[0].nextAttemptAt == t0.addingTimeInterval(30))
            // In flight: not due again before the lease ends (the gateway crashed, say) ...
            let t1 = t0.addingTimeInterval(20)
            #expect(try await store.claimDue(account: Fixture.account, limit: 10, now: t1, lease: .seconds(30)).map(\.id) == [Fixture.deliverID(2)])
            #expect(try await store.accountsWithDueOutbox(now: t1).isEmpty)
            // ... and due again after it, with the attempt counted.
            let t2 = t0.addingTimeInterval(31)
            let resent = try await store.claimDue(account: Fixture.account, limit: 1, now: t2, lease: .seconds(30))
            #expect(resent.map(\.id) == [Fixture.deliverID(1)] && resent[0].attempts == 2)

            // Released for a retry at t3: pending, due then.
            let t3 = t0.addingTimeInterval(100)
            try await store.release([Fixture.deliverID(1)], account: Fixture.account, retryAt: t3)
            // Before t3 only the second entry, whose lease ran out, is due; at t3 the released one is.
            #expect(try await store.claimDue(account: Fixture.account, limit: 10, now: t3.addingTimeInterval(-1), lease: .seconds(30)).map(\.id) == [Fixture.deliverID(2)])
            #expect(try await store.claimDue(account: Fixture.account, limit: 10, now: t3, lease: .seconds(30)).map(\.id) == [Fixture.deliverID(1)])
            // Acknowledgements from another account are ignored.
            try await store.acknowledge([Fixture.deliverID(1)], account: Fixture.otherAccount, at: t3)

            // After the horizon both expire, and their reports with them.
            let expired = try await store.expireOutbox(now: t0.addingTimeInterval(48 * 3600 + 5), horizon: .seconds(48 * 3600))
            #expect(expired == 1)
            #expect(try await store.expireOutbox(now: t0.addingTimeInterval(48 * 3600 + 11)) == 1)
            let recipients = try #require(try await store.message(message.messageID)).recipients
            #expect(recipients.map(\.reportState) == [.expired, .expired])
            #expect(try await store.accountsWithDueOutbox(now: t0.addingTimeInterval(1_000_000)).isEmpty)
        }
    }

    @Test("outbox: closed entries are never claimed again, and their DELIVER ids stay taken", arguments: StoreKind.allCases)
    func closedOutboxEntriesStayClosed(kind: StoreKind) async throws {
        try await withStore(kind) { store in
            let message = Fixture.message(1, recipients: 3)
            try await store.accept([message])
            let keys = message.recipientKeys
            let t0 = Fixture.now
            try await store.enqueue(keys.indices.map { Fixture.report(for: keys[$0], deliverID: Fixture.deliverID($0 + 1), at: t0) })
            let claimed = try await store.claimDue(account: Fixture.account, limit: 10, now: t0, lease: .seconds(30))
            #expect(claimed.map(\.id) == [Fixture.deliverID(1), Fixture.deliverID(2), Fixture.deliverID(3)])
            try await store.acknowledge([Fixture.deliverID(1), Fixture.deliverID(2)], account: Fixture.account, at: t0)
            // Long after every lease ran out only the unacknowledged entry is due, also after its expiry is checked.
            let later = t0.addingTimeInterval(3600)
            #expect(try await store.expireOutbox(now: later, horizon: .seconds(7200)) == 0)
            #expect(try await store.claimDue(account: Fixture.account, limit: 10, now: later, lease: .seconds(30)).map(\.id) == [Fixture.deliverID(3)])
            try await store.acknowledge([Fixture.deliverID(3)], account: Fixture.account, at: later)
            #expect(try await store.claimDue(account: Fixture.account, limit: 10, now: later.addingTimeInterval(60), lease: .seconds(30)).isEmpty)
            #expect(try await store.accountsWithDueOutbox(now: later.addingTimeInterval(60)).isEmpty)
            let recipients = try #require(try await store.message(message.messageID)).recipients
            #expect(recipients.map(\.reportState) == [.acknowledged, .acknowledged, .acknowledged])
            // An acknowledged entry's DELIVER Msg_Id is still a stored id.
            await #expect(throws: GatewayStoreError(.duplicateMessageID, reason: "")) {
                try await store.enqueue([Fixture.report(for: keys[0], deliverID: Fixture.deliverID(1))])
            }
            #expect(try await store.latestMessageID(gateway: Fixture.gateway) != nil)
        }
    }

    @Test("outbox: a duplicate DELIVER id, a report for an unknown recipient, a DELIVER that does not encode", arguments: StoreKind.allCases)
    func outboxRejects(kind: StoreKind) async throws {
        try await withStore(kind) { store in
            let message = Fixture.message(1)
            try await store.accept([message])
            let key = message.recipientKeys[0]
            try await store.enqueue([Fixture.report(for: key, deliverID: Fixture.deliverID(1))])
            await #expect(throws: GatewayStoreError(.duplicateMessageID, reason: "")) {
                try await store.enqueue([Fixture.report(for: key, deliverID: Fixture.deliverID(1))])
            }
            await #expect(throws: GatewayStoreError(.unknownMessage, reason: "")) {
                try await store.enqueue([
                    Fixture.report(for: RecipientKey(messageID: Fixture.messageID(9), index: 0), deliverID: Fixture.deliverID(2))
                ])
            }
            var tooLong = Fixture.report(for: key, deliverID: Fixture.deliverID(3))
            tooLong.deliver.serviceID = "SERVICE-ID-TOO-LONG"
            await #expect(throws: GatewayStoreError(.invalidArgument, reason: "")) {
                try await store.enqueue([tooLong])
            }
            let claimed = try await store.claimDue(account: Fixture.account, limit: 10, now: Fixture.now, lease: .seconds(1))
            #expect(claimed.map(\.id) == [Fixture.deliverID(1)])
        }
    }

    // MARK: - MO and QUERY (§7.4.4)

    @Test("MO messages: routed ones wait in the outbox, unrouted ones are only recorded", arguments: StoreKind.allCases)
    func mobileOriginated(kind: StoreKind) async throws {
        try await withStore(kind) { store in
            let routed = Fixture.mobileOriginated(1, routing: .account(Fixture.account))
            let unrouted = Fixture.mobileOriginated(2, routing: .unrouted)
            try await store.recordMobileOriginated([routed, unrouted])
            #expect(try await store.mobileOriginated(routed.messageID) == routed)
            #expect(try await store.mobileOriginated(unrouted.messageID)?.state == .unrouted)

            let claimed = try await store.claimDue(account: Fixture.account, limit: 10, now: Fixture.now, lease: .seconds(5))
            #expect(claimed.map(\.kind) == [.mobileOriginated])
            #expect(claimed.first?.deliver == routed.deliver)
            try await store.acknowledge([routed.messageID], account: Fixture.account, at: Fixture.now)
            #expect(try await store.mobileOriginated(routed.messageID)?.state == .delivered)
            await #expect(throws: GatewayStoreError(.duplicateMessageID, reason: "")) {
                try await store.recordMobileOriginated([routed])
            }
        }
    }

    @Test("QUERY counts for a crafted day, in total and per Service_Id", arguments: StoreKind.allCases)
    func queryStatistics(kind: StoreKind) async throws {
        try await withStore(kind) { store in
            // MT: 4 messages of the account on the day (2 services, 6 recipients), 1 the day before,
            // 1 of another account.
            try await store.accept([
                Fixture.message(1, serviceID: "A", recipients: 3),
                Fixture.message(2, serviceID: "A"),
                Fixture.message(3, serviceID: "B"),
                Fixture.message(4, serviceID: "B"),
                Fixture.message(5, serviceID: "A", at: Fixture.now.addingTimeInterval(-86_400)),
                Fixture.message(6, account: Fixture.otherAccount, serviceID: "A"),
            ])
            let one = Fixture.message(1, recipients: 3).recipientKeys
            _ = try await store.markSentDownstream(one + Fixture.message(2).recipientKeys, at: Fixture.now)
            try await store.recordOutcomes([
                DeliveryOutcome(recipient: one[0], state: .delivered, stat: .delivered, doneAt: Fixture.now),
                DeliveryOutcome(recipient: one[1], state: .failed, stat: .undeliverable, doneAt: Fixture.now),
                DeliveryOutcome(
                    recipient: Fixture.message(3).recipientKeys[0],
                    state: .expired,
                    stat: .expired,
                    doneAt: Fixture.now
                ),
            ])
            _ = try await store.cancel(Fixture.messageID(4), account: Fixture.account, at: Fixture.now)
            // MO: 3 routed to the account (one acknowledged, one expired, one waiting), 1 unrouted.
            try await store.recordMobileOriginated([
                Fixture.mobileOriginated(1, routing: .account(Fixture.account), serviceID: "A"),
                Fixture.mobileOriginated(2, routing: .account(Fixture.account), serviceID: "B"),
                Fixture.mobileOriginated(3, routing: .account(Fixture.account), serviceID: "B", at: Fixture.now.addingTimeInterval(60)),
                Fixture.mobileOriginated(4, routing: .unrouted, serviceID: "A"),
            ])
            try await store.acknowledge([Fixture.mobileOriginated(1, routing: .unrouted).messageID], account: Fixture.account, at: Fixture.now)
            #expect(try await store.expireOutbox(now: Fixture.now.addingTimeInterval(30), horizon: .seconds(10)) == 1)

            let total = try await store.statistics(account: Fixture.account, day: Fixture.day, serviceID: nil)
            #expect(
                total
                    == QueryStatistics(
                        mtMessages: 4,
                        mtRecipients: 6,
                        mtDelivered: 1,
                        mtFailed: 3,
                        moReceived: 3,
                        moDelivered: 1,
                        moFailed: 1
                    )
            )
            #expect(total.mtWaiting == 2 && total.moWaiting == 1)
            let serviceA = try await store.statistics(account: Fixture.account, day: Fixture.day, serviceID: "A")
            #expect(serviceA == QueryStatistics(mtMessages: 2, mtRecipients: 4, mtDelivered: 1, mtFailed: 1, moReceived: 1, moDelivered: 1))
            let response = serviceA.response(to: CMPPQuery(time: Fixture.day, queryType: 1, queryCode: "A"))
            #expect(response.mtTotalMessages == 2 && response.mtWaiting == 2 && response.moSucceeded == 1)
            let query = try await store.statistics(for: CMPPQuery(time: Fixture.day, queryType: 0), account: Fixture.account)
            #expect(query == total)
            #expect(try await store.statistics(account: Fixture.account, day: "20240101", serviceID: nil).mtMessages == 1)
            #expect(try await store.statistics(account: Fixture.account, day: "20240103", serviceID: nil) == QueryStatistics())
            await #expect(throws: GatewayStoreError(.invalidArgument, reason: "")) {
                try await store.statistics(account: Fixture.account, day: "2024-1-2", serviceID: nil)
            }
            await #expect(throws: GatewayStoreError(.invalidArgument, reason: "")) {
                try await store.statistics(for: CMPPQuery(time: Fixture.day, queryType: 2), account: Fixture.account)
            }
        }
    }

    // MARK: - Life cycle

    @Test("a closed store refuses work", arguments: StoreKind.allCases)
    func closedStore(kind: StoreKind) async throws {
        try await withStore(kind) { store in
            try await store.accept([Fixture.message(1)])
            try await store.close()
            await #expect(throws: GatewayStoreError(.closed, reason: "")) {
                try await store.accept([Fixture.message(2)])
            }
            await #expect(throws: GatewayStoreError(.closed, reason: "")) {
                try await store.message(Fixture.messageID(1))
            }
        }
    }
}
