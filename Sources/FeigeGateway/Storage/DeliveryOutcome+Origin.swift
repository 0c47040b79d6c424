import Foundation

extension DeliveryOutcome {
    /// What a store counts an outcome under in the daily QUERY statistics (§7.4.4): the message's account,
    /// Service_Id and the instant it was received, which decides its day in the store's zone.
    ///
    /// The dispatcher knows them from the message it sent; passing them lets ``SQLiteGatewayStore`` record
    /// the outcome without reading the message back (issue #6: fewer statements per message). They must be
    /// the message's own (``AcceptedMessage/account``, ``AcceptedMessage/serviceID``,
    /// ``AcceptedMessage/submittedAt``), or the statistics count the outcome elsewhere.
    public struct Origin: Hashable, Sendable {
        /// The SP_Id of the account that submitted the message.
        public var account: String
        /// The message's Service_Id (§7.4.3.1).
        public var serviceID: String
        /// When the gateway received the SUBMIT.
        public var submittedAt: Date

        public init(account: String, serviceID: String, submittedAt: Date) {
            self.account = account
            self.serviceID = serviceID
            self.submittedAt = submittedAt
        }

        /// The origin of `message`.
        public init(_ message: AcceptedMessage) {
            self.init(account: message.account, serviceID: message.serviceID, submittedAt: message.submittedAt)
        }
    }
}
