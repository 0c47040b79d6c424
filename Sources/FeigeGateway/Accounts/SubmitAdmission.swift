import CMPPCore

/// Whether an account may send a CMPP_SUBMIT (§7.4.3.1) with the Src_Id and Service_Id it carries, and
/// with which Src_Id the gateway passes it on.
public enum SubmitAdmission: Hashable, Sendable {
    /// Accepted; `sourceID` is the Src_Id to use (the SUBMIT's own, or the service code a lenient account
    /// fills in for an empty one).
    case accept(sourceID: String)
    /// Refused with this SUBMIT_RESP Result (§7.4.3.2).
    case reject(CMPPResult)
}

extension GatewayAccount {
    /// Checks a SUBMIT's Src_Id and Service_Id against the account (issue #5 §2, §9).
    ///
    /// - A Service_Id outside ``allowedServiceIDs`` (when that is not empty) → Result 7, 业务代码错.
    /// - A Src_Id that does not start with one of ``serviceCodes`` (an empty one included) → Result 10,
    ///   Src_Id error, for a peer that negotiated 2.1 or later (§7.4.3.2 in 2.1+, fact sheet §6.5); a 2.0
    ///   peer knows no such code and "9~ other" is the vague catch-all 3.0 forbids (§8.7.2), so it gets 7,
    ///   the nearest 2.0 meaning.
    /// - A lenient account accepts any Src_Id and Service_Id, and fills an empty Src_Id with its first
    ///   service code.
    public func admitSubmit(sourceID: String, serviceID: String, peerVersion: CMPPVersion = .v2_0) -> SubmitAdmission {
        if isLenient {
            return .accept(sourceID: sourceID.isEmpty ? (serviceCodes.first ?? "") : sourceID)
        }
        if !allowedServiceIDs.isEmpty, !allowedServiceIDs.contains(serviceID) {
            return .reject(.serviceCodeError)
        }
        guard !sourceID.isEmpty, serviceCodes.contains(where: { sourceID.hasPrefix($0) }) else {
            return .reject(peerVersion >= .v2_1 ? CMPPResult(rawValue: 10) : .serviceCodeError)
        }
        return .accept(sourceID: sourceID)
    }

    /// ``admitSubmit(sourceID:serviceID:peerVersion:)`` for `submit`'s Src_Id and Service_Id.
    public func admitSubmit(_ submit: CMPPSubmit, peerVersion: CMPPVersion = .v2_0) -> SubmitAdmission {
        admitSubmit(sourceID: submit.sourceID, serviceID: submit.serviceID, peerVersion: peerVersion)
    }
}
