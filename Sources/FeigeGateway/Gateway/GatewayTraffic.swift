import Synchronization

/// Counts what the gateway receives from SPs, for what watches how busy it is (``WakeUpLatencyHolder``).
/// One relaxed atomic increment per SUBMIT, on the event loop that received it.
final class GatewayTraffic: Sendable {
    private let submits = Atomic<Int>(0)

    /// SUBMITs received so far, admitted or not.
    var submitsReceived: Int { submits.load(ordering: .relaxed) }

    /// Counts one SUBMIT received.
    func receivedSubmit() {
        submits.add(1, ordering: .relaxed)
    }
}
