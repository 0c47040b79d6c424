extension CMPPClient {
    /// How many long-connection links are logged in and taking requests now (`feige bench` waits for all K
    /// before it starts its clock).
    package var readyLinkCount: Int { pool.readyLinks }
}
