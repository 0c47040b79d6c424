import CMPPCore
import Foundation
import Synchronization

/// Builds the CMPP_DELIVER status reports (§7.4.5.1, Registered_Delivery 1, the 60-byte 2.0 Msg_Content)
/// the gateway queues in an account's outbox when an MT recipient reaches its final state.
///
/// The DELIVER gets a fresh Msg_Id from the gateway's generator (it names the outbox entry); the report's
/// own Msg_Id is the SUBMIT's, `Dest_Id` the SUBMIT's Src_Id, `Src_terminal_Id` and `Dest_terminal_Id` the
/// recipient, `Submit_time` / `Done_time` `YYMMDDHHMM` in China time, `SMSC_sequence` a running counter.
struct StatusReportFactory: Sendable {
    /// What a report needs of its MT message.
    struct MessageContext: Sendable {
        var messageID: CMPPMessageID
        var account: String
        var sourceID: String
        var serviceID: String
        var wantsStatusReport: Bool
        var submittedAt: Date
        var recipients: [String]

        init(_ message: AcceptedMessage) {
            messageID = message.messageID
            account = message.account
            sourceID = message.sourceID
            serviceID = message.serviceID
            wantsStatusReport = message.wantsStatusReport
            submittedAt = message.submittedAt
            recipients = message.recipients
        }
    }

    private let generator: CMPPMessageIDGenerator
    private let sequence = SMSCSequence()

    init(generator: CMPPMessageIDGenerator) {
        self.generator = generator
    }

    /// The store's record of `outcome`, with its report when the message asked for one.
    func deliveryOutcome(_ outcome: DownstreamOutcome, of context: MessageContext, now: Date) -> DeliveryOutcome {
        var report: OutboxEntry?
        if context.wantsStatusReport, context.recipients.indices.contains(outcome.recipient.index) {
            let terminal = context.recipients[outcome.recipient.index]
            let deliver = CMPPDeliver(
                messageID: generator.next(at: now),
                destinationID: context.sourceID,
                serviceID: context.serviceID,
                sourceTerminalID: terminal,
                registeredDelivery: 1,
                content: .statusReport(
                    CMPPStatusReport(
                        messageID: context.messageID,
                        stat: outcome.stat,
                        submitTime: Self.reportTime(context.submittedAt),
                        doneTime: Self.reportTime(outcome.doneAt),
                        destinationTerminalID: terminal,
                        smscSequence: sequence.next()
                    )
                )
            )
            report = OutboxEntry(
                account: context.account,
                kind: .statusReport(outcome.recipient),
                deliver: deliver,
                createdAt: now
            )
        }
        return DeliveryOutcome(
            recipient: outcome.recipient,
            state: outcome.state,
            stat: outcome.stat,
            doneAt: outcome.doneAt,
            report: report,
            origin: DeliveryOutcome.Origin(
                account: context.account,
                serviceID: context.serviceID,
                submittedAt: context.submittedAt
            )
        )
    }

    /// `YYMMDDHHMM` in China Standard Time (§7.4.5.1 Submit_time / Done_time).
    static func reportTime(_ date: Date) -> String {
        guard case .absolute(let time) = CMPPSMPPTime(date: date, utcOffsetQuarterHours: 32) else { return "" }
        // Written digit by digit: two per report, and interpolating and joining ten small strings was a
        // visible share of a report's cost (issue #6).
        let fields = (time.year % 100, time.month, time.day, time.hour, time.minute)
        return String(unsafeUninitializedCapacity: 10) { buffer in
            func put(_ value: Int, at offset: Int) {
                let value = value % 100
                buffer[offset] = UInt8(ascii: "0") + UInt8(value / 10)
                buffer[offset + 1] = UInt8(ascii: "0") + UInt8(value % 10)
            }
            put(fields.0, at: 0)
            put(fields.1, at: 2)
            put(fields.2, at: 4)
            put(fields.3, at: 6)
            put(fields.4, at: 8)
            return 10
        }
    }
}

/// The running `SMSC_sequence` of the reports (§7.4.5.1).
private final class SMSCSequence: Sendable {
    private let value = Atomic<UInt32>(0)

    func next() -> UInt32 {
        value.wrappingAdd(1, ordering: .relaxed).newValue
    }
}
