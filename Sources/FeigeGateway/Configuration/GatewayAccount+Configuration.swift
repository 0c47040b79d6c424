import CMPPCore
import Foundation
import Yams

extension GatewayAccount {
    /// The keys of one entry of `accounts`.
    static let configurationKeys = [
        "sp_id", "secret", "service_codes", "service_ids", "max_connections", "submit_rate", "submit_burst",
        "allowed_clients", "lenient", "faults",
    ]

    /// Reads one account; also returns the nodes of its SP_Id and service codes, so that duplicates across
    /// accounts can be reported where they are.
    static func decode(
        _ value: ConfigurationValue
    ) throws(GatewayConfigurationError) -> (
        GatewayAccount, spID: ConfigurationValue, serviceCodes: [ConfigurationValue]
    ) {
        let keys = try value.mapping(allowedKeys: configurationKeys)
        let spIDNode = try keys.required("sp_id")
        let spID = try spIDNode.asciiText(expected: "an SP_Id of 1…6 characters, like 901234", lengths: 1...6)

        let secretNode = try keys.required("secret")
        let secret = try secretNode.text(expected: "the secret as text", sensitive: true)
        guard !secret.isEmpty else { throw secretNode.error(.invalidValue, "the secret must not be empty") }

        let codesNode = try keys.required("service_codes")
        let codeNodes = try codesNode.scalarOrSequence()
        guard !codeNodes.isEmpty else { throw codesNode.error(.invalidValue, "at least one service code is needed") }
        var serviceCodes: [String] = []
        for node in codeNodes {
            let code = try node.digits(expected: "a service code of 1…21 digits, like 10658888", lengths: 1...21)
            guard !serviceCodes.contains(code) else {
                throw node.error(.duplicate, "service code \"\(code)\" is listed twice")
            }
            serviceCodes.append(code)
        }

        var account = GatewayAccount(spID: spID, secret: secret, serviceCodes: serviceCodes)
        if let ids = keys.optionalNonNull("service_ids") {
            for node in try ids.scalarOrSequence() {
                account.allowedServiceIDs.insert(
                    try node.asciiText(expected: "a Service_Id of 1…10 characters", lengths: 1...10)
                )
            }
        }
        if let maximum = keys.optional("max_connections") {
            account.maximumConnections = try maximum.positiveInteger(maximum: 10_000)
        }
        if let rate = keys.optionalNonNull("submit_rate"), rate.node.scalar?.string.lowercased() != "unlimited" {
            let messagesPerSecond = try rate.integer(
                in: 1...10_000_000,
                expected: "a rate in messages per second (1…10000000) or \"unlimited\""
            )
            var burst: Int?
            if let burstNode = keys.optional("submit_burst") {
                burst = try burstNode.positiveInteger(maximum: 1_000_000)
            }
            account.submitRate = SubmitRate(messagesPerSecond: messagesPerSecond, burst: burst)
        } else if let burstNode = keys.optional("submit_burst") {
            throw burstNode.error(.invalidValue, "submit_burst needs a submit_rate")
        }
        if let clients = keys.optionalNonNull("allowed_clients") {
            for node in try clients.scalarOrSequence() {
                let text = try node.text(expected: "a CIDR block like 10.0.0.0/8 or 2001:db8::/32")
                do {
                    account.allowedClients.append(try CIDRBlock(parsing: text.trimmingWhitespace()))
                } catch {
                    throw node.error(.invalidValue, "bad CIDR block \(node.foundDescription()): \(error.reason)")
                }
            }
        }
        if let lenient = keys.optional("lenient") {
            account.isLenient = try lenient.boolean()
        }
        if let faults = keys.optionalNonNull("faults") {
            account.faults = try FaultProfile(configuration: faults)
        }
        return (account, spIDNode, codeNodes)
    }
}

extension FaultProfile {
    /// Reads an account's `faults:` mapping.
    init(configuration value: ConfigurationValue) throws(GatewayConfigurationError) {
        let keys = try value.mapping(allowedKeys: [
            "drop_responses", "delay_responses", "forced_results", "close_link", "duplicate_reports",
        ])
        self.init()
        if let rate = keys.optional("drop_responses") {
            dropResponses = try rate.probability()
        }
        if let delay = keys.optional("delay_responses") {
            let delayKeys = try delay.mapping(allowedKeys: ["rate", "delay"])
            delayResponses = ResponseDelay(
                probability: try delayKeys.required("rate").probability(),
                delay: try delayKeys.required("delay").delay()
            )
        }
        if let results = keys.optional("forced_results") {
            for (key, rate) in try results.pairs() {
                let code = try key.integer(in: 1...255, expected: "a SUBMIT_RESP Result code 1…255")
                forcedResults.append(
                    WeightedOutcome(CMPPResult(rawValue: UInt32(code)), probability: try rate.probability())
                )
            }
            try checkTotal(forcedResults.totalProbability(), of: results)
        }
        if let rate = keys.optional("close_link") {
            closeLink = try rate.probability()
        }
        if let rate = keys.optional("duplicate_reports") {
            duplicateReports = try rate.probability()
        }
    }
}

/// Refuses rates of mutually exclusive outcomes that add up to more than 100 %.
func checkTotal(_ total: Double, of value: ConfigurationValue) throws(GatewayConfigurationError) {
    guard total <= 1 + 1e-9 else {
        let percent = (total * 1000).rounded() / 10
        throw value.error(.invalidValue, "the rates add up to \(percent)%, more than 100%")
    }
}
