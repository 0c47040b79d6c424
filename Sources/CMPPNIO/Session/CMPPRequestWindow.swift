import CMPPCore
import NIOCore

/// Our outbound requests on one link: the sliding window W, Sequence_Id allocation, and the T/N resend
/// rule (§6 通信方式, fact sheet §2).
///
/// A pure value: no channel, no clock. Instants come in as `NIODeadline`s, so tests drive it with
/// made-up times.
///
/// - At most W requests are in flight. A request beyond that waits in a FIFO queue (the caller waits;
///   it is not failed) and is released, in order, as responses free slots.
/// - Slots are a fixed array of W entries indexed by `Sequence_Id % W`; allocation walks the wrapping
///   Sequence_Id counter forward, skipping values whose slot is taken, so a response finds its request in
///   O(1) with no dictionary.
/// - There is no timer per request: ``nextDeadline`` is the earliest in-flight deadline, and
///   ``timerFired(now:)`` resends the same frame (same Sequence_Id, §11 #15) to each request whose T
///   expired, or fails it after N sends in all with ``CMPPSessionError/Code/responseTimeout``.
///
/// `Context` is what the caller attaches to a request (a promise in the handler, a number in tests).
struct CMPPRequestWindow<Context> {
    /// One request in flight.
    private struct Slot {
        var frame: CMPPFrame
        var expectedResponse: CMPPMessage.CommandID
        var context: Context
        var sends: Int
        var deadline: NIODeadline
        /// When it entered the window, to hand requests back in order on link loss.
        var order: UInt64
    }

    /// A request waiting for a slot.
    private struct Queued {
        var message: CMPPMessage
        var context: Context
    }

    /// A request released to the wire: write `frame` now. It is due a response by `deadline`.
    struct Send {
        var frame: CMPPFrame
        var deadline: NIODeadline
    }

    /// What ``enqueue(_:context:now:)`` did with a request.
    enum EnqueueResult {
        /// Write the frame: the request holds a slot.
        case send(Send)
        /// The window is full (or paused): the request waits its turn.
        case queued
    }

    /// What a response did.
    enum ResponseResult {
        /// The response answers the request with `context`; `next` is a queued request released into
        /// the freed slot, to write now.
        case matched(Context, CMPPMessage, request: CMPPMessage.CommandID, next: Send?)
        /// No request in flight has this Sequence_Id (a late answer to a failed request, or the peer's
        /// mistake): ignored.
        case unknownSequenceID(CMPPSequenceID)
        /// A request has this Sequence_Id but expects another response Command_Id: ignored, the request
        /// stays in flight.
        case unexpectedCommand(CMPPSequenceID, expected: CMPPMessage.CommandID, received: CMPPMessage.CommandID)
    }

    /// What a timer expiry asks for.
    struct Expiry {
        /// Frames to write again, unchanged (same Sequence_Id).
        var resends: [CMPPFrame] = []
        /// Requests that got no response after N sends, with the error to fail them with.
        var failures: [(Context, CMPPSessionError)] = []
        /// Queued requests released into the slots the failures freed.
        var sends: [Send] = []
    }

    /// A request the link loss abandoned.
    struct Abandoned {
        var context: Context
        var commandID: CMPPMessage.CommandID
        /// `nil` for a request that never left the queue.
        var sequenceID: CMPPSequenceID?
        /// Whether it was written at least once (and so may have reached the peer).
        var wasSent: Bool
    }

    private var slots: [Slot?]
    private var queue: CircularBuffer<Queued>
    private var nextSequenceID: CMPPSequenceID
    private var nextOrder: UInt64 = 0
    /// The number of non-`nil` slots.
    private(set) var inFlightCount: Int = 0
    /// While paused (before login), requests are queued, not sent.
    private(set) var isPaused: Bool

    /// W.
    let capacity: Int
    /// T.
    let responseTimeout: TimeAmount
    /// N: sends in all.
    let maximumSends: Int

    /// - Parameters:
    ///   - firstSequenceID: the first Sequence_Id handed out; 1 by default (some peers treat 0 as unset).
    ///   - paused: start paused (the link is not logged in yet); see ``resume(now:)``.
    init(
        capacity: Int,
        responseTimeout: TimeAmount,
        maximumSends: Int,
        firstSequenceID: CMPPSequenceID = 1,
        paused: Bool = false
    ) {
        precondition(capacity > 0, "the window W must be at least 1")
        self.capacity = capacity
        self.responseTimeout = responseTimeout
        self.maximumSends = max(1, maximumSends)
        self.slots = Array(repeating: nil, count: capacity)
        self.queue = CircularBuffer(initialCapacity: capacity)
        self.nextSequenceID = firstSequenceID
        self.isPaused = paused
    }

    /// Requests waiting for a slot.
    var queuedCount: Int { queue.count }

    /// No request in flight or queued.
    var isEmpty: Bool { inFlightCount == 0 && queue.isEmpty }

    /// The earliest deadline of a request in flight: when to call ``timerFired(now:)``. O(W), so the
    /// caller asks after a timer fires, not per request.
    var nextDeadline: NIODeadline? {
        guard inFlightCount > 0 else { return nil }
        var earliest: NIODeadline?
        for slot in slots {
            if let slot, earliest.map({ slot.deadline < $0 }) ?? true {
                earliest = slot.deadline
            }
        }
        return earliest
    }

    // MARK: - Sequence IDs

