/// The response that refuses a request a peer should not have sent us, or that we do not serve.
///
/// CMPP has no generic negative acknowledgement, but every request outside the session's own (CONNECT,
/// TERMINATE, ACTIVE_TEST) has a response with a result: a Result of 2 (命令字错, "command word error") where the
/// response has one, "no matching route" for the route queries, a failed update for the route updates,
/// Success_Id 1 for CANCEL and zero counts for QUERY. Answering keeps the peer's window moving and stops its
/// T/N resends, where silence would hold one of its W slots until it gives up.
extension CMPPMessage {
    /// The refusing response, or `nil` for the session's own requests and for responses.
    public var refusal: CMPPMessage? {
        switch self {
        case .submit:
            return .submitResponse(CMPPSubmitResponse(messageID: .zero, result: .commandError))
        case .deliver(let deliver):
            return .deliverResponse(CMPPDeliverResponse(messageID: deliver.messageID, result: .commandError))
        case .query(let query):
            return .queryResponse(
                CMPPQueryResponse(
                    time: query.time,
                    queryType: query.queryType,
                    queryCode: query.queryCode,
                    mtTotalMessages: 0,
                    mtTotalUsers: 0,
                    mtSucceeded: 0,
                    mtWaiting: 0,
                    mtFailed: 0,
                    moSucceeded: 0,
                    moWaiting: 0,
                    moFailed: 0
                )
            )
        case .cancel:
            return .cancelResponse(CMPPCancelResponse(successID: 1))
        case .forward(let forward):
            return .forwardResponse(
                CMPPForwardResponse(
                    messageID: forward.messageID,
                    pkTotal: forward.pkTotal,
                    pkNumber: forward.pkNumber,
                    result: .commandError
                )
            )
        case .mtRoute:
            return .mtRouteResponse(
                CMPPMTRouteResponse(gateway: Self.noGateway, startID: "", endID: "", areaCode: "", result: .noMatchingRoute)
            )
        case .moRoute:
            return .moRouteResponse(
                CMPPMORouteResponse(gateway: Self.noGateway, spID: "", startCode: 0, endCode: 0, result: .noMatchingRoute)
            )
        case .getRoute:
            return .getRouteResponse(
                CMPPGetRouteResponse(
                    gateway: Self.noGateway,
                    spCode: "",
                    serviceID: "",
                    startCode: 0,
                    endCode: 0,
                    areaCode: "",
                    result: .noMatchingRoute
                )
            )
        case .mtRouteUpdate:
            return .mtRouteUpdateResponse(CMPPRouteUpdateResponse(result: 1))
        case .moRouteUpdate:
            return .moRouteUpdateResponse(CMPPRouteUpdateResponse(result: 1))
        case .pushMTRouteUpdate:
            return .pushMTRouteUpdateResponse(CMPPRouteUpdateResponse(result: 1))
        case .pushMORouteUpdate:
            return .pushMORouteUpdateResponse(CMPPRouteUpdateResponse(result: 1))
        case .connect, .terminate, .activeTest, .connectResponse, .terminateResponse, .submitResponse,
            .deliverResponse, .queryResponse, .cancelResponse, .activeTestResponse, .forwardResponse,
            .mtRouteResponse, .moRouteResponse, .getRouteResponse, .mtRouteUpdateResponse, .moRouteUpdateResponse,
            .pushMTRouteUpdateResponse, .pushMORouteUpdateResponse:
            return nil
        }
    }

    /// The empty gateway of a route response that found no route.
    private static let noGateway = CMPPRouteGateway(routeID: 0, destinationID: "", gatewayIP: "", gatewayPort: 0)
}
