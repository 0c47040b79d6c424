/// A random number generator that a seed re-creates: the simulator and the fault injector draw from one,
/// so a test (or a tester reproducing a run) gets the same outcomes from the same seed.
///
/// The gateway seeds one per link from the system generator in production; tests pass a fixed seed.
///
/// ## Related types
/// ``SplitMix64``, ``SimulatedNetwork``, ``FaultInjector``.
public protocol SeedableRandomNumberGenerator: RandomNumberGenerator {
    /// A generator whose sequence is fully determined by `seed`.
    init(seed: UInt64)
}

/// SplitMix64 (Steele, Lea and Flood, "Fast splittable pseudorandom number generators", 2014): one
/// 64-bit word of state, one addition and three xor-shift-multiplies per draw.
///
/// Statistically good enough for simulation and fault injection, and cheap; **not** for anything
/// security-related.
public struct SplitMix64: SeedableRandomNumberGenerator, Hashable, Sendable {
    private var state: UInt64

    public init(seed: UInt64) {
        self.state = seed
    }

    /// A generator seeded from the system's random source.
    public init() {
        var system = SystemRandomNumberGenerator()
        self.state = system.next()
    }

    public mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}
