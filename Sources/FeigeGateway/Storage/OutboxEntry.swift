import CMPPCore
import Foundation
import NIOCore

/// A CMPP_DELIVER (§7.4.5.1) waiting in an account's durable outbox: a status report or an MO message.
///
/// The gateway sends due entries over any live link of the account and marks them acknowledged when the
/// SP answers with DELIVER_RESP (§7.4.5.2). Claiming an entry puts it ``State-swift.enum/inFlight`` with a
/// lease: if the gateway dies, or the link drops before the response, the lease runs out and the entry is
/// due again, so every entry is sent at least once. Entries the SP does not take before the outbox horizon
/// (48 hours by default, ``GatewayDefaults/outboxExpiry``) expire.
///
/// An entry is identified by the Msg_Id of its DELIVER, which the gateway allocates (for an MO message, the
/// MO's id; for a status report, a fresh id — the report's own Msg_Id field names the MT message).
public struct OutboxEntry: Hashable, Sendable {
    /// What the DELIVER carries.
    public enum Kind: Hashable, Sendable {
        /// A status report (Registered_Delivery 1) for this MT recipient.
        case statusReport(RecipientKey)
        /// An MO message (Registered_Delivery 0), recorded by ``GatewayStore/recordMobileOriginated(_:)``.
        case mobileOriginated
    }

    /// The state of an outbox entry.
    public enum State: Int, Hashable, Sendable, CaseIterable {
        /// Waiting for ``OutboxEntry/nextAttemptAt``.
        case pending = 0
        /// Claimed for sending; due again when the lease (``OutboxEntry/nextAttemptAt``) runs out.
        case inFlight = 1
        /// The SP answered with DELIVER_RESP.
        case acknowledged = 2
        /// Not taken by the SP before the horizon.
        case expired = 3

        /// Whether the entry may still be sent.
        public var isOpen: Bool { self == .pending || self == .inFlight }
    }

    /// The Msg_Id of the DELIVER; unique in the store.
    public var id: CMPPMessageID
    /// The SP_Id the DELIVER is for.
    public var account: String
    /// What it carries.
    public var kind: Kind
    /// The DELIVER to send. Its ``CMPPDeliver/messageID`` is ``id``.
    public var deliver: CMPPDeliver
    /// When it was queued; the horizon counts from here.
    public var createdAt: Date
    /// How many times it was claimed for sending.
    public var attempts: Int
    /// When it is due: the first or next attempt while pending, the lease's end while in flight.
    public var nextAttemptAt: Date
    /// Where it stands.
    public var state: State
    /// When it was acknowledged or expired.
    public var closedAt: Date?

    /// An entry to queue: pending, due at `createdAt`.
    public init(account: String, kind: Kind, deliver: CMPPDeliver, createdAt: Date) {
        self.init(
            id: deliver.messageID,
            account: account,
            kind: kind,
            deliver: deliver,
            createdAt: createdAt,
            attempts: 0,
            nextAttemptAt: createdAt,
            state: .pending,
            closedAt: nil
        )
    }

    public init(
        id: CMPPMessageID,
        account: String,
        kind: Kind,
        deliver: CMPPDeliver,
        createdAt: Date,
        attempts: Int,
        nextAttemptAt: Date,
        state: State,
        closedAt: Date?
    ) {
        self.id = id
        self.account = account
        self.kind = kind
        self.deliver = deliver
        self.createdAt = createdAt
        self.attempts = attempts
        self.nextAttemptAt = nextAttemptAt
        self.state = state
        self.closedAt = closedAt
    }

    /// The DELIVER body as the store keeps it (2.0 layout, §7.4.5.1).
    ///
    /// - Throws: ``GatewayStoreError/Code/invalidArgument`` when the DELIVER does not encode (a field too
    ///   long, Registered_Delivery disagreeing with the content) or its Msg_Id is not the entry's.
    func encodedDeliver() throws -> ByteBuffer {
        guard deliver.messageID == id else {
            throw GatewayStoreError.invalidArgument("the DELIVER's Msg_Id is not the outbox entry's id \(id)")
        }
        var buffer = ByteBuffer()
        do {
            try buffer.writeCMPPDeliver(deliver)
        } catch {
            throw GatewayStoreError.invalidArgument("the DELIVER \(id) does not encode: \(error)")
        }
        return buffer
    }
}
