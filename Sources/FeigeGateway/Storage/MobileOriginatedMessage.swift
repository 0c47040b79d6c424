import CMPPCore
import Foundation
import NIOCore

/// An MO message received from the handset network, with the account it was routed to (issue #5 §6).
///
/// MO messages go to the account whose service code is the longest prefix of `Dest_Id`; one that matches
/// no account is kept as ``Routing-swift.enum/unrouted``. A routed MO is put in that account's outbox as a
/// CMPP_DELIVER (§7.4.5.1) in the same transaction, and its ``State-swift.enum`` follows the outbox entry.
/// The MO_Scs / MO_WT / MO_FL counts of CMPP_QUERY_RESP (§7.4.4.2) come from these states.
public struct MobileOriginatedMessage: Hashable, Sendable {
    /// Where the MO goes.
    public enum Routing: Hashable, Sendable {
        /// To this SP_Id.
        case account(String)
        /// No account's service code prefixes `Dest_Id`.
        case unrouted
    }

    /// How far the MO got to its SP.
    public enum State: Int, Hashable, Sendable, CaseIterable {
        /// No account takes it.
        case unrouted = 0
        /// In the account's outbox, not yet acknowledged.
        case waiting = 1
        /// The SP answered its DELIVER with DELIVER_RESP.
        case delivered = 2
        /// The outbox entry expired before the SP took it.
        case failed = 3
    }

    /// `Msg_Id` of the MO (and of the DELIVER carrying it).
    public var messageID: CMPPMessageID
    /// `Src_terminal_Id`: the handset that sent it.
    public var sourceTerminalID: String
    /// `Dest_Id`: the number the user texted (a service code, possibly extended).
    public var destinationID: String
    /// `Service_Id` to put in the DELIVER.
    public var serviceID: String
    /// `TP_pid`.
    public var tpPID: UInt8
    /// `TP_udhi`.
    public var tpUDHI: UInt8
    /// `Msg_Fmt`.
    public var messageFormat: CMPPMessageFormat
    /// `Msg_Content`.
    public var content: ByteBuffer
    /// When the gateway received it; its day is the QUERY day it counts for.
    public var receivedAt: Date
    /// The routing decision.
    public var routing: Routing
    /// Where it stands; a new record's state is derived from ``routing``.
    public var state: State

    public init(
        messageID: CMPPMessageID,
        sourceTerminalID: String,
        destinationID: String,
        serviceID: String = "",
        tpPID: UInt8 = 0,
        tpUDHI: UInt8 = 0,
        messageFormat: CMPPMessageFormat = .ascii,
        content: ByteBuffer,
        receivedAt: Date,
        routing: Routing
    ) {
        self.messageID = messageID
        self.sourceTerminalID = sourceTerminalID
        self.destinationID = destinationID
        self.serviceID = serviceID
        self.tpPID = tpPID
        self.tpUDHI = tpUDHI
        self.messageFormat = messageFormat
        self.content = content
        self.receivedAt = receivedAt
        self.routing = routing
        if case .unrouted = routing {
            self.state = .unrouted
        } else {
            self.state = .waiting
        }
    }

    /// The SP_Id it was routed to, if any.
    public var account: String? {
        if case .account(let account) = routing { account } else { nil }
    }

    /// The CMPP_DELIVER (Registered_Delivery 0) that carries it to the SP.
    public var deliver: CMPPDeliver {
        CMPPDeliver(
            messageID: messageID,
            destinationID: destinationID,
            serviceID: serviceID,
            tpPID: tpPID,
            tpUDHI: tpUDHI,
            messageFormat: messageFormat,
            sourceTerminalID: sourceTerminalID,
            registeredDelivery: 0,
            content: .message(content)
        )
    }

    /// The outbox entry for its account, or `nil` when unrouted.
    public var outboxEntry: OutboxEntry? {
        account.map { OutboxEntry(account: $0, kind: .mobileOriginated, deliver: deliver, createdAt: receivedAt) }
    }
}
