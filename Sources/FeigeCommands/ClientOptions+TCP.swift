import CMPPNIO
import Logging

extension ClientOptions {
    /// A client over TCP for these options.
    func makeClient(logger: Logger) throws -> CMPPClient {
        CMPPClient(configuration: try configuration(), logger: logger)
    }
}
