import CMPPCore
import Logging
import NIOCore
import SMSCodec

extension CMPPClient {
    // MARK: - SUBMIT

    /// Sends `text` to `destinations` and returns one outcome per part, in part order.
    ///
    /// The text is encoded as ``CMPPSubmitOptions/encoding`` says (by default ASCII, Msg_Fmt 0, when GSM 7-bit
    /// carries it, else UCS2, Msg_Fmt 8) and, when it does not fit one message, split into parts with a
    /// concatenation header, TP_udhi = 1 and Pk_total/Pk_number set (fact sheet §9.4), sent in order. Each
    /// part is one CMPP_SUBMIT (§7.4.3.1); a part the ISMG refuses with Result 8 (flow control) is sent again
    /// after a back-off (``Configuration/flowControlRetry``).
    ///
    /// - Returns: each part's Msg_Id and Result. A non-zero Result is returned, not thrown.
    /// - Throws: ``CMPPClientError``: ``CMPPClientError/Code/invalidMessage`` when the text cannot be encoded
    ///   or a field does not fit, and the transport failures (no link, link lost, no response). When a later
    ///   part fails so, the earlier parts may have been accepted.
    public func submit(
        _ text: String,
        to destinations: [String],
        options: CMPPSubmitOptions = CMPPSubmitOptions()
    ) async throws -> [CMPPSubmitOutcome] {
        try await submitParts(to: destinations, options: options) { reference, template throws(CMPPError) in
            try CMPPSubmit.parts(of: text, encoding: options.encoding, reference: reference, template: template)
        }
    }

    /// Sends binary `data` (Msg_Fmt 4) to `destinations`, split into parts of 140 octets (134 after a
    /// concatenation header) when it is longer; ``CMPPSubmitOptions/encoding`` is not used.
    public func submit(
        data: [UInt8],
        to destinations: [String],
        options: CMPPSubmitOptions = CMPPSubmitOptions()
    ) async throws -> [CMPPSubmitOutcome] {
        try await submitParts(to: destinations, options: options) { reference, template throws(CMPPError) in
            try CMPPSubmit.parts(ofData: data, reference: reference, template: template)
        }
    }

    /// Sends one CMPP_SUBMIT as given (§7.4.3.1) and returns its SUBMIT_RESP (§7.4.3.2), after the client's
    /// retries of Result 8. The caller sets every field, Msg_src and Pk_total/Pk_number included.
    public func submit(_ submit: CMPPSubmit) async throws -> CMPPSubmitResponse {
        let reference = (try? submit.concatenation())??.reference ?? 0
        return try await send(submit, reference: reference)
    }

    /// Checks the destinations, splits with `makeParts` (given a fresh concatenation reference and the
    /// options' template) and sends the parts in order.
    private func submitParts(
        to destinations: [String],
        options: CMPPSubmitOptions,
        _ makeParts: (UInt16, CMPPSubmit) throws(CMPPError) -> [CMPPSubmit]
    ) async throws -> [CMPPSubmitOutcome] {
        try validate(destinations)
        let reference = nextReference()
        let template = options.template(spID: configuration.credentials.spID, destinations: destinations)
        let parts: [CMPPSubmit]
        do {
            parts = try makeParts(reference, template)
        } catch {
            throw CMPPClientError.invalidMessage(error.reason, underlying: error)
        }
        return try await submit(parts: parts, reference: reference)
    }

    private func submit(parts: [CMPPSubmit], reference: UInt16) async throws -> [CMPPSubmitOutcome] {
        var outcomes: [CMPPSubmitOutcome] = []
        outcomes.reserveCapacity(parts.count)
        for part in parts {
            let response = try await send(part, reference: reference)
            outcomes.append(
                CMPPSubmitOutcome(
                    messageID: response.messageID,
                    result: response.result,
                    partNumber: Int(part.pkNumber),
                    partTotal: Int(part.pkTotal),
                    reference: reference
                )
            )
        }
        return outcomes
    }

