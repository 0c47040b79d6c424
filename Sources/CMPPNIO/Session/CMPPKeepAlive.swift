import CMPPCore
import NIOCore

/// The link test of a long connection (§6 通信方式, §7.4.7 CMPP_ACTIVE_TEST; fact sheet §2).
///
/// "When the channel is idle" for C, send ACTIVE_TEST; with no answer within T send it again (same
/// Sequence_Id, as for any request, §11 #15); after N unanswered sends in all the link is dead. Idleness is
/// measured from the last frame *received*: any frame from the peer shows the link is alive, so it also
/// settles a probe in flight.
///
/// A pure value: instants come in as `NIODeadline`s.
struct CMPPKeepAlive {
    /// What the timer asks for.
    enum Action: Equatable {
        /// Nothing due yet.
        case none
        /// Write CMPP_ACTIVE_TEST with this Sequence_Id (a first send, or a resend of the same probe).
        case sendProbe(CMPPSequenceID, attempt: Int)
        /// N probes went unanswered: close the link (``CMPPSessionError/Code/heartbeatTimeout``).
        case linkDead(sends: Int)
    }

    private struct Probe {
        var sequenceID: CMPPSequenceID
        var sends: Int
        var deadline: NIODeadline
    }

    /// C.
    let idleInterval: TimeAmount
    /// T.
    let responseTimeout: TimeAmount
    /// N.
    let maximumSends: Int

    private var lastReceived: NIODeadline
    private var probe: Probe?

    init(idleInterval: TimeAmount, responseTimeout: TimeAmount, maximumSends: Int, now: NIODeadline) {
        self.idleInterval = idleInterval
        self.responseTimeout = responseTimeout
        self.maximumSends = max(1, maximumSends)
        self.lastReceived = now
    }

    /// Whether an ACTIVE_TEST of ours is waiting for its response.
    var isProbing: Bool { probe != nil }

    /// When ``timerFired(now:allocate:)`` next has something to do.
    var nextDeadline: NIODeadline {
        probe?.deadline ?? lastReceived + idleInterval
    }

    // MARK: - Incoming

    /// Any frame arrived from the peer at `now`: the link is alive.
    mutating func received(at now: NIODeadline) {
        lastReceived = now
        probe = nil
    }

    // MARK: - Timer

    /// The timer fired at `now`. `allocate` hands out the Sequence_Id for a new probe.
    mutating func timerFired(now: NIODeadline, allocate: () -> CMPPSequenceID) -> Action {
        if var probe {
            guard now >= probe.deadline else { return .none }
            guard probe.sends < maximumSends else { return .linkDead(sends: probe.sends) }
            probe.sends += 1
            probe.deadline = now + responseTimeout
            self.probe = probe
            return .sendProbe(probe.sequenceID, attempt: probe.sends)
        }
        guard now >= lastReceived + idleInterval else { return .none }
        let sequenceID = allocate()
        probe = Probe(sequenceID: sequenceID, sends: 1, deadline: now + responseTimeout)
        return .sendProbe(sequenceID, attempt: 1)
    }
}
