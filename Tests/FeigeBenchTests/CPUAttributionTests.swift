import FeigeBench
import NIOCore
import NIOPosix
import Testing

@Suite("CPU attribution")
struct CPUAttributionTests {
    @Test func splitsTheProcessBetweenGatewayLoopsClientLoopsAndTheRest() {
        let start = CPUSample(processSeconds: 10, gatewayLoopSeconds: 4, clientLoopSeconds: 2)
        let end = CPUSample(processSeconds: 16, gatewayLoopSeconds: 7, clientLoopSeconds: 3.5)
        let cpu = CPUAttribution.between(start, end)
        #expect(cpu.processSeconds == 6)
        #expect(cpu.gatewayLoopSeconds == 3)
        #expect(cpu.clientLoopSeconds == 1.5)
        #expect(cpu.otherSeconds == 1.5)
        // The rest of the process is the gateway's dispatcher and store: the client's tasks run on its loops.
        #expect(cpu.clientSeconds == 1.5)
        #expect(cpu.gatewaySeconds == 4.5)
    }

    @Test func aRemoteGatewayLeavesTheWholeProcessToTheClient() {
        let start = CPUSample(processSeconds: 1, gatewayLoopSeconds: nil, clientLoopSeconds: 0.5)
        let end = CPUSample(processSeconds: 3, gatewayLoopSeconds: nil, clientLoopSeconds: 1.5)
        let cpu = CPUAttribution.between(start, end)
        #expect(cpu.gatewaySeconds == nil)
        #expect(cpu.clientSeconds == 2)
        #expect(cpu.otherSeconds == 1)
    }

    @Test func unreadableThreadsMakeTheSplitUnknown() {
        let cpu = CPUAttribution.between(
            CPUSample(processSeconds: 1, gatewayLoopSeconds: 1, clientLoopSeconds: nil),
            CPUSample(processSeconds: 2, gatewayLoopSeconds: 1.5, clientLoopSeconds: 1)
        )
        #expect(cpu.clientLoopSeconds == nil)
        #expect(cpu.otherSeconds == nil)
        #expect(cpu.gatewaySeconds == nil)
        #expect(cpu.clientSeconds == 1)
    }

    #if os(Linux)
    @Test func findsOneThreadPerLoop() async throws {
        let group = MultiThreadedEventLoopGroup(numberOfThreads: 2)
        let threads = try await EventLoopThreads.of(group)
        #expect(threads.threadIDs.count == 2)
        #expect(Set(threads.threadIDs).count == 2)
        #expect(threads.cpuSeconds() != nil)
        try await group.shutdownGracefully()
    }
    #endif
}
