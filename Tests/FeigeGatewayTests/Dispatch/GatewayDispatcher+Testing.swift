import CMPPCore
import Foundation

@testable import FeigeGateway

extension GatewayDispatcher {
    /// A dispatcher for tests: the demo account, the fixtures' gateway code, nothing logged and nobody told of
    /// outbox changes.
    static func forTesting(
        store: any GatewayStore,
        downstream: any GatewayDownstream,
        backlog: DispatchBacklog = DispatchBacklog(limit: 100, logger: quietLogger),
        now: @escaping @Sendable () -> Date = { Date() },
        scheduleHorizon: Duration = GatewayDispatcher.scheduleHorizon,
        passInterval: Duration = GatewayDispatcher.minimumPassInterval
    ) throws -> GatewayDispatcher {
        GatewayDispatcher(
            store: store,
            downstream: downstream,
            directory: try AccountDirectory(accounts: [.demo]),
            generator: try CMPPMessageIDGenerator(gateway: Fixture.gateway),
            backlog: backlog,
            logger: quietLogger,
            now: now,
            scheduleHorizon: scheduleHorizon,
            passInterval: passInterval,
            outboxChanged: { _ in }
        )
    }
}
