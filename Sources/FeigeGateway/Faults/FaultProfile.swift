import CMPPCore

/// The faults the gateway injects for one account in simulator mode (issue #5 §8), so an SP can test its
/// client against what real gateways do: lost and late responses, error Results, dropped links and
/// duplicate status reports.
///
/// Every rate is per event: per received request for ``dropResponses``, ``delayResponses`` and
/// ``closeLink``, per SUBMIT for ``forcedResults``, per status report for ``duplicateReports``.
/// ``none`` injects nothing and costs no random draws.
///
/// ### Examples
/// ```yaml
/// faults:
///   drop_responses: 1%            # no SUBMIT_RESP at all: the SP must resend after T (§6)
///   delay_responses: { rate: 5%, delay: 2s..8s }
///   forced_results: { 8: 2%, 13: 0.5% }   # flow control error; Dest_terminal_Id error
///   close_link: 0.1%              # the TCP link is closed instead of answering
///   duplicate_reports: 1%         # the status report is delivered twice
/// ```
///
/// ## Related types
/// ``FaultInjector`` draws the decisions; ``FaultDecision`` is what it decides.
public struct FaultProfile: Hashable, Sendable {
    /// A response delayed by a drawn time.
    public struct ResponseDelay: Hashable, Sendable {
        /// How often a response is delayed.
        public var probability: Probability
        /// By how much.
        public var delay: SimulatedDelay

        public init(probability: Probability, delay: SimulatedDelay) {
            self.probability = probability
            self.delay = delay
        }
    }

    /// How often a request gets no response at all.
    public var dropResponses: Probability
    /// How often, and by how much, a response is delayed.
    public var delayResponses: ResponseDelay?
    /// Results a SUBMIT_RESP carries instead of 0, each at its rate (§7.4.3.2 Result table).
    public var forcedResults: [WeightedOutcome<CMPPResult>]
    /// How often the link is closed on receiving a request, instead of answering it.
    public var closeLink: Probability
    /// How often a status report is delivered twice.
    public var duplicateReports: Probability

    /// No faults.
    public static let none = FaultProfile()

    public init(
        dropResponses: Probability = .never,
        delayResponses: ResponseDelay? = nil,
        forcedResults: [WeightedOutcome<CMPPResult>] = [],
        closeLink: Probability = .never,
        duplicateReports: Probability = .never
    ) {
        self.dropResponses = dropResponses
        self.delayResponses = delayResponses
        self.forcedResults = forcedResults
        self.closeLink = closeLink
        self.duplicateReports = duplicateReports
    }

    /// Whether the profile injects nothing.
    public var isNone: Bool {
        dropResponses.isNever && (delayResponses?.probability.isNever ?? true)
            && forcedResults.allSatisfy(\.probability.isNever) && closeLink.isNever && duplicateReports.isNever
    }
}