    /// Hands out the next Sequence_Id whose slot is free and advances the counter (wrapping at
    /// `UInt32.max`, §7.3 "循环使用"). Also used for requests outside the window (CONNECT, ACTIVE_TEST,
    /// TERMINATE), so their Sequence_Ids never collide with one in flight.
    mutating func allocateSequenceID() -> CMPPSequenceID {
        // A free slot exists within W steps when fewer than W are in flight; when all are taken (a control
        // request on a full window) the value is still unique, as no slot holds it.
        for _ in 0..<capacity {
            let candidate = nextSequenceID
            nextSequenceID = candidate.next
            if slots[slotIndex(candidate)] == nil {
                return candidate
            }
        }
        let candidate = nextSequenceID
        nextSequenceID = candidate.next
        return candidate
    }

    @inline(__always)
    private func slotIndex(_ sequenceID: CMPPSequenceID) -> Int {
        Int(sequenceID.rawValue % UInt32(truncatingIfNeeded: capacity))
    }

    // MARK: - Outgoing

    /// A new request: sent at once if a slot is free and nothing waits before it, else queued.
    mutating func enqueue(_ message: CMPPMessage, context: Context, now: NIODeadline) -> EnqueueResult {
        guard !isPaused, queue.isEmpty, inFlightCount < capacity else {
            queue.append(Queued(message: message, context: context))
            return .queued
        }
        return .send(occupySlot(message: message, context: context, now: now))
    }

    /// Unpauses (the link logged in) and releases queued requests into the free slots, in order.
    mutating func resume(now: NIODeadline) -> [Send] {
        isPaused = false
        var sends: [Send] = []
        while inFlightCount < capacity, let queued = queue.popFirstIfPresent() {
            sends.append(occupySlot(message: queued.message, context: queued.context, now: now))
        }
        return sends
    }

    private mutating func occupySlot(message: CMPPMessage, context: Context, now: NIODeadline) -> Send {
        let sequenceID = allocateSequenceID()
        let frame = CMPPFrame(sequenceID: sequenceID, message: message)
        let deadline = now + responseTimeout
        let commandID = message.commandID
        slots[slotIndex(sequenceID)] = Slot(
            frame: frame,
            expectedResponse: commandID.response ?? commandID,
            context: context,
            sends: 1,
            deadline: deadline,
            order: nextOrder
        )
        nextOrder &+= 1
        inFlightCount += 1
        return Send(frame: frame, deadline: deadline)
    }

    /// Takes back a request that could not be written (it failed to encode): frees its slot and returns
    /// its context, plus the next queued request released into the slot.
    mutating func withdraw(_ sequenceID: CMPPSequenceID, now: NIODeadline) -> (Context, next: Send?)? {
        guard let slot = takeSlot(sequenceID) else { return nil }
        return (slot.context, releaseNext(now: now))
    }

    // MARK: - Incoming

    /// A response from the peer: a request-type Command_Id is never passed here.
    mutating func receivedResponse(_ frame: CMPPFrame, now: NIODeadline) -> ResponseResult {
        let index = slotIndex(frame.sequenceID)
        guard let slot = slots[index], slot.frame.sequenceID == frame.sequenceID else {
            return .unknownSequenceID(frame.sequenceID)
        }
        let received = frame.message.commandID
        guard slot.expectedResponse == received else {
            return .unexpectedCommand(frame.sequenceID, expected: slot.expectedResponse, received: received)
        }
        slots[index] = nil
        inFlightCount -= 1
        return .matched(slot.context, frame.message, request: slot.frame.message.commandID, next: releaseNext(now: now))
    }

    /// The timer fired at `now`: every request whose deadline passed is resent (same frame), or failed
    /// after its N-th send.
    mutating func timerFired(now: NIODeadline) -> Expiry {
        var expiry = Expiry()
        guard inFlightCount > 0 else { return expiry }
        for index in slots.indices {
            guard var slot = slots[index], slot.deadline <= now else { continue }
            if slot.sends >= maximumSends {
                slots[index] = nil
                inFlightCount -= 1
                let error = CMPPSessionError.responseTimeout(
                    slot.frame.message.commandID,
                    sequenceID: slot.frame.sequenceID,
                    sends: slot.sends
                )
                expiry.failures.append((slot.context, error))
            } else {
                slot.sends += 1
                slot.deadline = now + responseTimeout
                expiry.resends.append(slot.frame)
                slots[index] = slot
            }
        }
        while let send = releaseNext(now: now) {
            expiry.sends.append(send)
        }
        return expiry
    }

    /// The link is gone: every request in flight (in the order they were sent) then every one queued, for
    /// the caller to fail.
    mutating func linkLost() -> [Abandoned] {
        var abandoned: [Abandoned] = []
        abandoned.reserveCapacity(inFlightCount + queue.count)
        let inFlight = slots.compactMap { $0 }.sorted { $0.order < $1.order }
        slots = Array(repeating: nil, count: capacity)
        for slot in inFlight {
            abandoned.append(
                Abandoned(
                    context: slot.context,
                    commandID: slot.frame.message.commandID,
                    sequenceID: slot.frame.sequenceID,
                    wasSent: true
                )
            )
        }
        inFlightCount = 0
        while let queued = queue.popFirstIfPresent() {
            abandoned.append(
                Abandoned(context: queued.context, commandID: queued.message.commandID, sequenceID: nil, wasSent: false)
            )
        }
        return abandoned
    }

    private mutating func takeSlot(_ sequenceID: CMPPSequenceID) -> Slot? {
        let index = slotIndex(sequenceID)
        guard let slot = slots[index], slot.frame.sequenceID == sequenceID else { return nil }
        slots[index] = nil
        inFlightCount -= 1
        return slot
    }

    private mutating func releaseNext(now: NIODeadline) -> Send? {
        guard !isPaused, inFlightCount < capacity, let queued = queue.popFirstIfPresent() else { return nil }
        return occupySlot(message: queued.message, context: queued.context, now: now)
    }
}

extension CircularBuffer {
    fileprivate mutating func popFirstIfPresent() -> Element? {
        isEmpty ? nil : removeFirst()
    }
}
