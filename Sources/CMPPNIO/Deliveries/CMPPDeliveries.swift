import NIOConcurrencyHelpers
import NIOCore

/// The MO messages and status reports the ISMG delivers to the SP (CMPP_DELIVER, §7.4.5.1), from all of a
/// ``CMPPClient``'s links, in arrival order (a long MO message when its last part arrives).
///
/// ## At-least-once
/// The client answers each DELIVER with DELIVER_RESP (Result 0) only when this sequence's iterator hands the
/// delivery over, that is when ``AsyncIterator/next()`` returns it; the parts of a long message are all
/// answered when the merged message is handed over. Until then the ISMG keeps the DELIVER unanswered, and
/// after T (60 s) sends it again (§6.2). So a crash, or a dropped iterator, between the ISMG's send and the
/// hand-over loses nothing: the ISMG resends. The price is that duplicates are possible: a delivery handed
/// over just before a crash, or whose DELIVER_RESP was lost, comes again. Make processing idempotent on the
/// Msg_Ids (``CMPPMOMessage/messageIDs``, ``CMPPDeliveryReport/deliverMessageID``).
///
/// ## Back-pressure
/// While the consumer lags, deliveries wait in a buffer and their DELIVER_RESPs wait with them. Every link
/// answers at most W (the window, 16) of the ISMG's requests at a time, so once W DELIVERs of a link wait
/// unanswered the link stops reading and the ISMG stops sending: the buffer never holds more than K × W
/// DELIVERs.
///
/// ## One consumer
/// Iterate once. A second iterator made from the same client ends at once (returns `nil`); it does not share
/// or steal deliveries.
public struct CMPPDeliveries: AsyncSequence, Sendable {
    public typealias Element = CMPPClientDelivery

    typealias Producer = NIOAsyncSequenceProducer<
        CMPPPendingDelivery,
        NIOAsyncSequenceProducerBackPressureStrategies.HighLowWatermark,
        CMPPDeliveriesDelegate
    >

    private let producer: Producer
    private let claimed: NIOLockedValueBox<Bool>

    init(producer: Producer, claimed: NIOLockedValueBox<Bool>) {
        self.producer = producer
        self.claimed = claimed
    }

    public func makeAsyncIterator() -> AsyncIterator {
        let first = claimed.withLockedValue { claimed in
            defer { claimed = true }
            return !claimed
        }
        return AsyncIterator(inner: first ? producer.makeAsyncIterator() : nil)
    }

    /// Hands over one delivery at a time, answering its DELIVER(s) as it does.
    public struct AsyncIterator: AsyncIteratorProtocol {
        private let inner: Producer.AsyncIterator?

        init(inner: Producer.AsyncIterator?) {
            self.inner = inner
        }

        /// The next delivery, or `nil` once the client has shut down. Sends the DELIVER_RESP(s) for it.
        public mutating func next() async -> CMPPClientDelivery? {
            guard let inner, let pending = await inner.next() else { return nil }
            pending.handOver()
            return pending.delivery
        }
    }
}

/// A delivery waiting in the buffer, with what handing it over does: answer its DELIVER(s).
struct CMPPPendingDelivery: Sendable {
    var delivery: CMPPClientDelivery
    var handOver: @Sendable () -> Void
}

/// The buffer's delegate. Demand needs no action here: the links' inbound windows pace the ISMG, since every
/// buffered delivery holds its DELIVER_RESP.
struct CMPPDeliveriesDelegate: NIOAsyncSequenceProducerDelegate {
    func produceMore() {}
    func didTerminate() {}
}
