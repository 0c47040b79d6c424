import CMPPCore
import NIOCore

/// Who waits for the response to one of our requests on a link (§6 通信方式: each request is answered by
/// the response with its Sequence_Id): the `Context` ``CMPPSessionHandler`` attaches to every request in
/// its ``CMPPRequestWindow``.
///
/// - ``promise(_:)``: a request written through the pipeline (``CMPPSessionHandler/Command/request(_:_:)``)
///   or made with ``CMPPSessionLink/requestFuture(_:)``.
/// - ``continuation(_:)``: a caller of ``CMPPSessionLink/request(_:)`` suspended off the event loop. The
///   response resumes it straight from the loop, with no promise and no callback closure per request.
///
/// Complete it exactly once, on the event loop: the window holds each receiver once and hands it back once
/// (response, failure after N sends, withdrawal or link loss).
enum CMPPResponseReceiver {
    case promise(EventLoopPromise<CMPPMessage>)
    case continuation(UnsafeContinuation<CMPPMessage, any Error>)

    /// Delivers the response.
    func succeed(_ response: CMPPMessage) {
        switch self {
        case .promise(let promise): promise.succeed(response)
        case .continuation(let continuation): continuation.resume(returning: response)
        }
    }

    /// Fails the request with `error` (a ``CMPPSessionError``, or the `CMPPError` of a request that does not
    /// encode).
    func fail(_ error: any Error) {
        switch self {
        case .promise(let promise): promise.fail(error)
        case .continuation(let continuation): continuation.resume(throwing: error)
        }
    }
}
