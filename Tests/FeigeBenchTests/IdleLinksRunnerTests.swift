import FeigeBench
import Logging
import Testing

@Suite("IdleLinksRunner")
struct IdleLinksRunnerTests {
    let logger = Logger(label: "test.bench", factory: { _ in SwiftLogNoOpLogHandler() })

    @Test func opensMoreLinksThanTheDemoAccountNormallyAllows() async throws {
        // The demo account admits 8 by default; the bench raises the embedded gateway's limit to N.
        let runner = IdleLinksRunner(configuration: BenchConfiguration(store: .memory), count: 20, logger: logger)
        let result = try await runner.run()
        #expect(result.requested == 20 && result.opened == 20 && result.failure == nil)
        #expect(result.target == "embedded" && result.store == "memory")
        #expect(result.openFileLimit >= 20 * 2)
        #if os(Linux)
        #expect(result.rssBeforeBytes != nil && result.rssAfterBytes != nil && result.rssBytesPerLink != nil)
        #endif
    }

    @Test func aRefusedLoginFailsTheRun() async throws {
        let runner = IdleLinksRunner(
            configuration: BenchConfiguration(spID: "999999", store: .memory),
            count: 3,
            logger: logger
        )
        await #expect {
            _ = try await runner.run()
        } throws: { error in
            guard case BenchError.loginRefused = error else { return false }
            return true
        }
    }

    @Test func refusesZeroLinks() async throws {
        await #expect(throws: BenchConfigurationError.tooSmall(option: "--idle-links", value: 0, minimum: 1)) {
            _ = try await IdleLinksRunner(configuration: BenchConfiguration(), count: 0, logger: logger).run()
        }
    }
}
