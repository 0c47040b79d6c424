import CMPPCore
import NIOCore
import SMSCodec

/// Merges the DELIVERs of long MO messages (§7.4.5.1 with TP_udhi set, fact sheet §9.4) into one
/// ``CMPPMOMessage`` each, keeping every part's Msg_Id and the acknowledgement owed for it.
///
/// Built on SMSCodec's ``SMSReassembler``: parts are grouped by sender, Dest_Id, Msg_Fmt and the
/// concatenation element, in any order and from any link. `Acknowledgement` is what the caller must do once
/// the merged message is handed over (the client's DELIVER_RESPs); a duplicate part's acknowledgement is kept
/// with the first copy's, so both DELIVERs are answered. A message whose parts stop coming is handed back
/// incomplete after the timeout (``expire(at:)``).
///
/// A value type with no clock, like the reassembler: the caller passes the instant.
package struct CMPPMOAssembler<Instant: InstantProtocol, Acknowledgement: Sendable>: Sendable {
    /// A message ready to hand over, and the acknowledgements of all its parts.
    package struct Assembled: Sendable {
        package var message: CMPPMOMessage
        package var acknowledgements: [Acknowledgement]
    }

    /// What is kept of a part beyond its user data, which the reassembler holds.
    private struct PartRecord: Sendable {
        var messageID: CMPPMessageID
        var serviceID: String
        var tpPID: UInt8
        var acknowledgements: [Acknowledgement]
    }

    private struct PartKey: Hashable, Sendable {
        var originator: String
        var kind: SMSConcatenation.ReferenceKind
        var reference: UInt16
        var total: UInt8
        var sequence: UInt8
    }

    /// The fields the reassembler's originator string stands for.
    private struct Origin: Sendable {
        var sourceTerminalID: String
        var destinationID: String
        var format: CMPPMessageFormat
    }

    private var reassembler: SMSReassembler<Instant>
    private var records: [PartKey: PartRecord] = [:]
    private var origins: [String: Origin] = [:]

    package init(timeout: Instant.Duration, maximumPendingMessages: Int) {
        self.reassembler = SMSReassembler(timeout: timeout, maximumPendingMessages: maximumPendingMessages)
    }

    /// How many long messages wait for parts.
    package var pendingCount: Int { reassembler.pendingCount }

    /// When the next pending message times out.
    package var nextDeadline: Instant? { reassembler.nextDeadline }

    /// Feeds one MO DELIVER (a status report is not an MO and must not come here).
    ///
    /// - Returns: the messages ready to hand over: this one if it came whole (or its header is unreadable,
    ///   in which case the content is kept as it came), a long one its last part completes, and any pending
    ///   message evicted to stay within the bound.
    package mutating func receive(
        _ deliver: CMPPDeliver,
        acknowledgement: Acknowledgement,
        at now: Instant
    ) -> [Assembled] {
        guard case .message(let content) = deliver.content else { return [] }
        let split = try? CMPPUserData.split(content, tpUDHI: deliver.tpUDHI)
        guard let split, let header = split.header, let concatenation = header.concatenation,
            concatenation.total > 1, concatenation.sequence >= 1, concatenation.sequence <= concatenation.total
        else {
            // Sent whole (or an unreadable header): hand it over as it came, after any readable header.
            let body = split?.body ?? content
            return [
                Assembled(
                    message: single(deliver, body: Array(body.readableBytesView)),
                    acknowledgements: [acknowledgement]
                )
            ]
        }
        let originator =
            "\(deliver.sourceTerminalID)\u{1F}\(deliver.destinationID)\u{1F}\(deliver.messageFormat.rawValue)"
        origins[originator] = Origin(
            sourceTerminalID: deliver.sourceTerminalID,
            destinationID: deliver.destinationID,
            format: deliver.messageFormat
        )
        let key = PartKey(
            originator: originator,
            kind: concatenation.kind,
            reference: concatenation.reference,
            total: concatenation.total,
            sequence: concatenation.sequence
        )
        if records[key] != nil {
            // A duplicate (the ISMG resent it, §6.2): answer it with the first copy.
            records[key]!.acknowledgements.append(acknowledgement)
        } else {
            records[key] = PartRecord(
                messageID: deliver.messageID,
                serviceID: deliver.serviceID,
                tpPID: deliver.tpPID,
                acknowledgements: [acknowledgement]
            )
        }
        let alphabet: SMSAlphabet = deliver.messageFormat == .ucs2 ? .ucs2 : .eightBit
        let part = UserData(header: header, alphabet: alphabet, body: Array(split.body.readableBytesView))
        let ready = reassembler.receive(part, from: originator, at: now)
        return ready.map { assembled($0) }
    }

    /// Hands back, incomplete, the long messages whose parts stopped coming `timeout` ago.
    package mutating func expire(at now: Instant) -> [Assembled] {
        let ready = reassembler.expire(at: now)
        return ready.map { assembled($0) }
    }

    /// Hands back every pending long message, incomplete.
    package mutating func flush() -> [Assembled] {
        let ready = reassembler.flush()
        return ready.map { assembled($0) }
    }

    // MARK: - Helpers

    private func single(_ deliver: CMPPDeliver, body: [UInt8]) -> CMPPMOMessage {
        CMPPMOMessage(
            sourceTerminalID: deliver.sourceTerminalID,
            destinationID: deliver.destinationID,
            serviceID: deliver.serviceID,
            tpPID: deliver.tpPID,
            messageFormat: deliver.messageFormat,
            data: body,
            text: deliver.messageFormat.isText ? (try? deliver.messageFormat.decodeText(body)) ?? nil : nil,
            messageIDs: [deliver.messageID],
            partTotal: 1
        )
    }

    private mutating func assembled(_ merged: SMSReassembledMessage) -> Assembled {
        let origin = origins[merged.originator]
        let total = UInt8(truncatingIfNeeded: merged.parts.count)
        var messageIDs: [CMPPMessageID] = []
        var acknowledgements: [Acknowledgement] = []
        var serviceID = ""
        var tpPID: UInt8 = 0
        for sequence in 1...max(1, Int(total)) {
            let key = PartKey(
                originator: merged.originator,
                kind: merged.referenceKind ?? .eightBit,
                reference: merged.reference ?? 0,
                total: total,
                sequence: UInt8(truncatingIfNeeded: sequence)
            )
            guard let record = records.removeValue(forKey: key) else { continue }
            if messageIDs.isEmpty {
                serviceID = record.serviceID
                tpPID = record.tpPID
            }
            messageIDs.append(record.messageID)
            acknowledgements += record.acknowledgements
        }
        if !records.keys.contains(where: { $0.originator == merged.originator }) {
            origins[merged.originator] = nil
        }
        let format = origin?.format ?? .binary
        let data = merged.data
        let message = CMPPMOMessage(
            sourceTerminalID: origin?.sourceTerminalID ?? "",
            destinationID: origin?.destinationID ?? "",
            serviceID: serviceID,
            tpPID: tpPID,
            messageFormat: format,
            data: data,
            text: format.isText ? (try? format.decodeText(data)) ?? nil : nil,
            messageIDs: messageIDs,
            partTotal: merged.parts.count,
            missingParts: merged.missingSequences,
            reference: merged.reference
        )
        return Assembled(message: message, acknowledgements: acknowledgements)
    }
}
