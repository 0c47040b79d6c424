/// CMPPCore: the CMPP 2.0 wire codec (China Mobile Peer to Peer, 2002-04).
///
/// Header, framing and every message of the spec — SP↔ISMG, ISMG↔ISMG (FWD) and ISMG↔GNS routing —
/// encoded to and decoded from `ByteBuffer`s. It knows nothing of sockets: `CMPPNIO` puts it on the wire.
public enum CMPPCore {}
