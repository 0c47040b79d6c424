import CMPPCore
import NIOCore

/// CMPP codec micro-benchmarks: encode + decode round trips on one core, reusing one `ByteBuffer`.
func runCMPPBenchmarks(iterations: Int) throws {
    let text = String(repeating: "飞鸽传书测试短信内容", count: 7)  // 70 characters: one full UCS2 SMS
    let submit = CMPPMessage.submit(
        CMPPSubmit(
            registeredDelivery: 1,
            serviceID: "TPCQ",
            feeUserType: 2,
            messageFormat: .ucs2,
            messageSource: "900001",
            feeType: "02",
            feeCode: "10",
            sourceID: "1065900001",
            destinationTerminalIDs: ["13500002696"],
            content: ByteBuffer(bytes: try CMPPMessageFormat.ucs2.encodeText(text))
        )
    )
    let report = CMPPMessage.deliver(
        CMPPDeliver(
            messageID: 0x7FD9_13C1_2D34_B9C9,
            destinationID: "1065900001",
            sourceTerminalID: "13500002696",
            content: .statusReport(
                CMPPStatusReport(
                    messageID: 0xB4C5_5300_0001_0000,
                    stat: .delivered,
                    submitTime: "2401311200",
                    doneTime: "2401311201",
                    destinationTerminalID: "13500002696",
                    smscSequence: 42
                )
            )
        )
    )
    try measureRoundTrips(name: "cmpp SUBMIT 70-char UCS2, 1 dest", message: submit, iterations: iterations)
    try measureRoundTrips(name: "cmpp DELIVER status report", message: report, iterations: iterations)
}

private func measureRoundTrips(name: String, message: CMPPMessage, iterations: Int) throws {
    var buffer = ByteBufferAllocator().buffer(capacity: 512)
    var decoder = CMPPFrameDecoder()
    var frame = CMPPFrame(sequenceID: 0, message: message)
    var checksum: UInt32 = 0
    var failure: (any Error)?
    let elapsed = ContinuousClock().measure {
        do {
            for index in 0..<iterations {
                frame.sequenceID = CMPPSequenceID(rawValue: UInt32(truncatingIfNeeded: index))
                buffer.clear()
                try buffer.writeCMPPFrame(frame)
                guard let decoded = try decoder.decode(buffer: &buffer) else { fatalError("incomplete frame") }
                checksum &+= decoded.sequenceID.rawValue
            }
        } catch {
            failure = error
        }
    }
    if let failure { throw failure }
    let seconds = Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18
    print("\(name) encode+decode: \(Int(Double(iterations) / seconds)) /s (checksum \(checksum))")
}
