import CMPPCore

/// Draws the fault decisions of one account's ``FaultProfile``, one event at a time, from its own random
/// number generator: with a ``SeedableRandomNumberGenerator`` the same seed gives the same faults.
///
/// A value type: each link (or task) owns one and calls its mutating `decide…` methods. With
/// ``FaultProfile/none`` every method returns the normal decision without drawing.
///
/// For a request the draws are, in order: close the link (``FaultProfile/closeLink``), drop the
/// response (``FaultProfile/dropResponses``), a forced Result (SUBMIT only), and a delay. Closing and
/// dropping end the decision, so each later rate applies to the requests the earlier faults spared:
/// with 1 % closures and 10 % drops, 9.9 % of all requests lose their response.
public struct FaultInjector<RNG: RandomNumberGenerator> {
    /// The profile decided from.
    public let profile: FaultProfile
    /// The generator drawn from.
    public private(set) var rng: RNG
    private let isIdle: Bool

    public init(profile: FaultProfile, rng: RNG) {
        self.profile = profile
        self.rng = rng
        self.isIdle = profile.isNone
    }

    /// The decision for a received CMPP_SUBMIT: every fault, forced Results included.
    public mutating func decideForSubmit() -> FaultDecision {
        decide(forcingResults: true)
    }

    /// The decision for any other received request (QUERY, CANCEL, ACTIVE_TEST, …): every fault but forced
    /// Results, which only SUBMIT_RESP carries.
    public mutating func decideForRequest() -> FaultDecision {
        decide(forcingResults: false)
    }

    /// The decision for a status report about to be delivered to the SP.
    public mutating func decideForStatusReport() -> StatusReportFaultDecision {
        if isIdle { return .deliver }
        return profile.duplicateReports.occurs(using: &rng) ? .deliverTwice : .deliver
    }

    private mutating func decide(forcingResults: Bool) -> FaultDecision {
        if isIdle { return .noFault }
        if profile.closeLink.occurs(using: &rng) { return .closeLink }
        if profile.dropResponses.occurs(using: &rng) { return .dropResponse }
        let forcedResult = forcingResults ? profile.forcedResults.drawOutcome(using: &rng) : nil
        var delay: Duration?
        if let delayResponses = profile.delayResponses, delayResponses.probability.occurs(using: &rng) {
            delay = delayResponses.delay.draw(using: &rng)
        }
        return .respond(forcedResult: forcedResult, delay: delay)
    }
}

extension FaultInjector: Sendable where RNG: Sendable {}