    /// One SUBMIT with the flow-control retries; an accepted one that asked for a report is remembered, so the
    /// report can be matched to it — and while it awaits its response, a report that matches nothing is held
    /// back briefly, since it may be this part's, overtaking the response (``CMPPEarlyReports``).
    /// A SUBMIT whose fields do not encode fails as ``CMPPClientError/Code/invalidMessage`` from the link's one
    /// encode (``perform(_:)``), before it is sent.
    private func send(_ submit: CMPPSubmit, reference: UInt16) async throws -> CMPPSubmitResponse {
        guard submit.registeredDelivery != 0 else { return try await sendWithRetries(submit) }
        router.awaitingResponse()
        let response: CMPPSubmitResponse
        do {
            response = try await sendWithRetries(submit)
        } catch {
            router.responseTaken(nil)
            throw error
        }
        router.responseTaken(
            response.result == .success
                ? CMPPSubmittedPart(
                    messageID: response.messageID,
                    reference: reference,
                    partNumber: Int(submit.pkNumber),
                    partTotal: Int(submit.pkTotal),
                    destinations: submit.destinationTerminalIDs
                ) : nil
        )
        return response
    }

    /// One SUBMIT, resent after Result 8 (flow control) with back-off up to the configured retries.
    private func sendWithRetries(_ submit: CMPPSubmit) async throws -> CMPPSubmitResponse {
        var retries = 0
        while true {
            let response = try await perform(.submit(submit))
            guard case .submitResponse(let submitResponse) = response else {
                throw CMPPClientError.unexpectedResponse(.submit, got: response.commandID)
            }
            if submitResponse.result == .flowControlError, retries < configuration.flowControlRetry.maximumRetries,
                !pool.isShuttingDown
            {
                retries += 1
                let delay = configuration.flowControlRetry.backoff.delay(attempt: retries)
                logger.debug(
                    "SUBMIT refused by flow control; retrying",
                    metadata: [CMPPLogKey.attempt.rawValue: "\(retries)", "cmpp.retry.delay": "\(delay)"]
                )
                try await clock.sleep(delay)
                continue
            }
            logger.trace(
                "SUBMIT answered",
                metadata: [
                    CMPPLogKey.messageID.rawValue: "\(submitResponse.messageID)",
                    CMPPLogKey.result.rawValue: "\(submitResponse.result.rawValue)",
                ]
            )
            return submitResponse
        }
    }

    private func validate(_ destinations: [String]) throws(CMPPClientError) {
        guard !destinations.isEmpty else { throw CMPPClientError.invalidMessage("no destination") }
        guard destinations.count <= CMPPDefaults.maximumDestinations else {
            throw CMPPClientError.invalidMessage("more than \(CMPPDefaults.maximumDestinations) destinations")
        }
    }

    // MARK: - QUERY and CANCEL

    /// Asks the ISMG for its statistics of one day (CMPP_QUERY, §7.4.4): in all when `serviceID` is `nil`
    /// (Query_Type 0), else for that Service_Id (Query_Type 1).
    ///
    /// - Parameter time: the day, `YYYYMMDD`.
    public func query(time: String, serviceID: String? = nil) async throws -> CMPPQueryResponse {
        try await query(CMPPQuery(time: time, queryType: serviceID == nil ? 0 : 1, queryCode: serviceID ?? ""))
    }

    /// Sends a CMPP_QUERY as given (§7.4.4.1) and returns its response.
    public func query(_ query: CMPPQuery) async throws -> CMPPQueryResponse {
        let response = try await perform(.query(query))
        guard case .queryResponse(let queryResponse) = response else {
            throw CMPPClientError.unexpectedResponse(.query, got: response.commandID)
        }
        return queryResponse
    }

    /// Asks the ISMG to delete a submitted message not yet delivered (CMPP_CANCEL, §7.4.6);
    /// ``CMPPCancelResponse/succeeded`` says whether it did.
    public func cancel(_ messageID: CMPPMessageID) async throws -> CMPPCancelResponse {
        let response = try await perform(.cancel(CMPPCancel(messageID: messageID)))
        guard case .cancelResponse(let cancelResponse) = response else {
            throw CMPPClientError.unexpectedResponse(.cancel, got: response.commandID)
        }
        return cancelResponse
    }
}
