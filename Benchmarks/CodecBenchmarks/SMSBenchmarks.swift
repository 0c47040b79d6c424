import Foundation
import SMSCodec

/// SMS PDU codec benchmarks: decode and encode of a full concatenated SMS-DELIVER part, in messages per second.
///
/// Decoding starts from octets (`[UInt8]`), the hot API; the hex variant adds `PDUHex` on top. "decode+text" also
/// turns the user data into a `String`, as a gateway forwarding the text does.
func runSMSBenchmarks() throws {
    var gsm7Header = UserDataHeader()
    gsm7Header.concatenation = SMSConcatenation(reference: 0x42, total: 2, sequence: 1)
    let gsm7Text = String(repeating: "Hello World! ", count: 12).prefix(153)
    let gsm7 = SMSPDU(
        serviceCentre: SMSAddress("+8613800280500"),
        tpdu: .deliver(
            SMSDeliver(
                originator: SMSAddress("+8613880982844"),
                serviceCentreTimestamp: SMSTimestamp(year: 2026, month: 11, day: 21, hour: 6, minute: 13, second: 9),
                userData: UserData(header: gsm7Header, alphabet: .gsm7, body: try GSM7Alphabet().septets(for: gsm7Text))
            )
        )
    )
    var ucs2Header = gsm7Header
    ucs2Header.concatenation = SMSConcatenation(reference: 0x43, total: 2, sequence: 1)
    let ucs2Text = String(repeating: "这是一条测试短信", count: 9).prefix(67)
    var ucs2 = gsm7
    ucs2.tpdu = .deliver(
        SMSDeliver(
            originator: SMSAddress("+8613880982844"),
            serviceCentreTimestamp: SMSTimestamp(year: 2026, month: 11, day: 21, hour: 6, minute: 13, second: 9),
            userData: UserData(header: ucs2Header, alphabet: .ucs2, body: UCS2.encode(ucs2Text))
        )
    )
    for (name, pdu) in [("gsm7 153 septets", gsm7), ("ucs2 67 chars", ucs2)] {
        let bytes = try pdu.encoded()
        let hex = PDUHex.encode(bytes)
        measure("sms-deliver decode \(name)", iterations: 2_000_000) {
            guard let decoded = try? SMSPDU(bytes: bytes, direction: .fromNetwork) else { return 0 }
            return decoded.tpdu.userData?.body.count ?? 0
        }
        measure("sms-deliver decode+text \(name)", iterations: 1_000_000) {
            guard let decoded = try? SMSPDU(bytes: bytes, direction: .fromNetwork) else { return 0 }
            return (try? decoded.tpdu.text())?.utf8.count ?? 0
        }
        measure("sms-deliver decode hex \(name)", iterations: 1_000_000) {
            guard let decoded = try? SMSPDU(hex: hex, direction: .fromNetwork) else { return 0 }
            return decoded.tpdu.userData?.body.count ?? 0
        }
        measure("sms-deliver encode \(name)", iterations: 1_000_000) {
            (try? pdu.encoded())?.count ?? 0
        }
        measure("sms-deliver encode hex \(name)", iterations: 1_000_000) {
            (try? pdu.pduMode())?.cmgsLength ?? 0
        }
    }
}

/// Runs `body` `iterations` times and prints the rate. For profiling, `FEIGE_BENCH_FILTER` keeps only the
/// benchmarks whose name contains it and `FEIGE_BENCH_ITERATIONS` overrides the count (e.g. under callgrind).
private func measure(_ name: String, iterations: Int, _ body: () -> Int) {
    let environment = ProcessInfo.processInfo.environment
    if let filter = environment["FEIGE_BENCH_FILTER"], !name.contains(filter) { return }
    let iterations = environment["FEIGE_BENCH_ITERATIONS"].flatMap(Int.init) ?? iterations
    let clock = ContinuousClock()
    var checksum = 0
    let elapsed = clock.measure {
        for _ in 0..<iterations {
            checksum &+= body()
        }
    }
    let seconds = Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18
    let rate = Int(Double(iterations) / seconds)
    print("\(name): \(rate) msg/s (checksum \(checksum))")
}
