import Logging
import Synchronization

/// The gateway's back-pressure: how many MT recipients it has committed — their SUBMIT_RESP said Result 0
/// (§7.4.3.2) — but not yet handed to the ``GatewayDownstream``, and the limit at which new SUBMITs are
/// refused with SUBMIT_RESP Result 8, flow control error (流量控制错, §7.4.3.2).
///
/// Acceptance and dispatch run at their own speeds: SUBMITs are answered once the store commits them, and
/// the dispatcher hands them downstream after recording them as sent — through the same store writer. When
/// acceptance outruns dispatch (a slow downstream, a writer busy with SUBMIT commits), the dispatcher's
/// queue would grow without bound (issue #6: 4 durable links grew it to 182 MB RSS). With this bound the
/// gateway pushes back instead, the CMPP 2.0 way: Result 8 tells the SP to slow down and send again later,
/// as `CMPPClient` does after a back-off.
///
/// ### What is counted
/// Recipients, not SUBMITs: a SUBMIT to N recipients adds N, the work the downstream must take. Counted are
/// the messages queued in the dispatcher's inbox (committed SUBMITs, and those recovered from the store at
/// start) plus the batch it is recording as sent and handing downstream now. Not counted:
/// - Messages waiting in the dispatcher's schedule for a future At_Time (§7.4.3.1): they leave the backlog
///   when scheduled and enter it again when due. Their memory is a separate matter, bounded only by what
///   SPs schedule; this limit does not cover it.
/// - SUBMITs admitted but not yet committed: the store's group commit holds at most one event-loop tick's
///   SUBMITs per loop, each link at most its window W of them (§6), so the count can pass the limit by that
///   much before the gate closes.
///
/// ### Admission
/// The gateway asks ``admit()`` once per SUBMIT, after the account's own rate limiter. The gate closes when
/// the backlog reaches ``limit``, and opens again only once it has fallen below ``reopensBelow`` (90% of the
/// limit): near the limit it would otherwise open and close with every batch the dispatcher hands on, and the
/// SPs' SUBMITs would alternate between accepted and refused. While it is closed, a SUBMIT is answered Result 8
/// with Msg_Id 0, neither stored nor dispatched, and counted in ``refusedSubmits``. The gate's closing (its
/// first refusal) and its opening are each logged once at debug, never per SUBMIT.
///
/// ### Cost
/// Two relaxed atomic loads per admitted SUBMIT (the gate, the backlog), one atomic add when a committed batch
/// enters and one when a dispatched batch leaves; no lock.
///
/// ## Related types
/// ``GatewayConfiguration/maximumDispatchBacklog``, ``Gateway/dispatchBacklog``, ``SubmitRateLimiter``
/// (the per-account Result 8).
public final class DispatchBacklog: Sendable {
    /// The limit when none is configured: 100 000 recipients.
    ///
    /// An ``AcceptedMessage`` to one recipient with 140 bytes of content takes about 670 bytes (664 measured:
    /// its copy-on-write box of fields — a dozen strings, two dates, the content's `ByteBuffer`, the
    /// recipient array — the content's storage, the recipient array and an 18-digit Src_Id, with the
    /// allocator's overhead), plus 8 for its slot in the dispatcher's inbox. 100 000 such messages are
    /// ~70 MB; somewhat more with long fee fields, or where a message's content is a slice keeping part of a
    /// link's read buffer alive. A group send costs far less per recipient (one more number in its array).
    /// That is 2.5–5 s of the durable store's fastest acceptance (20–40k messages/s, docs/performance.md):
    /// a burst is absorbed, a downstream that keeps falling behind is pushed back on.
    public static let defaultLimit = 100_000

    /// The largest limit a configuration may set: 10 000 000 recipients, about 7 GB of queued messages by
    /// the arithmetic of ``defaultLimit`` — beyond that the bound no longer protects the machine.
    public static let maximumLimit = 10_000_000

    /// The backlog at which SUBMITs are refused.
    public let limit: Int
    /// The backlog a closed gate must fall below to open again: `limit − limit / 10` (the limit itself for a
    /// limit under 10).
    public let reopensBelow: Int
    private let recipients = Atomic<Int>(0)
    private let refusals = Atomic<Int>(0)
    /// Whether the gate has refused a SUBMIT since it last opened: its closing and opening are logged once.
    private let isClosed = Atomic<Bool>(false)
    private let logger: Logger

    /// An empty backlog refusing SUBMITs at `limit` recipients (at least 1).
    public init(limit: Int = DispatchBacklog.defaultLimit, logger: Logger) {
        self.limit = max(1, limit)
        self.reopensBelow = self.limit - self.limit / 10
        self.logger = logger
    }

    /// The recipients committed but not yet handed downstream.
    public var count: Int { recipients.load(ordering: .relaxed) }

    /// Whether a SUBMIT arriving now would be refused: at or above ``limit``, or, while the gate is closed, at
    /// or above ``reopensBelow``.
    public var isFull: Bool { count >= (isClosed.load(ordering: .relaxed) ? reopensBelow : limit) }

    /// How many SUBMITs have been answered Result 8 because the backlog was full, since the gateway started.
    public var refusedSubmits: Int { refusals.load(ordering: .relaxed) }

    // MARK: - Admission

    /// Whether a SUBMIT may be accepted: `false` when the backlog is at or above ``limit``, or the gate is
    /// closed and the backlog still at or above ``reopensBelow``; the refusal is counted (answer it Result 8).
    func admit() -> Bool {
        let current = recipients.load(ordering: .relaxed)
        if isClosed.load(ordering: .relaxed) {
            if current >= reopensBelow {
                refusals.wrappingAdd(1, ordering: .relaxed)
                return false
            }
            // The dispatcher logs the opening as the backlog falls; this catches a fall it raced with.
            noteOpened()
            return true
        }
        guard current >= limit else { return true }
        refusals.wrappingAdd(1, ordering: .relaxed)
        if isClosed.compareExchange(expected: false, desired: true, ordering: .relaxed).exchanged {
            logger.debug(
                "dispatch backlog full: SUBMITs answered Result 8",
                metadata: ["feige.backlog": "\(count)", "feige.backlog.limit": "\(limit)"]
            )
        }
        return false
    }

    // MARK: - Dispatch

    /// `count` recipients entered the backlog (committed, or due again from the schedule).
    func enter(_ count: Int) {
        guard count != 0 else { return }
        recipients.wrappingAdd(count, ordering: .relaxed)
    }

    /// `count` recipients left the backlog (handed downstream, expired, or scheduled for later).
    func leave(_ count: Int) {
        guard count != 0 else { return }
        let remaining = recipients.wrappingSubtract(count, ordering: .relaxed).newValue
        if remaining < reopensBelow, isClosed.load(ordering: .relaxed) { noteOpened() }
    }

    private func noteOpened() {
        guard isClosed.compareExchange(expected: true, desired: false, ordering: .relaxed).exchanged else { return }
        logger.debug(
            "dispatch backlog below 90% of its limit: SUBMITs accepted again",
            metadata: ["feige.backlog": "\(count)", "feige.refused": "\(refusedSubmits)"]
        )
    }
}
