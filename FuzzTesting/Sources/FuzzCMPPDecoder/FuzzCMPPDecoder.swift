import CMPPCore
import NIOCore

/// libFuzzer entry point: runs the CMPP frame decoder over the input as a stream, then every message
/// decoder on the input as a body. Any crash, hang or sanitizer report is a bug: bad input must only ever
/// produce a `CMPPError`. A message that decodes is encoded again and must decode to itself.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzCMPPDecoder(_ start: UnsafeRawPointer, _ count: Int) -> CInt {
    let input = ByteBuffer(bytes: UnsafeRawBufferPointer(start: start, count: count))

    var stream = input
    var decoder = CMPPFrameDecoder()
    while stream.readableBytes > 0 {
        do {
            guard let frame = try decoder.decode(buffer: &stream) else { break }
            checkRoundTrip(frame)
        } catch let error as CMPPError {
            // Framing errors cannot be resynchronised; body errors leave the stream at the next frame.
            if error.code == .frameTooShort || error.code == .frameTooLong { break }
        } catch {
            fatalError("not a CMPPError: \(error)")
        }
    }

    for command in CMPPMessage.CommandID.allCases {
        var body = input
        if let message = try? CMPPMessage.decode(commandID: command.rawValue, body: &body) {
            checkRoundTrip(CMPPFrame(sequenceID: 1, message: message))
        }
    }
    return 0
}

/// SwiftPM links executables with `main` aliased to `<Target>_main`, which `-parse-as-library` leaves
/// undefined; provide it and hand control to libFuzzer's driver, which then calls the entry point above.
@_cdecl("FuzzCMPPDecoder_main")
public func fuzzerMain(
    _ argc: CInt,
    _ argv: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>
) -> CInt {
    var argc = argc
    var argv = Optional(argv)
    return LLVMFuzzerRunDriver(&argc, &argv) { data, size in
        fuzzCMPPDecoder(UnsafeRawPointer(data!), size)
    }
}

@_silgen_name("LLVMFuzzerRunDriver")
func LLVMFuzzerRunDriver(
    _ argc: UnsafeMutablePointer<CInt>,
    _ argv: UnsafeMutablePointer<UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?>,
    _ callback: @convention(c) (UnsafePointer<UInt8>?, Int) -> CInt
) -> CInt

private func checkRoundTrip(_ frame: CMPPFrame) {
    switch frame.message {
    case .submit(let submit):
        _ = try? submit.text()
        _ = try? submit.concatenation()
    case .deliver(let deliver):
        _ = try? deliver.text()
        _ = try? deliver.concatenation()
    case .forward(let forward):
        _ = try? forward.text()
    default:
        break
    }
    var encoded = ByteBuffer()
    guard (try? encoded.writeCMPPFrame(frame)) != nil else { return }
    let decoded: CMPPFrame
    do {
        decoded = try CMPPFrame(decoding: encoded)
    } catch {
        fatalError("a frame we encoded does not decode: \(error)")
    }
    precondition(decoded == frame, "round trip changed \(frame.message.commandID.name)")
}
