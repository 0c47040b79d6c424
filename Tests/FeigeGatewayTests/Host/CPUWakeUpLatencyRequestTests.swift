import Foundation
import Testing

@testable import FeigeGateway

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The request writes its limit to the device as the kernel reads it, a 32-bit count of microseconds in the
/// machine's byte order, and holds while the file is open. Tests point it at a file of their own: writing the
/// real device would change how the machine's CPUs sleep while the suite runs.
@Suite("CPUWakeUpLatencyRequest")
struct CPUWakeUpLatencyRequestTests {
    @Test func writesTheLimitInMicrosecondsAndHoldsUntilReleased() throws {
        try withDevice { path in
            let request = try CPUWakeUpLatencyRequest(limit: .microseconds(50), path: path)
            #expect(request.isHeld)
            #expect(try written(at: path) == [50])
            request.release()
            #expect(!request.isHeld)
            request.release()
            #expect(!request.isHeld)
        }
    }

    @Test func zeroAndTheLargestLimitAreWrittenAsTheyAre() throws {
        try withDevice { path in
            _ = try CPUWakeUpLatencyRequest(limit: .zero, path: path)
            #expect(try written(at: path) == [0])
        }
        try withDevice { path in
            _ = try CPUWakeUpLatencyRequest(limit: CPUWakeUpLatencyRequest.maximumLimit, path: path)
            #expect(try written(at: path) == [Int32.max])
        }
    }

    @Test func aPartMicrosecondIsDropped() throws {
        try withDevice { path in
            _ = try CPUWakeUpLatencyRequest(limit: .nanoseconds(20_999), path: path)
            #expect(try written(at: path) == [20])
        }
    }

    @Test func aLimitOutsideTheKernelsRangeIsRefusedBeforeOpening() throws {
        try withDevice { path in
            for limit in [Duration.microseconds(-1), CPUWakeUpLatencyRequest.maximumLimit + .microseconds(1)] {
                #expect(throws: CPUWakeUpLatencyRequest.Error.limitOutOfRange(limit)) {
                    try CPUWakeUpLatencyRequest(limit: limit, path: path)
                }
            }
            let values = try written(at: path)
            #expect(values == [])
        }
    }

    @Test func aMissingDeviceIsUnavailable() {
        let path = "/nonexistent-\(UUID().uuidString)/cpu_dma_latency"
        #expect(throws: CPUWakeUpLatencyRequest.Error.unavailable(path: path)) {
            try CPUWakeUpLatencyRequest(limit: .zero, path: path)
        }
        #expect("\(CPUWakeUpLatencyRequest.Error.unavailable(path: path))".contains("does not exist"))
    }

    @Test func aDeviceThatCannotBeWrittenIsAnErrorNamingIt() throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent(UUID().uuidString).path
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: directory) }
        #expect(throws: CPUWakeUpLatencyRequest.Error.failed(path: directory, errno: EISDIR)) {
            try CPUWakeUpLatencyRequest(limit: .zero, path: directory)
        }
        let refused = CPUWakeUpLatencyRequest.Error.notPermitted(path: CPUWakeUpLatencyRequest.devicePath)
        #expect("\(refused)".contains("/dev/cpu_dma_latency") && "\(refused)".contains("root"))
    }

    /// sysfs refuses to open a read-only attribute for writing, even to root.
    @Test(.enabled(if: FileManager.default.fileExists(atPath: "/sys/kernel/notes")))
    func aDeviceThisProcessMayNotWriteIsNotPermitted() {
        #expect(throws: CPUWakeUpLatencyRequest.Error.notPermitted(path: "/sys/kernel/notes")) {
            try CPUWakeUpLatencyRequest(limit: .zero, path: "/sys/kernel/notes")
        }
    }

    // MARK: - Support

    /// Runs `body` with the path of an empty file standing in for the device.
    private func withDevice(_ body: (String) throws -> Void) throws {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("cpu-latency-\(UUID())").path
        #expect(FileManager.default.createFile(atPath: path, contents: nil))
        defer { try? FileManager.default.removeItem(atPath: path) }
        try body(path)
    }

    /// The 32-bit values written to `path`.
    private func written(at path: String) throws -> [Int32] {
        let data = try Data(contentsOf: URL(fileURLWithPath: path))
        return stride(from: 0, to: data.count - 3, by: 4).map { offset in
            data[offset..<offset + 4].withUnsafeBytes { $0.loadUnaligned(as: Int32.self) }
        }
    }
}
