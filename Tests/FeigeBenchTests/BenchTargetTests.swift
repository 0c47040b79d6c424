import FeigeBench
import Testing

@Suite("BenchTarget")
struct BenchTargetTests {
    @Test func readsEmbeddedAndHostPort() throws {
        #expect(try BenchTarget(parsing: "embedded") == .embedded)
        #expect(try BenchTarget(parsing: "127.0.0.1:7890") == .remote(host: "127.0.0.1", port: 7890))
        #expect(try BenchTarget(parsing: "ismg.example:1") == .remote(host: "ismg.example", port: 1))
        #expect(try BenchTarget(parsing: "[::1]:7890") == .remote(host: "::1", port: 7890))
    }

    @Test func describesItselfAsItIsWritten() throws {
        #expect(BenchTarget.embedded.description == "embedded")
        #expect(BenchTarget.remote(host: "::1", port: 7890).description == "[::1]:7890")
        #expect(BenchTarget.remote(host: "10.0.0.1", port: 7890).description == "10.0.0.1:7890")
    }

    @Test(arguments: [
        "", "host", "host:", ":7890", "host:0", "host:65536", "host:port", "::1:7890", "[::1]", "[::1]7890",
    ])
    func refusesAnythingElse(_ text: String) {
        #expect(throws: BenchConfigurationError.invalidTarget(text)) { try BenchTarget(parsing: text) }
    }
}
