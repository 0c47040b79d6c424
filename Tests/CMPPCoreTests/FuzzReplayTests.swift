import CMPPCore
import Foundation
import NIOCore
import Testing

/// Replays the fuzzer's kept crashers and feeds seeded random bytes to every decoder: bad input must give a
/// `CMPPError` or a value, never a crash or a hang (STYLE C.14 g).
@Suite("Robustness")
struct FuzzReplayTests {
    static let failCasesURL = packageRoot.appendingPathComponent("FuzzTesting/FailCases")

    static var failCases: [URL] {
        let files = (try? FileManager.default.contentsOfDirectory(at: failCasesURL, includingPropertiesForKeys: nil)) ?? []
        return files.filter { !$0.lastPathComponent.hasPrefix(".") }.sorted { $0.path < $1.path }
    }

    /// What the fuzz target does with one input.
    static func exercise(_ bytes: [UInt8]) {
        var stream = ByteBuffer(bytes: bytes)
        var decoder = CMPPFrameDecoder()
        while stream.readableBytes > 0 {
            do {
                guard let frame = try decoder.decode(buffer: &stream) else { break }
                expectRoundTrip(frame)
            } catch let error as CMPPError {
                if error.code == .frameTooShort || error.code == .frameTooLong { break }
            } catch {
                Issue.record("not a CMPPError: \(error)")
                return
            }
        }
        for command in CMPPMessage.CommandID.allCases {
            var body = ByteBuffer(bytes: bytes)
            do {
                let message = try CMPPMessage.decode(commandID: command.rawValue, body: &body)
                expectRoundTrip(CMPPFrame(sequenceID: 1, message: message))
            } catch is CMPPError {
                continue
            } catch {
                Issue.record("not a CMPPError: \(error)")
            }
        }
    }

    static func expectRoundTrip(_ frame: CMPPFrame) {
        _ = frame.message.fields
        var encoded = ByteBuffer()
        guard (try? encoded.writeCMPPFrame(frame)) != nil else { return }
        do {
            #expect(try CMPPFrame(decoding: encoded) == frame)
        } catch {
            Issue.record("a frame we encoded does not decode: \(error)")
        }
    }

    @Test func failCasesFolderExists() {
        #expect(FileManager.default.fileExists(atPath: Self.failCasesURL.path))
    }

    @Test(arguments: failCases)
    func replay(_ file: URL) throws {
        Self.exercise(Array(try Data(contentsOf: file)))
    }

    @Test func seededRandomBytes() {
        var generator = SplitMix64(seed: 0xC3_3D_20)
        for index in 0..<4000 {
            let length = Int(generator.next() % 200)
            var bytes = (0..<length).map { _ in UInt8(truncatingIfNeeded: generator.next()) }
            // Every other input gets a plausible header so the body decoders are reached through the framer.
            if index % 2 == 0, bytes.count >= 12 {
                let commands = CMPPMessage.CommandID.allCases
                let command = commands[Int(generator.next() % UInt64(commands.count))].rawValue
                let length = UInt32(bytes.count)
                bytes.replaceSubrange(0..<8, with: withUnsafeBytes(of: length.bigEndian, Array.init) + withUnsafeBytes(of: command.bigEndian, Array.init))
            }
            Self.exercise(bytes)
        }
    }
}

/// A small seeded generator, so the random-bytes test is the same on every run.
struct SplitMix64: RandomNumberGenerator {
    var state: UInt64

    init(seed: UInt64) {
        state = seed
    }

    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}
