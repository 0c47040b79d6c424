import CMPPCore
import Foundation
import GRDB
import NIOCore

/// Reading stored rows back into the store's types.
extension SQLiteGatewayStore {
    /// The MT message with this key and its recipients, in order.
    static func fetchMessage(_ key: Int64, _ db: Database) throws -> StoredMessage? {
        try fetchMessages([key], db).first
    }

    /// The MT messages with these keys that are stored, in the keys' order, with their recipients in order.
    ///
    /// The outcomes not folded yet are read for all of them at once: `mt_outcome` has no index by message (its
    /// rows are appended in arrival order, see ``recordOutcomes(_:)``), so each read of it is a scan.
    static func fetchMessages(_ keys: [Int64], _ db: Database) throws -> [StoredMessage] {
        guard !keys.isEmpty else { return [] }
        let unfolded = try unfoldedOutcomes(of: keys, db)
        return try keys.compactMap { key in try fetchMessage(key, unfolded: unfolded[key] ?? [:], db) }
    }

    /// The MT message with this key, its recipients overlaid with `unfolded`, their outcomes not folded yet.
    private static func fetchMessage(_ key: Int64, unfolded: [Int: Row], _ db: Database) throws -> StoredMessage? {
        guard
            let row = try Row.fetchOne(
                db.cachedStatement(sql: "SELECT * FROM mt_message WHERE id = ?"),
                arguments: [key]
            )
        else { return nil }
        let messageID = CMPPMessageID(storeKey: key)
        let recipientRows = try Row.fetchAll(
            db.cachedStatement(
                sql: """
                    SELECT idx, terminal_id, state, stat, sent_at, done_at, report_state FROM mt_recipient
                    WHERE message_id = ? ORDER BY idx
                    """
            ),
            arguments: [key]
        )
        let recipients = try recipientRows.map { row in
            let index: Int = row["idx"]
            guard var state = RecipientDeliveryState(rawValue: row["state"]),
                var reportState = StatusReportState(rawValue: row["report_state"])
            else {
                throw GatewayStoreError.corruptRecord("recipient \(messageID)#\(index) has an unknown state")
            }
            var stat = (row["stat"] as String?).map(CMPPStat.init(rawValue:))
            var doneAt = (row["done_at"] as Int64?).map(Date.init(storeMilliseconds:))
            // An outcome not folded yet is the recipient's state (a folded one is in the row already).
            if !state.isFinal, let outcome = unfolded[index] {
                guard let decided = RecipientDeliveryState(rawValue: outcome["state"]) else {
                    throw GatewayStoreError.corruptRecord("outcome of \(messageID)#\(index) has an unknown state")
                }
                state = decided
                stat = CMPPStat(rawValue: outcome["stat"])
                doneAt = Date(storeMilliseconds: outcome["done_at"])
                if let reported = outcome["report_state"] as Int? {
                    guard let reported = StatusReportState(rawValue: reported) else {
                        throw GatewayStoreError.corruptRecord(
                            "outcome of \(messageID)#\(index) has an unknown report state"
                        )
                    }
                    reportState = reported
                }
            }
            return StoredRecipient(
                key: RecipientKey(messageID: messageID, index: index),
                terminalID: row["terminal_id"],
                state: state,
                stat: stat,
                sentAt: (row["sent_at"] as Int64?).map(Date.init(storeMilliseconds:)),
                doneAt: doneAt,
                reportState: reportState
            )
        }
        let message = AcceptedMessage(
            messageID: messageID,
            account: row["account"],
            serviceID: row["service_id"],
            sourceID: row["src_id"],
            messageFormat: CMPPMessageFormat(rawValue: row["msg_fmt"]),
            tpPID: row["tp_pid"],
            tpUDHI: row["tp_udhi"],
            pkTotal: row["pk_total"],
            pkNumber: row["pk_number"],
            registeredDelivery: row["registered_delivery"],
            messageLevel: row["msg_level"],
            feeUserType: row["fee_user_type"],
            feeTerminalID: row["fee_terminal_id"],
            feeType: row["fee_type"],
            feeCode: row["fee_code"],
            validityTime: row["valid_time"],
            atTime: row["at_time"],
            validUntil: (row["valid_until"] as Int64?).map(Date.init(storeMilliseconds:)),
            deliverAt: (row["deliver_at"] as Int64?).map(Date.init(storeMilliseconds:)),
            content: ByteBuffer(bytes: row["content"] as Data),
            recipients: recipients.map(\.terminalID),
            submittedAt: Date(storeMilliseconds: row["submitted_at"])
        )
        return StoredMessage(message: message, recipients: recipients)
    }

    /// The outbox columns ``outboxEntry(_:)`` reads, in its order.
    static let outboxColumns = """
        id, account, kind, report_message_id, report_index, body, created_at, attempts, next_attempt_at, state, \
        closed_at
        """

    /// A row of ``outboxColumns`` as an entry; its DELIVER decoded from the stored body.
    static func outboxEntry(_ columns: SQLiteRawStatement.Columns) throws -> OutboxEntry {
        let id = CMPPMessageID(storeKey: columns.int64(0))
        var body = columns.blob(5)
        let deliver: CMPPDeliver?
        do {
            deliver = try body.readCMPPDeliver()
        } catch {
            throw GatewayStoreError.corruptRecord("the DELIVER of outbox entry \(id) does not decode: \(error)")
        }
        guard let deliver, let state = OutboxEntry.State(rawValue: columns.int(9)) else {
            throw GatewayStoreError.corruptRecord("outbox entry \(id) is truncated or has an unknown state")
        }
        let kind: OutboxEntry.Kind
        if columns.int(2) == OutboxKindCode.statusReport, !columns.isNull(3), !columns.isNull(4) {
            kind = .statusReport(
                RecipientKey(messageID: CMPPMessageID(storeKey: columns.int64(3)), index: columns.int(4))
            )
        } else {
            kind = .mobileOriginated
        }
        return OutboxEntry(
            id: id,
            account: columns.text(1),
            kind: kind,
            deliver: deliver,
            createdAt: Date(storeMilliseconds: columns.int64(6)),
            attempts: columns.int(7),
            nextAttemptAt: Date(storeMilliseconds: columns.int64(8)),
            state: state,
            closedAt: columns.isNull(10) ? nil : Date(storeMilliseconds: columns.int64(10))
        )
    }

    /// An MO row (all columns) as a message.
    static func mobileOriginated(_ row: Row) throws -> MobileOriginatedMessage {
        let id = CMPPMessageID(storeKey: row["id"])
        guard let state = MobileOriginatedMessage.State(rawValue: row["state"]) else {
            throw GatewayStoreError.corruptRecord("MO \(id) has an unknown state")
        }
        var message = MobileOriginatedMessage(
            messageID: id,
            sourceTerminalID: row["src_terminal_id"],
            destinationID: row["dest_id"],
            serviceID: row["service_id"],
            tpPID: row["tp_pid"],
            tpUDHI: row["tp_udhi"],
            messageFormat: CMPPMessageFormat(rawValue: row["msg_fmt"]),
            content: ByteBuffer(bytes: row["content"] as Data),
            receivedAt: Date(storeMilliseconds: row["received_at"]),
            routing: (row["account"] as String?).map(MobileOriginatedMessage.Routing.account) ?? .unrouted
        )
        message.state = state
        return message
    }
}
