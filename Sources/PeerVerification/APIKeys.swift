import Crypto
import Foundation
import PeerRules

/// Employers' API keys: random, shown once, kept only as a SHA-256 digest.
public enum APIKey {
    /// A new key: `pck_` and 64 hex digits (256 random bits from the system's generator).
    public static func generate() -> String {
        var generator = SystemRandomNumberGenerator()
        let bytes = (0..<32).map { _ in UInt8.random(in: .min ... .max, using: &generator) }
        return "pck_" + PeerRules.SHA256.hexString(bytes)
    }

    /// The digest stored for (and looked up by) a key.
    public static func digestHex(_ key: String) -> String {
        PeerRules.SHA256.hexString(Crypto.SHA256.hash(data: Data(key.utf8)))
    }
}
